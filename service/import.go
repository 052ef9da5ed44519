package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// ImportRecord is one record inherited from another system, for example
// the unfinished files a ward takes over from the former district.
type ImportRecord struct {
	// Ref is the record's reference in the system it comes from; importing
	// the same reference again does nothing.
	Ref         string
	CreatedAt   time.Time
	Title       string
	Description string
	Category    string
	Ward        string
	Address     string
	Lat, Lon    *float64
	Contact     models.Contact
	// Source and Line say where the record was read, for the timeline.
	Source string
	Line   int
}

// ImportActor is who files imported records.
var ImportActor = models.Actor{Kind: models.ActorSystem, ID: "import", Name: "civicdesk import"}

// An Import files inherited records (for example the unfinished files a
// ward takes over from the former district) through the bulk path: File
// takes a batch of records at a time, Finish adds their figures. Each
// record is validated, routed, given its deadlines from its original date
// and a code whose year is the original date's. A record whose deadlines
// have passed already is marked overdue from the start (on its timeline
// too) but is not escalated to the city, whatever the catalogue's
// auto-escalation: the ward that inherited the backlog keeps it. The
// timeline gets an internal "imported" event naming the source file and
// line. No notifications are sent: hundreds of old files must not flood
// the departments' Telegram groups; they show in the work queues.
//
// It is idempotent: a batch's references are recorded, with the codes
// their issues get, before the issues are written. Importing a reference
// again returns the existing issue (Existing); a reference recorded by a
// run that stopped before writing its issue gets that issue written now,
// under the recorded code. The figures of a run that stopped in between
// are recounted by the next one (see bulkFiling).
type Import struct {
	s    *Service
	bulk *bulkFiling
}

// ImportResult is what became of one record given to Import.File.
type ImportResult struct {
	// Issue is the issue filed, or the one filed for the same reference
	// before; nil when the record is rejected, or when another import of
	// the same reference, running at the same time, has not written it yet.
	Issue    *models.Issue
	Existing bool
	// Err says why the record was rejected (invalid); nil otherwise.
	Err error
}

// StartImport starts an import of records read from source (a file name,
// for the logs).
func (s *Service) StartImport(ctx context.Context, source string) (*Import, error) {
	b, err := s.startBulkFiling(ctx, "import of "+source)
	if err != nil {
		return nil, err
	}
	return &Import{s: s, bulk: b}, nil
}

// File imports a batch of records and says what became of each, in order.
// A record's own problems reject that record; an error stops the import
// (the database is gone): records of the batch may then be imported or
// not, and running the import again finishes them.
func (imp *Import) File(ctx context.Context, recs []ImportRecord) ([]ImportResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := imp.s
	st := s.state()
	now := s.now()
	res := make([]ImportResult, len(recs))
	built := make([]*models.Issue, len(recs)) // nil: rejected or imported before
	refOf := make([]string, len(recs))
	first := map[string]int{}
	var refs []string
	for i, rec := range recs {
		iss, ref, err := s.importIssue(st, rec, now)
		if models.ErrorCodeOf(err) == models.EInvalid {
			res[i].Err = err
			continue
		}
		if err != nil {
			// Not the record's fault (the catalogue is inconsistent).
			return nil, fmt.Errorf("line %d: %w", rec.Line, err)
		}
		if j, dup := first[ref]; dup {
			res[i].Err = models.Invalidf("ref", "%q is given twice, also on line %d", ref, recs[j].Line)
			continue
		}
		first[ref] = i
		built[i], refOf[i] = iss, ref
		refs = append(refs, ref)
	}
	known, err := s.store.GetImportRefs(ctx, refs)
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, m := range known {
		codes = append(codes, m.IssueID)
	}
	written, err := s.issuesByCode(ctx, codes)
	if err != nil {
		return nil, err
	}
	var fresh []int // records never imported
	for i, iss := range built {
		if iss == nil {
			continue
		}
		m, ok := known[refOf[i]]
		switch {
		case !ok:
			fresh = append(fresh, i)
		case written[m.IssueID] != nil:
			res[i] = ImportResult{Issue: written[m.IssueID], Existing: true}
			built[i] = nil
		default:
			// Recorded by a run that stopped before writing the issue.
			iss.ID, iss.Code = m.IssueID, m.IssueID
		}
	}
	if err := imp.recordRefs(ctx, recs, built, refOf, fresh, res, now); err != nil {
		return nil, err
	}
	var write []*models.Issue
	for i, iss := range built {
		if iss != nil {
			write = append(write, iss)
			res[i] = ImportResult{Issue: iss}
		}
	}
	if err := imp.bulk.write(ctx, write); err != nil {
		return nil, err
	}
	return res, nil
}

