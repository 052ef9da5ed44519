package store

import (
	"context"
	"fmt"
	"sort"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

// eventDoc is one timeline event in the events collection. Its id is the
// issue id and sequence number, so copying an event twice is harmless.
type eventDoc struct {
	ID           string `bson:"_id"`
	IssueID      string `bson:"issue_id"`
	models.Event `bson:",inline"`
}

func eventID(issueID string, seq int) string { return fmt.Sprintf("%s:%06d", issueID, seq) }

// saveEvents copies events to the events collection (idempotent upserts).
func (s *Store) saveEvents(ctx context.Context, issueID string, events []models.Event) error {
	for _, e := range events {
		d := eventDoc{ID: eventID(issueID, e.Seq), IssueID: issueID, Event: e}
		if _, err := s.c(colEvents).ReplaceOne(ctx, bson.M{"_id": d.ID}, d, options.Replace().SetUpsert(true)); err != nil {
			return mapErr(err, "timeline")
		}
	}
	return nil
}

// loadTimeline returns the committed events of an issue in order: those in
// the events collection up to the issue's event count, plus the pending
// events of its latest change.
func (s *Store) loadTimeline(ctx context.Context, iss *models.Issue) error {
	docs, err := findAll[eventDoc](ctx, s, colEvents, bson.M{"issue_id": iss.ID}, bson.D{{Key: "seq", Value: 1}}, 0, "timeline")
	if err != nil {
		return err
	}
	bySeq := map[int]models.Event{}
	for _, d := range docs {
		if d.Seq <= iss.EventCount {
			bySeq[d.Seq] = d.Event
		}
	}
	for _, e := range iss.PendingEvents {
		bySeq[e.Seq] = e
	}
	iss.Timeline = make([]models.Event, 0, len(bySeq))
	for _, e := range bySeq {
		iss.Timeline = append(iss.Timeline, e)
	}
	sort.Slice(iss.Timeline, func(i, j int) bool { return iss.Timeline[i].Seq < iss.Timeline[j].Seq })
	return nil
}
