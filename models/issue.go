package models

import "time"

// Text limits, in characters. Telegram messages are at most 4096
// characters, so a description fits in one message with its header.
const (
	MaxTitleLen       = 200
	MinTitleLen       = 5
	MaxDescriptionLen = 4000
	MaxAddressLen     = 300
	MaxMessageLen     = 4000 // answers, notes, reasons, resolutions
	MaxPhotos         = 5
	MaxPhotoBytes     = 5 << 20
	// MaxPhotoPixels bounds a photo's width × height, read from its
	// header before anything is decoded: 50 megapixels is more than a
	// phone's photo that fits in MaxPhotoBytes, while a few kilobytes can
	// declare billions of pixels (a decompression bomb).
	MaxPhotoPixels    = 50_000_000
	MaxPeopleCount    = 1_000_000
	MaxTimelineEvents = 5000
)

// Level is the tier of government that handles an issue.
type Level string

// The two levels of local government after the 2025 reform.
const (
	LevelWard Level = "ward"
	LevelCity Level = "city"
)

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l == LevelWard || l == LevelCity }

// Issue is one problem or concern raised by a resident or organisation.
type Issue struct {
	ID          string     `bson:"_id" json:"id"`
	Code        string     `bson:"code" json:"code"`
	Version     int64      `bson:"version" json:"version"`
	Title       string     `bson:"title" json:"title"`
	Description string     `bson:"description" json:"description"`
	Category    string     `bson:"category" json:"category"`
	Location    Location   `bson:"location" json:"location"`
	Photos      []Photo    `bson:"photos,omitempty" json:"photos,omitempty"`
	Reporter    Reporter   `bson:"reporter" json:"reporter"`
	Status      Status     `bson:"status" json:"status"`
	Routing     Routing    `bson:"routing" json:"routing"`
	AssigneeID  string     `bson:"assignee_id,omitempty" json:"assignee_id,omitempty"`
	SLA         SLA        `bson:"sla" json:"sla"`
	CreatedAt   time.Time  `bson:"created_at" json:"created_at"`
	UpdatedAt   time.Time  `bson:"updated_at" json:"updated_at"`
	ResolvedAt  *time.Time `bson:"resolved_at,omitempty" json:"resolved_at,omitempty"`
	ClosedAt    *time.Time `bson:"closed_at,omitempty" json:"closed_at,omitempty"`
	Resolution  string     `bson:"resolution,omitempty" json:"resolution,omitempty"`
	// StatusNote is the latest public message from the officials handling
	// the issue (answer, request, resolution, reason for a move), so lists
	// can show it without reading timelines.
	StatusNote  string     `bson:"status_note,omitempty" json:"status_note,omitempty"`
	Rejection   *Rejection `bson:"rejection,omitempty" json:"rejection,omitempty"`
	Rating      int        `bson:"rating,omitempty" json:"rating,omitempty"`
	DuplicateOf string     `bson:"duplicate_of,omitempty" json:"duplicate_of,omitempty"`
	// Supporters counts residents who said "me too", the reporter excluded.
	Supporters int `bson:"supporters" json:"supporters"`
	// SupporterKeys identifies who supported, so nobody counts twice.
	// Private: never rendered.
	SupporterKeys []string `bson:"supporter_keys,omitempty" json:"-"`
	// SearchText is the folded title and description, for diacritic-free search.
	SearchText string `bson:"search_text" json:"-"`
	// DueSort is the resolution deadline while the issue is open and a far
	// future otherwise, so "sort by deadline" pages cleanly with a cursor.
	DueSort time.Time `bson:"due_sort" json:"-"`
	// NextDueAt is NextDue as stored, so that MongoDB can find the issues
	// the sweeper must look at through an index; the store keeps it current.
	NextDueAt *time.Time `bson:"next_due,omitempty" json:"-"`
	// Timeline is the append-only history. It is stored in its own
	// collection (a growing array inside the issue document makes every
	// update rewrite it, which FerretDB v1 does slowly); when an issue is
	// loaded for a change, Timeline holds only the events that change adds.
	Timeline []Event `bson:"-" json:"timeline"`
	// EventCount is the sequence number of the newest event.
	EventCount int `bson:"event_count" json:"-"`
	// PendingEvents are the latest changes' events, kept in the issue
	// document until a later change copies them (a batch at a time) to the
	// events collection, so a crash between the two writes loses nothing.
	PendingEvents []Event `bson:"pending_events,omitempty" json:"-"`
	// AllowedActions are the actions the caller may take on the issue now
	// (service.ActionType names), computed for each answer; never stored.
	AllowedActions []string `bson:"-" json:"allowed_actions,omitempty"`
	// ReopenCount counts how often the reporter reopened the issue.
	ReopenCount int `bson:"reopen_count,omitempty" json:"reopen_count,omitempty"`
}

