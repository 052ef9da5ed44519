package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// Monitors' flags (issue #8): one document per issue (_id = issue id) and
// one index of open flags (_id = "open"); every read is by _id. The
// service serializes writes.
const (
	colIssueFlags = "issue_flags"
	colFlagIndex  = "flag_index"
	openFlagsID   = "open"
)

// GetIssueFlags loads an issue's flags (not found when it has none).
func (s *Store) GetIssueFlags(ctx context.Context, issueID string) (*models.IssueFlags, error) {
	return findOne[models.IssueFlags](ctx, s, colIssueFlags, bson.M{"_id": issueID}, "flags")
}

// PutIssueFlags stores an issue's flags.
func (s *Store) PutIssueFlags(ctx context.Context, f *models.IssueFlags) error {
	_, err := s.c(colIssueFlags).ReplaceOne(ctx, bson.M{"_id": f.IssueID}, f, upsertReplace())
	return mapErr(err, "flags")
}

// GetOpenFlags loads the index of open flags (empty when none).
func (s *Store) GetOpenFlags(ctx context.Context) (*models.OpenFlags, error) {
	o, err := findOne[models.OpenFlags](ctx, s, colFlagIndex, bson.M{"_id": openFlagsID}, "open flags")
	if models.ErrorCodeOf(err) == models.ENotFound {
		return &models.OpenFlags{ID: openFlagsID}, nil
	}
	return o, err
}

// PutOpenFlags stores the index of open flags.
func (s *Store) PutOpenFlags(ctx context.Context, o *models.OpenFlags) error {
	o.ID = openFlagsID
	_, err := s.c(colFlagIndex).ReplaceOne(ctx, bson.M{"_id": openFlagsID}, o, upsertReplace())
	return mapErr(err, "open flags")
}
