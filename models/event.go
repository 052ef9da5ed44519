package models

import "time"

// EventType names what happened to an issue.
type EventType string

// Event types on the timeline.
const (
	EventCreated           EventType = "created"
	EventRouted            EventType = "routed"
	EventAssigned          EventType = "assigned"
	EventTransferred       EventType = "transferred"
	EventEscalated         EventType = "escalated"
	EventReturned          EventType = "returned"
	EventStarted           EventType = "started"
	EventInfoRequested     EventType = "info_requested"
	EventInfoProvided      EventType = "info_provided"
	EventAnswered          EventType = "answered"
	EventNote              EventType = "note"
	EventResolved          EventType = "resolved"
	EventClosed            EventType = "closed"
	EventRejected          EventType = "rejected"
	EventReopened          EventType = "reopened"
	EventMarkedDuplicate   EventType = "marked_duplicate"
	EventDuplicateMerged   EventType = "duplicate_merged"
	EventSupported         EventType = "supported"
	EventRated             EventType = "rated"
	EventPhotoAdded        EventType = "photo_added"
	EventResponseOverdue   EventType = "response_overdue"
	EventResolutionOverdue EventType = "resolution_overdue"
	// EventEdited records an official's edit of the public title and
	// description; From and To hold the old and new text (staff only).
	EventEdited EventType = "edited"
)

// Event is one entry of an issue's append-only timeline.
type Event struct {
	Seq     int       `bson:"seq" json:"seq"`
	At      time.Time `bson:"at" json:"at"`
	Type    EventType `bson:"type" json:"type"`
	Actor   Actor     `bson:"actor" json:"actor"`
	From    string    `bson:"from,omitempty" json:"from,omitempty"`
	To      string    `bson:"to,omitempty" json:"to,omitempty"`
	Message string    `bson:"message,omitempty" json:"message,omitempty"`
	// Public events are shown to the reporter, monitors and the public;
	// internal notes only to officials.
	Public bool `bson:"public" json:"public"`
}

// ActorKind says what kind of party acted.
type ActorKind string

// Actor kinds.
const (
	ActorResident     ActorKind = "resident"
	ActorOfficial     ActorKind = "official"
	ActorOrganisation ActorKind = "organisation"
	ActorSystem       ActorKind = "system"
)

// Actor is who did something. For residents only the kind is public.
type Actor struct {
	Kind ActorKind `bson:"kind" json:"kind"`
	ID   string    `bson:"id,omitempty" json:"id,omitempty"`
	Name string    `bson:"name,omitempty" json:"name,omitempty"`
	// Department is the official's department at the time, so the timeline
	// reads "land office answered" even after people move on.
	Department string `bson:"department,omitempty" json:"department,omitempty"`
}

// SystemActor is civicdesk itself (the sweeper, routing).
var SystemActor = Actor{Kind: ActorSystem, ID: "system", Name: "civicdesk"}