// Location is where the problem is. Either coordinates or an address (or
// both); WardCode is the ward it was resolved to.
type Location struct {
	Lat      *float64 `bson:"lat,omitempty" json:"lat,omitempty"`
	Lon      *float64 `bson:"lon,omitempty" json:"lon,omitempty"`
	Address  string   `bson:"address,omitempty" json:"address,omitempty"`
	WardCode string   `bson:"ward" json:"ward"`
}

// HasPoint reports whether the location has coordinates.
func (l Location) HasPoint() bool { return l.Lat != nil && l.Lon != nil }

// Photo is a reference to a stored photo or to a Telegram file.
type Photo struct {
	ID             string    `bson:"id" json:"id"`
	ContentType    string    `bson:"content_type" json:"content_type"`
	Size           int64     `bson:"size" json:"size"`
	TelegramFileID string    `bson:"telegram_file_id,omitempty" json:"-"`
	AddedAt        time.Time `bson:"added_at" json:"added_at"`
	// After marks an official's picture given with an answer or the
	// resolution, shown next to the reporter's "before" photos.
	After bool `bson:"after,omitempty" json:"after,omitempty"`
}

// ReporterKind says who raised an issue.
type ReporterKind string

// Reporter kinds.
const (
	ReporterResident     ReporterKind = "resident"
	ReporterOrganisation ReporterKind = "organisation"
	ReporterOfficial     ReporterKind = "official" // an official filing on behalf of a resident
	ReporterImported     ReporterKind = "imported"
)

// Valid reports whether k is known.
func (k ReporterKind) Valid() bool {
	switch k {
	case ReporterResident, ReporterOrganisation, ReporterOfficial, ReporterImported:
		return true
	}
	return false
}

// Channel is how an issue reached civicdesk, and how its reporter hears back.
type Channel string

// Channels.
const (
	ChannelTelegram Channel = "telegram"
	ChannelAPI      Channel = "api"
	ChannelWeb      Channel = "web"
	ChannelOpen311  Channel = "open311"
	ChannelImport   Channel = "import"
)

// Valid reports whether c is known.
func (c Channel) Valid() bool {
	switch c {
	case ChannelTelegram, ChannelAPI, ChannelWeb, ChannelOpen311, ChannelImport:
		return true
	}
	return false
}

// Reporter is who raised the issue. Contact is private: it is shown only to
// the officials handling the issue, never to monitors or the public.
type Reporter struct {
	Kind    ReporterKind `bson:"kind" json:"kind"`
	Channel Channel      `bson:"channel" json:"channel"`
	// ResidentID links a resident known to civicdesk (e.g. a Telegram user).
	ResidentID string `bson:"resident_id,omitempty" json:"resident_id,omitempty"`
	// OfficialID is the official who filed on behalf of a resident.
	OfficialID string `bson:"official_id,omitempty" json:"official_id,omitempty"`
	// OrganisationID and PeopleCount are set for concerns of mass organisations.
	OrganisationID string  `bson:"organisation_id,omitempty" json:"organisation_id,omitempty"`
	PeopleCount    int     `bson:"people_count,omitempty" json:"people_count,omitempty"`
	Contact        Contact `bson:"contact" json:"contact"`
}

// Contact holds the reporter's personal data.
type Contact struct {
	Name           string `bson:"name,omitempty" json:"name,omitempty"`
	Phone          string `bson:"phone,omitempty" json:"phone,omitempty"`
	Email          string `bson:"email,omitempty" json:"email,omitempty"`
	TelegramChatID int64  `bson:"telegram_chat_id,omitempty" json:"telegram_chat_id,omitempty"`
	Lang           string `bson:"lang,omitempty" json:"lang,omitempty"`
}

