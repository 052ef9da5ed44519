package store

import (
	"context"
	"fmt"
	"sort"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

// Timelines are kept in chunks of eventsPerChunk events, one document per
// chunk with the id "<issue id>:<chunk number>". Reading a timeline is then
// a few lookups by _id — the only lookups the embedded database answers
// without reading a whole collection — and appending rewrites one small
// chunk, never the issue document.
const eventsPerChunk = 50

func chunkID(issueID string, seq int) string {
	return fmt.Sprintf("%s:%04d", issueID, (seq-1)/eventsPerChunk)
}

// eventKey names an event inside its chunk; sequence numbers as keys make
// writing an event twice harmless.
func eventKey(seq int) string { return fmt.Sprintf("e%06d", seq) }

type eventChunk struct {
	ID      string                  `bson:"_id"`
	IssueID string                  `bson:"issue_id"`
	Events  map[string]models.Event `bson:"events"`
}

// saveEvents writes events into their chunks (idempotent).
func (s *Store) saveEvents(ctx context.Context, issueID string, events []models.Event) error {
	byChunk := map[string]bson.M{}
	for _, e := range events {
		id := chunkID(issueID, e.Seq)
		if byChunk[id] == nil {
			byChunk[id] = bson.M{"issue_id": issueID}
		}
		byChunk[id]["events."+eventKey(e.Seq)] = e
	}
	for id, set := range byChunk {
		_, err := s.c(colEvents).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": set}, options.UpdateOne().SetUpsert(true))
		if err != nil {
			return mapErr(err, "timeline")
		}
	}
	return nil
}

// loadTimeline returns the committed events of an issue in order: those in
// its chunks up to the issue's event count, plus the pending events of its
// latest change.
func (s *Store) loadTimeline(ctx context.Context, iss *models.Issue) error {
	bySeq := map[int]models.Event{}
	for seq := 1; seq <= iss.EventCount; seq += eventsPerChunk {
		var ch eventChunk
		err := s.c(colEvents).FindOne(ctx, bson.M{"_id": chunkID(iss.ID, seq)}).Decode(&ch)
		if err != nil {
			if models.ErrorCodeOf(mapErr(err, "timeline")) == models.ENotFound {
				continue // not copied yet: its events are still pending
			}
			return mapErr(err, "timeline")
		}
		for _, e := range ch.Events {
			if e.Seq <= iss.EventCount {
				bySeq[e.Seq] = e
			}
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
