package service

import (
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/routing"
)

// possible reports whether the issue's status (and, for moves between
// levels, the catalogue) lets action t happen at all, whoever asks. It
// mirrors the checks of apply, which still has the last word.
func (s *Service) possible(iss *models.Issue, t ActionType) bool {
	st := iss.Status
	can := func(to models.Status) bool { return models.CanTransition(st, to, string(t)) }
	switch t {
	case ActAssign, ActAnswer, ActSupport:
		return iss.Open()
	case ActStart:
		return st.Open() && can(models.StatusInProgress)
	case ActRequestInfo:
		return st != models.StatusWaiting && can(models.StatusWaiting)
	case ActProvideInfo, ActRecordReply:
		return st == models.StatusWaiting
	case ActResolve:
		return can(models.StatusResolved)
	case ActClose:
		return can(models.StatusClosed)
	case ActReject, ActDuplicate:
		return can(models.StatusRejected)
	case ActReopen:
		return st == models.StatusResolved
	case ActRate:
		return st == models.StatusResolved || st == models.StatusClosed
	case ActTransfer:
		return can(models.StatusRouted)
	case ActEscalate:
		if iss.Routing.Level != models.LevelWard || !can(models.StatusRouted) {
			return false
		}
		_, err := routing.Escalate(s.Catalogue(), iss.Category, iss.Routing.Department)
		return err == nil
	case ActReturn:
		return iss.Routing.Level == models.LevelCity && can(models.StatusRouted)
	case ActNote, ActEdit:
		return true
	}
	return false
}

// allowedActions lists what p may do to the issue now: the same rules as
// Do (authorize, then the issue's status), so clients offer only actions
// the server will accept.
func (s *Service) allowedActions(p models.Principal, iss *models.Issue) []string {
	out := []string{}
	for _, t := range AllActions {
		if authorize(p, iss, t) == nil && s.possible(iss, t) {
			if t == ActSupport && (isOwner(p, iss) || containsString(iss.SupporterKeys, supporterKey(p))) {
				continue
			}
			out = append(out, string(t))
		}
	}
	return out
}

// withAllowed returns the view of iss for p with its allowed actions.
func (s *Service) withAllowed(p models.Principal, full, view *models.Issue) *models.Issue {
	view.AllowedActions = s.allowedActions(p, full)
	return view
}
