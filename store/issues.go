package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

// InsertIssue stores a new issue with its first events, which stay
// pending in the issue document until its next change copies them to the
// timeline chunks (readers merge both). A code that exists already is a
// conflict.
func (s *Store) InsertIssue(ctx context.Context, iss *models.Issue) error {
	iss.PendingEvents = iss.Timeline
	_, err := s.c(colIssues).InsertOne(ctx, iss)
	return mapErr(err, "issue "+iss.Code)
}

// GetIssue loads an issue by id (its code) with its whole timeline.
func (s *Store) GetIssue(ctx context.Context, id string) (*models.Issue, error) {
	return s.getIssue(ctx, bson.M{"_id": id}, "issue", true)
}

// GetIssueHead loads an issue by id without its timeline, for a change:
// events the change adds go in Timeline, numbered after EventCount.
func (s *Store) GetIssueHead(ctx context.Context, id string) (*models.Issue, error) {
	return s.getIssue(ctx, bson.M{"_id": id}, "issue", false)
}

func (s *Store) getIssue(ctx context.Context, q bson.M, what string, timeline bool) (*models.Issue, error) {
	var iss models.Issue
	if err := s.c(colIssues).FindOne(ctx, q).Decode(&iss); err != nil {
		return nil, mapErr(err, what)
	}
	if timeline {
		if err := s.loadTimeline(ctx, &iss); err != nil {
			return nil, err
		}
	}
	return &iss, nil
}

// ReplaceIssue writes a changed issue if the stored version is still
// expected; the caller has already advanced iss.Version. iss is a head
// (GetIssueHead): its PendingEvents are the previous change's events and
// its Timeline the new ones. Each change copies the previous change's
// events to the timeline chunks and keeps its own pending in the issue, so
// every event is written to a chunk once and none is lost in a crash. When someone else wrote first it returns a
// conflict and writes nothing to the issue: this is the optimistic
// concurrency every issue change goes through.
func (s *Store) ReplaceIssue(ctx context.Context, iss *models.Issue, expected int64) error {
	// The previous change's events must be safe before they leave the
	// issue document; saving them again is harmless.
	if err := s.saveEvents(ctx, iss.ID, iss.PendingEvents); err != nil {
		return err
	}
	prev := iss.PendingEvents
	iss.PendingEvents = iss.Timeline
	ok, err := s.replaceIfVersion(ctx, colIssues, iss.ID, expected, iss)
	if err != nil {
		iss.PendingEvents = prev
		return mapErr(err, "issue "+iss.Code)
	}
	if !ok {
		iss.PendingEvents = prev
		return &models.Error{Code: models.EConflict, Message: "issue " + iss.Code + " was changed by someone else; reload it and try again"}
	}
	return nil
}

// listCursor is what a page cursor encodes: the sort value and id of the
// last issue on the page.
type listCursor struct {
	T  time.Time `json:"t"`
	ID string    `json:"id"`
}

func sortField(s models.IssueSort) string {
	switch s {
	case models.SortUpdated:
		return "updated_at"
	case models.SortDeadline:
		return "due_sort"
	}
	return "created_at"
}

func sortValue(iss *models.Issue, s models.IssueSort) time.Time {
	switch s {
	case models.SortUpdated:
		return iss.UpdatedAt
	case models.SortDeadline:
		return iss.DueSort
	}
	return iss.CreatedAt
}

// DecodeCursor checks a cursor from a client.
func DecodeCursor(c string) (listCursor, error) {
	var lc listCursor
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		err = json.Unmarshal(b, &lc)
	}
	if err != nil || lc.ID == "" {
		return lc, models.Invalidf("cursor", "the page cursor is not valid; start again from the first page")
	}
	return lc, nil
}

