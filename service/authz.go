package service

import (
	"slices"

	"github.com/civicdesk/civicdesk/models"
)

// errForbidden is an EForbidden error with an English message only (the
// web desk's checks); other languages show the generic forbidden text.
func errForbidden(msg string) error { return models.Errorf(models.EForbidden, "%s", msg) }

// forbidden is an EForbidden error from an i18n key and its parameters.
func forbidden(key string, params ...string) error {
	return models.E(models.EForbidden, key, params...)
}

// view is how much of an issue a principal may see.
type view int

const (
	viewNone    view = iota
	viewPublic       // anyone: no personal data, public events only
	viewMonitor      // monitors: no personal data, public events, officials named
	viewOwner        // the reporter: their own contact, public events
	viewStaff        // officials in scope, supervisors, admins: everything
)

// isOwner reports whether p reported the issue.
func isOwner(p models.Principal, iss *models.Issue) bool {
	r := iss.Reporter
	switch {
	case p.ResidentID != "" && r.ResidentID == p.ResidentID:
		return true
	case p.OrganisationID != "" && r.OrganisationID == p.OrganisationID:
		return true
	}
	return false
}

// inScope reports whether a staff member handles the issue: their
// department has it (or co-handles it, or escalated it), or it is in their
// ward (supervisors), or they oversee the city.
func inScope(u *models.User, iss *models.Issue) bool {
	switch u.Role {
	case models.RoleAdmin:
		return true
	case models.RoleSupervisor:
		return u.Ward == "" || iss.Location.WardCode == u.Ward || iss.Routing.Ward == u.Ward
	case models.RoleOfficial:
		return iss.Routing.Department == u.Department ||
			slices.Contains(iss.Routing.CoHandling, u.Department) ||
			iss.Routing.EscalatedFrom == u.Department
	}
	return false
}

// viewFor decides how much of the issue p sees through the signed-in API.
func viewFor(p models.Principal, iss *models.Issue) view {
	if u := p.User; u != nil {
		if u.Role == models.RoleMonitor {
			return viewMonitor
		}
		if inScope(u, iss) {
			return viewStaff
		}
		return viewNone
	}
	if isOwner(p, iss) {
		return viewOwner
	}
	return viewNone
}

// canHandle reports whether a staff member may change the issue's course
// (answer, transfer, resolve ...). Co-handling departments may only answer
// and add notes; a department that escalated an issue only watches it.
func canHandle(u *models.User, iss *models.Issue) bool {
	switch u.Role {
	case models.RoleAdmin:
		return true
	case models.RoleSupervisor:
		if u.Ward == "" {
			return true
		}
		return iss.Routing.Level == models.LevelWard && iss.Routing.Ward == u.Ward
	case models.RoleOfficial:
		return iss.Routing.Department == u.Department
	}
	return false
}

func canCoHandle(u *models.User, iss *models.Issue) bool {
	return u.Role == models.RoleOfficial && slices.Contains(iss.Routing.CoHandling, u.Department)
}

// redact returns a copy of the issue with what the view must not show
// removed. Contact details never leave for monitors and the public.
func redact(iss *models.Issue, v view) *models.Issue {
	if v == viewStaff {
		return iss
	}
	out := *iss
	out.SupporterKeys = nil
	if v != viewOwner {
		out.Reporter.Contact = models.Contact{}
		out.Reporter.ResidentID = ""
		out.Reporter.OfficialID = ""
	}
	out.AssigneeID = ""
	out.AllowedActions = nil
	maskIssueText(&out)
	out.Timeline = make([]models.Event, 0, len(iss.Timeline))
	for _, e := range iss.Timeline {
		if !e.Public {
			continue
		}
		switch {
		case e.Actor.Kind == models.ActorResident:
			e.Actor = models.Actor{Kind: models.ActorResident}
		case e.Actor.Kind == models.ActorOfficial && v == viewPublic:
			e.Actor = models.Actor{Kind: models.ActorOfficial, Department: e.Actor.Department}
		}
		if e.Type == models.EventEdited {
			// From and To hold the text before and after the edit.
			e.From, e.To = "", ""
		}
		e.Message = maskPersonal(e.Message)
		out.Timeline = append(out.Timeline, e)
	}
	return &out
}
