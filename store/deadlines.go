package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

// SetDeadline records when the issue's next deadline passes.
func (s *Store) SetDeadline(ctx context.Context, d models.Deadline) error {
	_, err := s.c(colDeadlines).ReplaceOne(ctx, bson.M{"_id": d.IssueID}, d, options.Replace().SetUpsert(true))
	return mapErr(err, "deadline")
}

// DeleteDeadline forgets the issue's deadline (resolved, paused, closed).
func (s *Store) DeleteDeadline(ctx context.Context, issueID string) error {
	_, err := s.c(colDeadlines).DeleteOne(ctx, bson.M{"_id": issueID})
	return mapErr(err, "deadline")
}

// DueDeadlines lists deadlines that have passed at now, oldest first.
func (s *Store) DueDeadlines(ctx context.Context, now time.Time, limit int) ([]models.Deadline, error) {
	cur, err := s.c(colDeadlines).Find(ctx, bson.M{"next_due": bson.M{"$lte": now}},
		options.Find().SetSort(bson.D{{Key: "next_due", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, mapErr(err, "deadlines")
	}
	var out []models.Deadline
	if err := cur.All(ctx, &out); err != nil {
		return nil, mapErr(err, "deadlines")
	}
	return out, nil
}

// OpenIssueIDs lists the ids of all open issues; used to rebuild deadlines.
func (s *Store) OpenIssueIDs(ctx context.Context) ([]string, error) {
	var open bson.A
	for _, st := range models.AllStatuses {
		if st.Open() {
			open = append(open, string(st))
		}
	}
	cur, err := s.c(colIssues).Find(ctx, bson.M{"status": bson.M{"$in": open}}, options.Find().SetProjection(bson.M{"_id": 1}))
	if err != nil {
		return nil, mapErr(err, "issues")
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err, "issues")
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids, nil
}
