package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// colSupportMutes lists the residents who said "me too" on an issue and
// then asked to hear no more about it (#7). The _id is the issue and the
// resident, so the check made for every update is a lookup by _id.
const colSupportMutes = "support_mutes"

func muteID(issueID, residentID string) string { return issueID + "|" + residentID }

// MuteSupport records that a supporter wants no more updates on an issue.
func (s *Store) MuteSupport(ctx context.Context, issueID, residentID string, at time.Time) error {
	id := muteID(issueID, residentID)
	doc := bson.M{"_id": id, "issue_id": issueID, "resident_id": residentID, "at": at}
	_, err := s.c(colSupportMutes).ReplaceOne(ctx, bson.M{"_id": id}, doc, upsertReplace())
	return mapErr(err, "support mute")
}

// SupportMuted reports whether a supporter asked for no more updates.
func (s *Store) SupportMuted(ctx context.Context, issueID, residentID string) (bool, error) {
	_, err := findOne[bson.M](ctx, s, colSupportMutes, bson.M{"_id": muteID(issueID, residentID)}, "support mute")
	if models.ErrorCodeOf(err) == models.ENotFound {
		return false, nil
	}
	return err == nil, err
}
