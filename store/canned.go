package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// colCanned holds each department's canned replies in one document whose
// _id is the department code (issue #8): reads are by _id only.
const colCanned = "canned_replies"

// PutCannedReplies stores a department's canned replies, replacing them.
func (s *Store) PutCannedReplies(ctx context.Context, c *models.CannedReplies) error {
	_, err := s.c(colCanned).ReplaceOne(ctx, bson.M{"_id": c.Department}, c, upsertReplace())
	return mapErr(err, "canned replies")
}

// GetCannedReplies loads a department's canned replies (not found when
// none were saved).
func (s *Store) GetCannedReplies(ctx context.Context, department string) (*models.CannedReplies, error) {
	return findOne[models.CannedReplies](ctx, s, colCanned, bson.M{"_id": department}, "canned replies")
}
