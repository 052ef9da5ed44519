package service

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/routing"
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

// oldestImport is the earliest original date accepted: older dates are
// almost certainly typing mistakes (a year 0025 or 1925).
var oldestImport = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// ImportIssue files one inherited record as an issue: it validates it,
// routes it, sets its deadlines from the original date and gives it a code
// whose year is the original date's. A record whose deadlines have passed
// already is marked overdue from the start (on its timeline too) but is
// not escalated to the city, whatever the catalogue's auto-escalation:
// the ward that inherited the backlog keeps it. The timeline gets an
// internal "imported" event naming the source file and line. No
// notifications are sent.
//
// It is idempotent: the reference is recorded before the issue is written
// (with the code the issue gets), so a second import of the same reference,
// even after a crash between the two writes, returns the existing issue
// with existing = true, or finishes writing it.
func (s *Service) ImportIssue(ctx context.Context, rec ImportRecord) (iss *models.Issue, existing bool, err error) {
	st := s.state()
	now := s.now()
	probs := models.Problems{}
	ref := models.CleanText(probs, "ref", rec.Ref, 1, models.MaxImportRefLen)
	title := models.CleanText(probs, "title", rec.Title, models.MinTitleLen, models.MaxTitleLen)
	desc := models.CleanText(probs, "description", rec.Description, 1, models.MaxDescriptionLen)
	addr := models.CleanText(probs, "address", rec.Address, 0, models.MaxAddressLen)
	contact := rec.Contact
	contact.Name = models.CleanText(probs, "contact_name", contact.Name, 0, 120)
	contact.Phone = models.CleanText(probs, "contact_phone", contact.Phone, 0, 30)
	contact.Email = models.CleanText(probs, "contact_email", contact.Email, 0, 200)
	contact.TelegramChatID = 0 // imported reporters are not on Telegram
	if _, ok := st.cat.Category(rec.Category); !ok {
		if rec.Category == "" {
			probs.Add("category", "is required")
		} else {
			probs.Add("category", "unknown category %q", rec.Category)
		}
	}
	created := rec.CreatedAt.UTC().Truncate(time.Millisecond)
	switch {
	case rec.CreatedAt.IsZero():
		probs.Add("created_at", "is required")
	case created.After(now):
		probs.Add("created_at", "%s is in the future", rec.CreatedAt.Format(time.DateOnly))
	case created.Before(oldestImport):
		probs.Add("created_at", "%s is before 2000", rec.CreatedAt.Format(time.DateOnly))
	}
	if rec.Lat != nil && (math.IsNaN(*rec.Lat) || *rec.Lat < -90 || *rec.Lat > 90) {
		probs.Add("lat", "latitude must be between -90 and 90")
	}
	if rec.Lon != nil && (math.IsNaN(*rec.Lon) || *rec.Lon < -180 || *rec.Lon > 180) {
		probs.Add("lon", "longitude must be between -180 and 180")
	}
	if err := probs.Err("the record"); err != nil {
		return nil, false, err
	}
	ward, err := s.resolveWard(st.cat, rec.Ward, rec.Lat, rec.Lon)
	if err != nil {
		return nil, false, err
	}
	dec, err := routing.Route(st.cat, routing.Input{Category: rec.Category, Ward: ward, ReporterKind: models.ReporterImported})
	if err != nil {
		return nil, false, err
	}

	// The reference first, with the code the issue will get.
	var code string
	m, err := s.store.GetImportRef(ctx, ref)
	switch models.ErrorCodeOf(err) {
	case "":
		code = m.IssueID
		if old, err := s.store.GetIssueHead(ctx, code); err == nil {
			return old, true, nil
		} else if models.ErrorCodeOf(err) != models.ENotFound {
			return nil, false, err
		}
		// Recorded, but the issue was never written: write it now.
	case models.ENotFound:
		if code, err = s.nextCode(ctx, st.cat, ward, created); err != nil {
			return nil, false, err
		}
		err = s.store.InsertImportRef(ctx, &models.ImportRef{Ref: ref, IssueID: code, Source: rec.Source, Line: rec.Line, ImportedAt: now})
		if models.ErrorCodeOf(err) == models.EConflict {
			// Another import of the same reference won the race.
			return s.importedIssue(ctx, ref)
		}
		if err != nil {
			return nil, false, err
		}
	default:
		return nil, false, err
	}

	cat, _ := st.cat.Category(rec.Category)
	iss = &models.Issue{
		ID: code, Code: code, Version: 1,
		Title: title, Description: desc, Category: rec.Category,
		Location: models.Location{Lat: rec.Lat, Lon: rec.Lon, Address: addr, WardCode: ward},
		Reporter: models.Reporter{Kind: models.ReporterImported, Channel: models.ChannelImport, Contact: contact},
		Status:   models.StatusRouted,
		Routing: models.Routing{
			Department: dec.Department, Level: dec.Level, Ward: dec.Ward, CoHandling: dec.CoHandling,
			ExplainVI: dec.ExplainVI, ExplainEN: dec.ExplainEN, FirstDepartment: dec.Department,
		},
		CreatedAt:  created,
		UpdatedAt:  now,
		SearchText: models.Fold(title + " " + desc),
	}
	// Deadlines run from the original date, in working time.
	startClocks(&iss.SLA, st, cat, created, true)
	addEvent(iss, created, models.EventCreated, ImportActor, "", string(models.StatusNew), "", true)
	addEvent(iss, created, models.EventRouted, models.SystemActor, "", dec.Department, dec.ExplainVI, true)
	addEvent(iss, now, models.EventImported, ImportActor, "", "",
		fmt.Sprintf("Nhập từ %s, dòng %d, mã gốc %s / Imported from %s, line %d, reference %s", rec.Source, rec.Line, ref, rec.Source, rec.Line, ref), false)
	markImportedOverdue(iss, now)
	setDueSort(iss)
	if err := s.store.InsertIssue(ctx, iss); err != nil {
		if models.ErrorCodeOf(err) == models.EConflict {
			return s.importedIssue(ctx, ref)
		}
		return nil, false, err
	}
	s.afterImport(ctx, iss)
	return iss, false, nil
}

