package store

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"slices"
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
	setNextDue(iss)
	return s.writeIssue(ctx, iss, nil, func() error {
		_, err := s.c(colIssues).InsertOne(ctx, iss)
		return mapErr(err, "issue "+iss.Code)
	})
}

// InsertIssues stores many new issues at once: the bulk path of imports
// and benchmarks. Each issue is as InsertIssue would store it.
func (s *Store) InsertIssues(ctx context.Context, issues []*models.Issue) error {
	if len(issues) == 0 {
		return nil
	}
	docs := make([]any, len(issues))
	for i, iss := range issues {
		iss.PendingEvents = iss.Timeline
		setNextDue(iss)
		docs[i] = iss
	}
	if s.rm != nil {
		ids := make([]string, len(issues))
		for i, iss := range issues {
			ids[i] = iss.ID
		}
		if err := s.rm.markPending(ctx, ids...); err != nil {
			return err
		}
	}
	_, err := s.c(colIssues).InsertMany(ctx, docs)
	if err != nil {
		if s.rm != nil {
			// Some may have been written: repair them from FerretDB.
			for _, iss := range issues {
				s.repairIssue(context.WithoutCancel(ctx), iss.ID)
			}
		}
		return mapErr(err, "issues")
	}
	if s.rm != nil {
		return s.rm.put(ctx, issues...)
	}
	return nil
}

// setNextDue keeps the stored copy of NextDue current.
func setNextDue(iss *models.Issue) {
	if t, ok := iss.NextDue(); ok {
		iss.NextDueAt = &t
	} else {
		iss.NextDueAt = nil
	}
}

// writeIssue runs write, the FerretDB or MongoDB write of iss, and keeps
// the read model in step when there is one: under the issue's lock, check
// (if any) runs first, then the issue is marked pending, written, and its
// row replaced. The lock keeps two writers of one issue from clearing each
// other's mark; checking before marking lets a writer that lost a race
// fail fast, so it is not always a step behind the winner's next change.
func (s *Store) writeIssue(ctx context.Context, iss *models.Issue, check, write func() error) error {
	if s.rm == nil {
		if check != nil {
			if err := check(); err != nil {
				return err
			}
		}
		return write()
	}
	unlock := s.docLocks.Lock(colIssues + "/" + iss.ID)
	defer unlock()
	if check != nil {
		if err := check(); err != nil {
			return err
		}
	}
	if err := s.rm.markPending(ctx, iss.ID); err != nil {
		return models.Wrap(models.EUnavailable, err, "the issue index cannot be written")
	}
	if err := write(); err != nil {
		// Nothing was written (a duplicate) or we cannot tell (a lost
		// connection): leave the mark when unsure, start-up repairs it.
		if c := models.ErrorCodeOf(err); c == models.EConflict || c == models.EInvalid {
			_ = s.rm.clearPending(context.WithoutCancel(ctx), iss.ID)
		}
		return err
	}
	if err := s.rm.put(context.WithoutCancel(ctx), iss); err != nil {
		// The issue is saved; its mark stays and start-up repairs the row.
		s.log.ErrorContext(ctx, "cannot update the issue index", "issue", iss.Code, "err", err)
	}
	return nil
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
	// Events wait in the issue document (pending) and are copied to the
	// timeline chunks in batches: one extra write every few changes rather
	// than one per change. They must be safe in a chunk before they leave
	// the issue document; saving them again is harmless.
	prev := iss.PendingEvents
	if len(prev)+len(iss.Timeline) > maxPendingEvents {
		if err := s.saveEvents(ctx, iss.ID, prev); err != nil {
			return err
		}
		iss.PendingEvents = iss.Timeline
	} else {
		iss.PendingEvents = append(slices.Clone(prev), iss.Timeline...)
	}
	setNextDue(iss)
	conflict := models.E(models.EConflict, "issue.changed_by_someone", "code", iss.Code)
	var err error
	if s.rm != nil {
		// The read model implies one serialized owner (see Open): the
		// version is checked by _id under the issue's lock, then replaced.
		err = s.writeIssue(ctx, iss, func() error {
			// The read model's version is FerretDB's unless the issue is
			// marked pending; then ask FerretDB.
			v, ok, err := s.rm.version(ctx, iss.ID)
			if err == nil && !ok {
				v, err = s.storedVersion(ctx, colIssues, iss.ID)
			}
			if err != nil {
				return mapErr(err, "issue "+iss.Code)
			}
			if v != expected {
				return conflict
			}
			return nil
		}, func() error {
			_, err := s.c(colIssues).ReplaceOne(ctx, bson.M{"_id": iss.ID}, iss)
			return mapErr(err, "issue "+iss.Code)
		})
	} else {
		var ok bool
		ok, err = s.replaceIfVersion(ctx, colIssues, iss.ID, expected, iss)
		err = mapErr(err, "issue "+iss.Code)
		if err == nil && !ok {
			err = conflict
		}
	}
	if err != nil {
		iss.PendingEvents = prev
	}
	return err
}

// maxPendingEvents is how many events may wait in an issue document
// before a change copies them to the timeline chunks.
const maxPendingEvents = 24

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
		return lc, models.InvalidE("cursor", "list.bad_cursor")
	}
	return lc, nil
}

func encodeCursor(lc listCursor) string {
	b, _ := json.Marshal(lc)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ListIssues returns one page of issues matching f, in f's order.
func (s *Store) ListIssues(ctx context.Context, f models.IssueFilter) (models.IssuePage, error) {
	if s.rm != nil {
		return s.rm.list(ctx, f)
	}
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
	cur, err := s.c(colIssues).Find(ctx, q, opts)
	if err != nil {
		return models.IssuePage{}, mapErr(err, "issues")
	}
	var out []models.Issue
	if err := cur.All(ctx, &out); err != nil {
		return models.IssuePage{}, mapErr(err, "issues")
	}
	return pageOf(out, limit, f.Sort), nil
}

// pageOf cuts a list fetched with one extra issue into a page and the
// cursor of the next one.
func pageOf(out []models.Issue, limit int, sort models.IssueSort) models.IssuePage {
	page := models.IssuePage{Issues: out}
	if len(out) > limit {
		page.Issues = out[:limit]
		last := &page.Issues[limit-1]
		page.NextCursor = encodeCursor(listCursor{T: sortValue(last, sort), ID: last.ID})
	}
	if page.Issues == nil {
		page.Issues = []models.Issue{}
	}
	return page
}

// CountIssues counts issues matching f (its cursor and limit are ignored).
func (s *Store) CountIssues(ctx context.Context, f models.IssueFilter) (int64, error) {
	if s.rm != nil {
		return s.rm.count(ctx, f)
	}
	f.Cursor = ""
	q, err := issueQuery(f)
	if err != nil {
		return 0, err
	}
	n, err := s.c(colIssues).CountDocuments(ctx, q)
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
