package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

// The open_issues collection mirrors the issues that are still open. The
// lists people use most — a department's work queue, overdue issues —
// ask for open issues only, and on the embedded database every query reads
// its whole collection: reading a few hundred open issues instead of every
// issue ever filed keeps those lists fast as the years add up.

// SyncOpenIssue brings the mirror up to date with iss: a copy while it is
// open, nothing once it is not. The service calls it after every change.
func (s *Store) SyncOpenIssue(ctx context.Context, iss *models.Issue) error {
	if !iss.Open() {
		_, err := s.c(colOpenIssues).DeleteOne(ctx, bson.M{"_id": iss.ID})
		return mapErr(err, "open issues")
	}
	doc := *iss
	doc.PendingEvents = nil
	doc.SupporterKeys = nil
	_, err := s.c(colOpenIssues).ReplaceOne(ctx, bson.M{"_id": iss.ID}, &doc, options.Replace().SetUpsert(true))
	return mapErr(err, "open issues")
}

// ClearOpenIssues empties the mirror before it is rebuilt.
func (s *Store) ClearOpenIssues(ctx context.Context) error {
	_, err := s.c(colOpenIssues).DeleteMany(ctx, bson.M{})
	return mapErr(err, "open issues")
}

// listCollection is where a filter can be answered: the open-issues mirror
// when it asks for open statuses only.
func listCollection(f models.IssueFilter) string {
	if len(f.Statuses) == 0 {
		return colIssues
	}
	for _, st := range f.Statuses {
		if !st.Open() {
			return colIssues
		}
	}
	return colOpenIssues
}
