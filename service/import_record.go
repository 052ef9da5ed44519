package service

import (
	"fmt"
	"math"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/routing"
)

// oldestImport is the earliest original date accepted: older dates are
// almost certainly typing mistakes (a year 0025 or 1925).
var oldestImport = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// importIssue validates a record and builds its issue, without a code.
// It returns the cleaned reference too.
func (s *Service) importIssue(st *catalogueState, rec ImportRecord, now time.Time) (*models.Issue, string, error) {
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
	cat, ok := st.cat.Category(rec.Category)
	if !ok {
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
		return nil, "", err
	}
	ward, err := s.resolveWard(st.cat, rec.Ward, rec.Lat, rec.Lon)
	if err != nil {
		return nil, "", err
	}
	dec, err := routing.Route(st.cat, routing.Input{Category: rec.Category, Ward: ward, ReporterKind: models.ReporterImported})
	if err != nil {
		return nil, "", err
	}
	iss := &models.Issue{
		Version: 1, Title: title, Description: desc, Category: rec.Category,
		Location:   models.Location{Lat: rec.Lat, Lon: rec.Lon, Address: addr, WardCode: ward},
		Reporter:   models.Reporter{Kind: models.ReporterImported, Channel: models.ChannelImport, Contact: contact},
		Status:     models.StatusRouted,
		Routing:    firstRouting(dec),
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
	return iss, ref, nil
}

// markImportedOverdue marks the deadlines an imported record has already
// missed, as the sweeper would have, but without the sweeper's automatic
// escalation (see Import).
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