// issuesByCode returns the issues, of those with the given codes, that
// exist (without their timelines). One list query a batch: on the
// embedded database the read model answers it from its code index, where
// reading each issue by _id would cost a round trip through FerretDB each.
func (s *Service) issuesByCode(ctx context.Context, codes []string) (map[string]*models.Issue, error) {
	out := make(map[string]*models.Issue, len(codes))
	for start := 0; start < len(codes); start += models.MaxPageSize {
		f := models.IssueFilter{Codes: codes[start:min(start+models.MaxPageSize, len(codes))], Limit: models.MaxPageSize}
		for {
			page, err := s.store.ListIssues(ctx, f)
			if err != nil {
				return nil, err
			}
			for i := range page.Issues {
				out[page.Issues[i].Code] = &page.Issues[i]
			}
			if page.NextCursor == "" {
				break
			}
			f.Cursor = page.NextCursor
		}
	}
	return out, nil
}

// recordRefs gives the fresh records their codes and records their
// references, before any of their issues is written. A reference another
// import recorded meanwhile is that import's: the record is imported
// before, and dropped from built.
func (imp *Import) recordRefs(ctx context.Context, recs []ImportRecord, built []*models.Issue, refOf []string, fresh []int, res []ImportResult, now time.Time) error {
	if len(fresh) == 0 {
		return nil
	}
	s := imp.s
	issues := make([]*models.Issue, len(fresh))
	for k, i := range fresh {
		issues[k] = built[i]
	}
	// Marked from here: the references are the first write of a batch.
	if err := imp.bulk.mark(ctx); err != nil {
		return err
	}
	if err := imp.bulk.reserveCodes(ctx, issues); err != nil {
		return err
	}
	maps := make([]*models.ImportRef, len(fresh))
	for k, i := range fresh {
		maps[k] = &models.ImportRef{Ref: refOf[i], IssueID: built[i].ID, Source: recs[i].Source, Line: recs[i].Line, ImportedAt: now}
	}
	err := s.store.InsertImportRefs(ctx, maps)
	if models.ErrorCodeOf(err) != models.EConflict {
		return err
	}
	// Another import of some of the same references won the race.
	refs := make([]string, len(fresh))
	for k, i := range fresh {
		refs[k] = refOf[i]
	}
	got, err := s.store.GetImportRefs(ctx, refs)
	if err != nil {
		return err
	}
	for _, i := range fresh {
		m, ok := got[refOf[i]]
		if !ok {
			return fmt.Errorf("import reference %s was neither recorded nor refused", refOf[i])
		}
		if m.IssueID == built[i].ID {
			continue
		}
		res[i] = ImportResult{Existing: true}
		if old, err := s.store.GetIssueHead(ctx, m.IssueID); err == nil {
			res[i].Issue = old
		}
		built[i] = nil
	}
	return nil
}

// Finish adds the figures of the records imported and ends the import.
// Call it also after File failed or the import was stopped: it adds what
// was written (or, after a failed write, recounts).
func (imp *Import) Finish(ctx context.Context) error {
	return imp.bulk.finish(ctx)
}

// ImportIssue imports one record: an Import of one record. It returns the
// issue, whether it was imported before, and why the record is rejected.
func (s *Service) ImportIssue(ctx context.Context, rec ImportRecord) (iss *models.Issue, existing bool, err error) {
	imp, err := s.StartImport(ctx, rec.Source)
	if err != nil {
		return nil, false, err
	}
	res, err := imp.File(ctx, []ImportRecord{rec})
	if err := errors.Join(err, imp.Finish(ctx)); err != nil {
		return nil, false, err
	}
	return res[0].Issue, res[0].Existing, res[0].Err
}
