package models

import "time"

// BulkFiling is present in the database while a bulk filing (an import,
// a benchmark's seeding) writes issues whose figures it adds only at its
// end. Finding one left behind means a filing stopped in between (killed,
// power cut, a database error): the figures may lack some of its issues,
// and are recounted from the issues before the next bulk filing.
type BulkFiling struct {
	ID    string    `bson:"_id"`
	What  string    `bson:"what"`
	Since time.Time `bson:"since"`
}
