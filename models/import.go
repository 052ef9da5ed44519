package models

import "time"

// EventImported marks an issue brought in by `civicdesk import` from
// another system's records (for example a former district's backlog); its
// message names the source file, line and original reference.
const EventImported EventType = "imported"

// MaxImportRefLen bounds an imported record's external reference.
const MaxImportRefLen = 100

// ImportRef maps an imported record's external reference to the issue made
// from it, so importing the same file again creates nothing new. The
// reference is the document's _id: lookups by _id are the only fast ones
// on the embedded database.
type ImportRef struct {
	Ref        string    `bson:"_id" json:"ref"`
	IssueID    string    `bson:"issue_id" json:"issue_id"`
	Source     string    `bson:"source" json:"source"`
	Line       int       `bson:"line" json:"line"`
	ImportedAt time.Time `bson:"imported_at" json:"imported_at"`
}
