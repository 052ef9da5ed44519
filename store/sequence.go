package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// NextSequence atomically increments and returns the counter named name.
// Issue codes are built from it, so two callers never get the same number.
func (s *Store) NextSequence(ctx context.Context, name string) (int64, error) {
	var doc struct {
		N int64 `bson:"n"`
	}
	err := s.c(colSequences).FindOneAndUpdate(ctx,
		bson.M{"_id": name},
		bson.M{"$inc": bson.M{"n": int64(1)}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After),
	).Decode(&doc)
	if err != nil {
		return 0, mapErr(err, "sequence "+name)
	}
	return doc.N, nil
}
