package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// findOne decodes the first document matching q into a new T.
func findOne[T any](ctx context.Context, s *Store, col string, q bson.M, what string) (*T, error) {
	var v T
	if err := s.c(col).FindOne(ctx, q).Decode(&v); err != nil {
		return nil, mapErr(err, what)
	}
	return &v, nil
}

// findAll decodes every document matching q, in sort order.
func findAll[T any](ctx context.Context, s *Store, col string, q bson.M, sort bson.D, limit int64, what string) ([]T, error) {
	opts := options.Find()
	if sort != nil {
		opts.SetSort(sort)
	}
	if limit > 0 {
		opts.SetLimit(limit)
	}
	cur, err := s.c(col).Find(ctx, q, opts)
	if err != nil {
		return nil, mapErr(err, what)
	}
	out := []T{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, mapErr(err, what)
	}
	return out, nil
}

func insertOne(ctx context.Context, s *Store, col string, doc any, what string) error {
	_, err := s.c(col).InsertOne(ctx, doc)
	return mapErr(err, what)
}

// replaceOne replaces the document with _id id; a missing one is not found.
func replaceOne(ctx context.Context, s *Store, col, id string, doc any, what string) error {
	res, err := s.c(col).ReplaceOne(ctx, bson.M{"_id": id}, doc)
	if err != nil {
		return mapErr(err, what)
	}
	if res.MatchedCount == 0 {
		return mapErr(errNoDocuments, what)
	}
	return nil
}
