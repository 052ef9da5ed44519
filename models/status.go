package models

// Status is where an issue is in its lifecycle.
type Status string

// Statuses. The lifecycle is
//
//	new → routed → in_progress ⇄ waiting_for_resident → resolved → closed
//
// with rejected reachable from every open status, and resolved → in_progress
// when the reporter reopens within the allowed days.
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

// transitions is the one place that says which status changes are legal.
var transitions = map[Status][]Status{
	StatusNew:        {StatusRouted, StatusRejected},
	StatusRouted:     {StatusRouted, StatusInProgress, StatusWaiting, StatusResolved, StatusRejected},
	StatusInProgress: {StatusRouted, StatusInProgress, StatusWaiting, StatusResolved, StatusRejected},
	StatusWaiting:    {StatusRouted, StatusInProgress, StatusResolved, StatusRejected},
	StatusResolved:   {StatusClosed, StatusInProgress},
	StatusClosed:     {},
	StatusRejected:   {},
}

// CanTransition reports whether an issue may move from one status to another.
// Staying in routed or in_progress is allowed: a transfer keeps the issue routed.
func CanTransition(from, to Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// CheckTransition returns a conflict error naming both statuses when the
// move is not allowed.
func CheckTransition(from, to Status, action string) error {
	if CanTransition(from, to) {
		return nil
	}
	return E(EConflict, "issue.transition", "action", action, "status", string(from))
}