// Routing records who handles the issue and why.
type Routing struct {
	Department string   `bson:"department" json:"department"`
	Level      Level    `bson:"level" json:"level"`
	Ward       string   `bson:"ward" json:"ward"`
	CoHandling []string `bson:"co_handling,omitempty" json:"co_handling,omitempty"`
	ExplainVI  string   `bson:"explain_vi" json:"explain_vi"`
	ExplainEN  string   `bson:"explain_en" json:"explain_en"`
	// EscalatedFrom is the ward department that escalated the issue to the
	// city; returning it sends it back there.
	EscalatedFrom string `bson:"escalated_from,omitempty" json:"escalated_from,omitempty"`
	// FirstDepartment is the department that received the issue first, the
	// one the "received" figure counts it under.
	FirstDepartment string `bson:"first_department" json:"first_department"`
}

// Rejection says why an issue was rejected.
type Rejection struct {
	Reason RejectReason `bson:"reason" json:"reason"`
	Note   string       `bson:"note,omitempty" json:"note,omitempty"`
}

// RejectReason is why an issue is not handled.
type RejectReason string

// Reasons to reject.
const (
	RejectDuplicate       RejectReason = "duplicate"
	RejectOutOfCompetence RejectReason = "out_of_competence"
	RejectSpam            RejectReason = "spam"
)

// Valid reports whether r is known.
func (r RejectReason) Valid() bool {
	return r == RejectDuplicate || r == RejectOutOfCompetence || r == RejectSpam
}

// SLA holds the deadlines of an issue in wall-clock time, computed from
// working time. While the issue waits for the resident the resolution
// deadline is cleared and the remaining working time is kept in
// ResolutionLeft, so the clock resumes where it stopped.
type SLA struct {
	ResponseDue     *time.Time    `bson:"response_due,omitempty" json:"response_due,omitempty"`
	ResolutionDue   *time.Time    `bson:"resolution_due,omitempty" json:"resolution_due,omitempty"`
	FirstResponseAt *time.Time    `bson:"first_response_at,omitempty" json:"first_response_at,omitempty"`
	PausedAt        *time.Time    `bson:"paused_at,omitempty" json:"paused_at,omitempty"`
	ResponseLeft    time.Duration `bson:"response_left,omitempty" json:"-"`
	ResolutionLeft  time.Duration `bson:"resolution_left,omitempty" json:"-"`
	// PausedWorking is the working time spent waiting for the resident.
	PausedWorking     time.Duration `bson:"paused_working,omitempty" json:"-"`
	ResponseOverdue   bool          `bson:"response_overdue" json:"response_overdue"`
	ResolutionOverdue bool          `bson:"resolution_overdue" json:"resolution_overdue"`
	// ResolvedOnTime is set when the issue is resolved.
	ResolvedOnTime *bool `bson:"resolved_on_time,omitempty" json:"resolved_on_time,omitempty"`
	// Working time from creation to first response and to resolution,
	// pauses excluded; the medians in the statistics come from these.
	ResponseWorking   time.Duration `bson:"response_working,omitempty" json:"-"`
	ResolutionWorking time.Duration `bson:"resolution_working,omitempty" json:"-"`
}

// Overdue reports whether any deadline of the issue has passed.
func (s SLA) Overdue() bool { return s.ResponseOverdue || s.ResolutionOverdue }

// LastEvent returns the newest event of the timeline.
func (i *Issue) LastEvent() *Event {
	if len(i.Timeline) == 0 {
		return nil
	}
	return &i.Timeline[len(i.Timeline)-1]
}

// Open reports whether the issue still needs work.
func (i *Issue) Open() bool { return i.Status.Open() }

// NextDue is when the sweeper must next look at the issue: the earliest
// deadline whose clock is running and has not been marked overdue yet. ok
// is false when no clock is running.
func (i *Issue) NextDue() (next time.Time, ok bool) {
	if !i.Open() {
		return time.Time{}, false
	}
	consider := func(t *time.Time) {
		if t != nil && (!ok || t.Before(next)) {
			next, ok = *t, true
		}
	}
	s := i.SLA
	if s.FirstResponseAt == nil && !s.ResponseOverdue {
		consider(s.ResponseDue)
	}
	if s.PausedAt == nil && !s.ResolutionOverdue {
		consider(s.ResolutionDue)
	}
	return next, ok
}