// importedIssue returns the issue another import of ref wrote.
func (s *Service) importedIssue(ctx context.Context, ref string) (*models.Issue, bool, error) {
	m, err := s.store.GetImportRef(ctx, ref)
	if err != nil {
		return nil, false, err
	}
	iss, err := s.store.GetIssueHead(ctx, m.IssueID)
	if err != nil {
		return nil, false, err
	}
	return iss, true, nil
}

// markImportedOverdue marks the deadlines an imported record has already
// missed, as the sweeper would have, but without the sweeper's automatic
// escalation (see ImportIssue).
func markImportedOverdue(iss *models.Issue, now time.Time) {
	sla := &iss.SLA
	if sla.ResponseDue != nil && !now.Before(*sla.ResponseDue) {
		sla.ResponseOverdue = true
		addEvent(iss, now, models.EventResponseOverdue, models.SystemActor, "", iss.Routing.Department, "", true)
	}
	if sla.ResolutionDue != nil && !now.Before(*sla.ResolutionDue) {
		sla.ResolutionOverdue = true
		addEvent(iss, now, models.EventResolutionOverdue, models.SystemActor, "", iss.Routing.Department, "", true)
	}
}

// afterImport is afterChange for a new imported issue, with two
// differences: it is counted as received on its original day, not today,
// and nobody is notified (hundreds of old files must not flood the
// departments' Telegram groups; they show in the work queues).
func (s *Service) afterImport(ctx context.Context, iss *models.Issue) {
	ctx = context.WithoutCancel(ctx)
	for _, d := range statsDeltas(nil, iss, s.localDay(iss.CreatedAt), s.localDay) {
		if err := s.store.ApplyStats(ctx, d); err != nil {
			s.log.ErrorContext(ctx, "cannot update statistics", "issue", iss.Code, "err", err)
		}
	}
}
