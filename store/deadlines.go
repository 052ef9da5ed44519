package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

// DueDeadlines lists open issues whose next deadline has passed at now,
// oldest first. Each issue stores its next deadline (next_due), so the
// sweeper reads an index, never the issues collection.
func (s *Store) DueDeadlines(ctx context.Context, now time.Time, limit int) ([]models.Deadline, error) {
	if s.rm != nil {
		return s.rm.due(ctx, now, limit)
	}
	cur, err := s.c(colIssues).Find(ctx, bson.M{"next_due": bson.M{"$lte": now}},
		options.Find().SetSort(bson.D{{Key: "next_due", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)).
			SetProjection(bson.M{"_id": 1, "code": 1, "next_due": 1}))
	if err != nil {
		return nil, mapErr(err, "deadlines")
	}
	var docs []struct {
		ID      string    `bson:"_id"`
		Code    string    `bson:"code"`
		NextDue time.Time `bson:"next_due"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "deadlines")
	}
	out := make([]models.Deadline, len(docs))
	for i, d := range docs {
		out[i] = models.Deadline{IssueID: d.ID, Code: d.Code, NextDue: d.NextDue}
	}
	return out, nil
}
