package models

// Status is where an issue is in its lifecycle.
type Status string

// Statuses. The lifecycle is
//
//	new → routed → in_progress ⇄ waiting_for_resident → resolved → closed
//
// with rejected reachable from every open status, and resolved → in_progress
// only through reopen (the reporter within the allowed days, a supervisor).
const (
	StatusNew        Status = "new"
	StatusRouted     Status = "routed"
	StatusInProgress Status = "in_progress"
	StatusWaiting    Status = "waiting_for_resident"
	StatusResolved   Status = "resolved"
	StatusClosed     Status = "closed"
	StatusRejected   Status = "rejected"
)

// AllStatuses lists every status in lifecycle order.
var AllStatuses = []Status{StatusNew, StatusRouted, StatusInProgress, StatusWaiting, StatusResolved, StatusClosed, StatusRejected}

// Valid reports whether s is known.
func (s Status) Valid() bool {
	for _, v := range AllStatuses {
		if s == v {
			return true
		}
	}
	return false
}

// Open reports whether an issue in this status still needs work.
func (s Status) Open() bool {
	switch s {
	case StatusNew, StatusRouted, StatusInProgress, StatusWaiting:
		return true
	}
	return false
}

// move is one legal status change. Via, when set, names the only action
// that may make it: a resolved issue goes back to work only when it is
// reopened (which counts the reopening and clears the resolution), never
// through start or any other action.
type move struct {
	to  Status
	via string
}

// ActionReopen is the action name that alone may take a resolved issue back
// to in_progress.
const ActionReopen = "reopen"

// transitions is the one place that says which status changes are legal.
var transitions = map[Status][]move{
	StatusNew:        {{to: StatusRouted}, {to: StatusRejected}},
	StatusRouted:     {{to: StatusRouted}, {to: StatusInProgress}, {to: StatusWaiting}, {to: StatusResolved}, {to: StatusRejected}},
	StatusInProgress: {{to: StatusRouted}, {to: StatusInProgress}, {to: StatusWaiting}, {to: StatusResolved}, {to: StatusRejected}},
	StatusWaiting:    {{to: StatusRouted}, {to: StatusInProgress}, {to: StatusResolved}, {to: StatusRejected}},
	StatusResolved:   {{to: StatusClosed}, {to: StatusInProgress, via: ActionReopen}},
	StatusClosed:     {},
	StatusRejected:   {},
}

// CanTransition reports whether the action may move an issue from one
// status to another. Staying in routed or in_progress is allowed: a
// transfer keeps the issue routed.
func CanTransition(from, to Status, action string) bool {
	for _, m := range transitions[from] {
		if m.to == to && (m.via == "" || m.via == action) {
			return true
		}
	}
	return false
}

// CheckTransition returns a conflict error naming both statuses when the
// move is not allowed.
func CheckTransition(from, to Status, action string) error {
	if CanTransition(from, to, action) {
		return nil
	}
	return E(EConflict, "issue.transition", "action", action, "status", string(from))
}
