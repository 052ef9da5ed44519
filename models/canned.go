package models

import "time"

// Limits of a department's canned replies.
const (
	MaxCannedReplies     = 50
	MaxCannedTitleLen    = 80
	MaxCannedReplyLength = MaxMessageLen
)

// CannedReply is a ready answer officials insert and adapt.
type CannedReply struct {
	Title string `bson:"title" json:"title"`
	Text  string `bson:"text" json:"text"`
}

// CannedReplies are one department's canned replies; the id is the
// department's code, so they are read by _id.
type CannedReplies struct {
	Department string        `bson:"_id" json:"department"`
	Replies    []CannedReply `bson:"replies" json:"replies"`
	UpdatedAt  time.Time     `bson:"updated_at" json:"updated_at"`
	UpdatedBy  string        `bson:"updated_by,omitempty" json:"updated_by,omitempty"`
}

// CatalogueVersion is one saved version of the catalogue, kept for its
// history; the id is "v" and the version number, so it is read by _id.
type CatalogueVersion struct {
	ID        string    `bson:"_id" json:"-"`
	Version   int64     `bson:"version" json:"version"`
	UpdatedAt time.Time `bson:"updated_at" json:"updated_at"`
	UpdatedBy string    `bson:"updated_by" json:"updated_by"`
	JSON      string    `bson:"json" json:"-"`
}
