package models

import "time"

// IssueSort is the order of an issue list.
type IssueSort string

// Sort orders.
const (
	SortCreated  IssueSort = "created"
	SortUpdated  IssueSort = "updated"
	SortDeadline IssueSort = "deadline"
)

// Valid reports whether s is known.
func (s IssueSort) Valid() bool { return s == SortCreated || s == SortUpdated || s == SortDeadline }

// Page limits for lists.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// IssueFilter selects issues. Empty fields do not filter.
type IssueFilter struct {
	Statuses    []Status
	Categories  []string
	Departments []string
	Level       Level
	Wards       []string
	Overdue     *bool
	CreatedFrom *time.Time
	CreatedTo   *time.Time
	// Text matches title or description, ignoring case and diacritics.
	Text           string
	ResidentID     string
	OrganisationID string
	Codes          []string

	// Scope limits what the caller may see; set by the service from the
	// principal, never from user input.
	ScopeDepartment string // the department handles or co-handles it
	ScopeWard       string // the issue is in this ward

	Sort IssueSort
	// Desc reverses the order (newest or latest deadline first).
	Desc   bool
	Limit  int
	Cursor string
}

// IssuePage is one page of a list and the cursor of the next, "" at the end.
type IssuePage struct {
	Issues     []Issue `json:"issues"`
	NextCursor string  `json:"next_cursor,omitempty"`
}
