package models

import "time"

// Deadline is the sweeper's entry for one open issue with a running clock.
// Keeping these in their own small collection means the sweeper never reads
// the (large) issues collection: on the embedded database every query reads
// a whole collection.
type Deadline struct {
	IssueID string    `bson:"_id"`
	Code    string    `bson:"code"`
	NextDue time.Time `bson:"next_due"`
}

// IdempotentResponse is the stored first answer to a request that carried
// an Idempotency-Key.
type IdempotentResponse struct {
	ID          string    `bson:"_id"` // scope + key
	Fingerprint string    `bson:"fingerprint"`
	Status      int       `bson:"status"`
	ContentType string    `bson:"content_type"`
	Body        []byte    `bson:"body"`
	CreatedAt   time.Time `bson:"created_at"`
	// IssueCode is the code reserved for the issue a filing creates,
	// written before the issue (#10). A record with Status 0 is only that
	// reservation: the first attempt may have died before or after
	// storing the issue, and a retry looks the code up to know which.
	IssueCode string `bson:"issue_code,omitempty"`
}

// PhotoData is a stored photo.
type PhotoData struct {
	ID          string    `bson:"_id"`
	IssueID     string    `bson:"issue_id"`
	ContentType string    `bson:"content_type"`
	Data        []byte    `bson:"data"`
	CreatedAt   time.Time `bson:"created_at"`
}

// PhotoThumb is the thumbnail of a stored photo (a JPEG, thumb.LongSide
// pixels on its longer side), kept beside the photo under the photo's id.
// A photo whose pixels cannot be decoded has a PhotoThumb without data
// that says why (Unmade): the full photo is served in its place, and
// decoding is not tried again at every request.
type PhotoThumb struct {
	PhotoID     string    `bson:"_id"`
	IssueID     string    `bson:"issue_id"`
	ContentType string    `bson:"content_type,omitempty"`
	Data        []byte    `bson:"data,omitempty"`
	Width       int       `bson:"width,omitempty"`
	Height      int       `bson:"height,omitempty"`
	Unmade      string    `bson:"unmade,omitempty"`
	CreatedAt   time.Time `bson:"created_at"`
}