func encodeCursor(lc listCursor) string {
	b, _ := json.Marshal(lc)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ListIssues returns one page of issues matching f, in f's order.
func (s *Store) ListIssues(ctx context.Context, f models.IssueFilter) (models.IssuePage, error) {
	q, err := issueQuery(f)
	if err != nil {
		return models.IssuePage{}, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = models.DefaultPageSize
	}
	field := sortField(f.Sort)
	dir := 1
	if f.Desc {
		dir = -1
	}
	opts := options.Find().SetSort(bson.D{{Key: field, Value: dir}, {Key: "_id", Value: dir}}).SetLimit(int64(limit + 1))
	opts.SetProjection(bson.M{"pending_events": 0, "supporter_keys": 0})
	cur, err := s.c(listCollection(f)).Find(ctx, q, opts)
	if err != nil {
		return models.IssuePage{}, mapErr(err, "issues")
	}
	var out []models.Issue
	if err := cur.All(ctx, &out); err != nil {
		return models.IssuePage{}, mapErr(err, "issues")
	}
	page := models.IssuePage{Issues: out}
	if len(out) > limit {
		page.Issues = out[:limit]
		last := &page.Issues[limit-1]
		page.NextCursor = encodeCursor(listCursor{T: sortValue(last, f.Sort), ID: last.ID})
	}
	if page.Issues == nil {
		page.Issues = []models.Issue{}
	}
	return page, nil
}

// CountIssues counts issues matching f (its cursor and limit are ignored).
func (s *Store) CountIssues(ctx context.Context, f models.IssueFilter) (int64, error) {
	f.Cursor = ""
	q, err := issueQuery(f)
	if err != nil {
		return 0, err
	}
	n, err := s.c(listCollection(f)).CountDocuments(ctx, q)
	return n, mapErr(err, "issues")
}

// issueQuery builds the MongoDB filter. Every value goes in as a typed
// value, never as a document from the client, so operator injection such as
// {"$gt": ""} cannot reach the query.
func issueQuery(f models.IssueFilter) (bson.D, error) {
	var and bson.A
	add := func(d bson.M) { and = append(and, d) }
	if len(f.Statuses) > 0 {
		ss := make(bson.A, len(f.Statuses))
		for i, st := range f.Statuses {
			ss[i] = string(st)
		}
		add(bson.M{"status": bson.M{"$in": ss}})
	}
	if len(f.Categories) > 0 {
		add(bson.M{"category": bson.M{"$in": f.Categories}})
	}
	if len(f.Departments) > 0 {
		add(bson.M{"routing.department": bson.M{"$in": f.Departments}})
	}
	if f.Level != "" {
		add(bson.M{"routing.level": string(f.Level)})
	}
	if len(f.Wards) > 0 {
		add(bson.M{"location.ward": bson.M{"$in": f.Wards}})
	}
	if f.Overdue != nil {
		if *f.Overdue {
			add(bson.M{"$or": bson.A{bson.M{"sla.response_overdue": true}, bson.M{"sla.resolution_overdue": true}}})
		} else {
			add(bson.M{"sla.response_overdue": bson.M{"$ne": true}, "sla.resolution_overdue": bson.M{"$ne": true}})
		}
	}
	if f.CreatedFrom != nil {
		add(bson.M{"created_at": bson.M{"$gte": *f.CreatedFrom}})
	}
	if f.CreatedTo != nil {
		add(bson.M{"created_at": bson.M{"$lt": *f.CreatedTo}})
	}
	if f.Text != "" {
		add(bson.M{"search_text": bson.M{"$regex": regexp.QuoteMeta(models.Fold(f.Text))}})
	}
	if f.ResidentID != "" {
		add(bson.M{"reporter.resident_id": f.ResidentID})
	}
	if f.OrganisationID != "" {
		add(bson.M{"reporter.organisation_id": f.OrganisationID})
	}
	if len(f.Codes) > 0 {
		add(bson.M{"code": bson.M{"$in": f.Codes}})
	}
	if f.ScopeDepartment != "" {
		add(bson.M{"$or": bson.A{bson.M{"routing.department": f.ScopeDepartment}, bson.M{"routing.co_handling": f.ScopeDepartment}}})
	}
	if f.ScopeWard != "" {
		add(bson.M{"location.ward": f.ScopeWard})
	}
	if f.Cursor != "" {
		lc, err := DecodeCursor(f.Cursor)
		if err != nil {
			return nil, err
		}
		op := "$gt"
		if f.Desc {
			op = "$lt"
		}
		field := sortField(f.Sort)
		add(bson.M{"$or": bson.A{
			bson.M{field: bson.M{op: lc.T}},
			bson.M{field: lc.T, "_id": bson.M{op: lc.ID}},
		}})
	}
	if len(and) == 0 {
		return bson.D{}, nil
	}
	return bson.D{{Key: "$and", Value: and}}, nil
}
