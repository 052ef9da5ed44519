package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// SaveIdempotent writes the answer for a key over its reservation (or
// creates it): the reservation of an issue code is written before the
// issue, the answer after it (#10). The record is read by _id only.
func (s *Store) SaveIdempotent(ctx context.Context, r *models.IdempotentResponse) error {
	_, err := s.c(colIdempotency).ReplaceOne(ctx, bson.M{"_id": r.ID}, r, upsertReplace())
	return mapErr(err, "idempotency key")
}
