package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// NextSequence atomically increments and returns the counter named name.
// Issue codes are built from it, so two callers never get the same number.
func (s *Store) NextSequence(ctx context.Context, name string) (int64, error) {
	return s.ReserveSequence(ctx, name, 1)
}

// ReserveSequence atomically advances the counter named name by n and
// returns its new value: the numbers last-n+1 .. last are the caller's.
func (s *Store) ReserveSequence(ctx context.Context, name string, n int64) (int64, error) {
	var doc struct {
		N int64 `bson:"n"`
	}
	err := s.c(colSequences).FindOneAndUpdate(ctx,
		bson.M{"_id": name},
		bson.M{"$inc": bson.M{"n": n}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After),
	).Decode(&doc)
	if err != nil {
		return 0, mapErr(err, "sequence "+name)
	}
	return doc.N, nil
}
