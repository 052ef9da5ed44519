package models

import "time"

// NotificationKind names why someone is told about an issue.
type NotificationKind string

// Notification kinds.
const (
	NotifyRouted        NotificationKind = "routed"
	NotifyTransferred   NotificationKind = "transferred"
	NotifyEscalated     NotificationKind = "escalated"
	NotifyReturned      NotificationKind = "returned"
	NotifyAnswered      NotificationKind = "answered"
	NotifyInfoRequested NotificationKind = "info_requested"
	NotifyResolved      NotificationKind = "resolved"
	NotifyRejected      NotificationKind = "rejected"
	NotifyClosed        NotificationKind = "closed"
	// NotifySupporter tells a resident who said "me too" how the issue
	// moves (#7); they can stop these.
	NotifySupporter NotificationKind = "supporter"
	// NotifyDepartment posts (or updates) the issue card in a department's group.
	NotifyDepartment NotificationKind = "department_post"
)

// NotificationStatus is where a notification is in the outbox.
type NotificationStatus string

// Outbox statuses.
const (
	NotificationPending NotificationStatus = "pending"
	NotificationSent    NotificationStatus = "sent"
	NotificationFailed  NotificationStatus = "failed"
)

// Notification is an outbox entry: a message to send on a channel. Its ID is
// derived from the issue, the timeline event and the recipient, so the same
// notification can never be queued, and so sent, twice.
type Notification struct {
	ID        string           `bson:"_id"`
	Channel   Channel          `bson:"channel"`
	ChatID    int64            `bson:"chat_id"`
	Lang      string           `bson:"lang"`
	Kind      NotificationKind `bson:"kind"`
	IssueID   string           `bson:"issue_id"`
	IssueCode string           `bson:"issue_code"`
	EventSeq  int              `bson:"event_seq"`
	// Department is set for department posts.
	Department string `bson:"department,omitempty"`
	// Text is a pre-rendered message for notifications that are not about
	// an issue event (for example a bot reply queued by the bot itself).
	Text          string             `bson:"text,omitempty"`
	Status        NotificationStatus `bson:"status"`
	Attempts      int                `bson:"attempts"`
	NextAttemptAt time.Time          `bson:"next_attempt_at"`
	CreatedAt     time.Time          `bson:"created_at"`
	SentAt        *time.Time         `bson:"sent_at,omitempty"`
	LastError     string             `bson:"last_error,omitempty"`
}
