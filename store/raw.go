package store

import (
	"context"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// RawInsert and RawTouch are the benchmark's yardsticks: the database
// operation under a civicdesk operation, done directly, so the figures can
// say how much civicdesk adds.

// RawInsert inserts a document of an issue's typical size into col.
func (s *Store) RawInsert(ctx context.Context, col, id string) error {
	_, err := s.c(col).InsertOne(ctx, bson.M{"_id": id, "title": "Đèn đường hỏng ở kiệt 12 Kim Long", "description": strings.Repeat("Đèn tắt cả tuần. ", 20)})
	return mapErr(err, "raw insert")
}

// RawTouch reads an issue by _id and writes it back unchanged.
func (s *Store) RawTouch(ctx context.Context, id string) error {
	var doc bson.Raw
	if err := s.c(colIssues).FindOne(ctx, bson.M{"_id": id}).Decode(&doc); err != nil {
		return mapErr(err, "issue "+id)
	}
	_, err := s.c(colIssues).ReplaceOne(ctx, bson.M{"_id": id}, doc)
	return mapErr(err, "issue "+id)
}
