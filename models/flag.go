package models

import "time"

// MaxFlagText bounds a monitor's flag comment and the department's answer.
const MaxFlagText = 2000

// Flag is a monitor's request for follow-up on an issue, which the
// handling department must answer.
type Flag struct {
	ID         int        `bson:"id" json:"id"`
	By         string     `bson:"by" json:"by"`
	ByName     string     `bson:"by_name" json:"by_name"`
	Group      string     `bson:"group" json:"group"` // the monitor's ward ("" = city-wide)
	Comment    string     `bson:"comment" json:"comment"`
	At         time.Time  `bson:"at" json:"at"`
	Answer     string     `bson:"answer,omitempty" json:"answer,omitempty"`
	AnsweredBy string     `bson:"answered_by,omitempty" json:"answered_by,omitempty"`
	AnsweredAt *time.Time `bson:"answered_at,omitempty" json:"answered_at,omitempty"`
}

// Open reports whether the department has yet to answer the flag.
func (f Flag) Open() bool { return f.AnsweredAt == nil }

// IssueFlags are the flags of one issue; the id is the issue's.
type IssueFlags struct {
	IssueID string `bson:"_id" json:"issue"`
	Flags   []Flag `bson:"flags" json:"flags"`
}

// FlagRef points at an open flag from the index of open flags.
type FlagRef struct {
	IssueID    string    `bson:"issue" json:"issue"`
	FlagID     int       `bson:"flag" json:"flag"`
	Group      string    `bson:"group" json:"group"`
	Department string    `bson:"department" json:"department"`
	Title      string    `bson:"title" json:"title"`
	Comment    string    `bson:"comment" json:"comment"`
	At         time.Time `bson:"at" json:"at"`
}

// OpenFlags is the one document listing every open flag (few at a time),
// read by its _id.
type OpenFlags struct {
	ID   string    `bson:"_id" json:"-"`
	Open []FlagRef `bson:"open" json:"open"`
}
