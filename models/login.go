package models

import "time"

// LoginFailures counts the failed sign-ins of one username since its last
// successful one (#10). Its id is the username, so it is read by _id.
type LoginFailures struct {
	Username string    `bson:"_id"`
	Failures int       `bson:"failures"`
	LastAt   time.Time `bson:"last_at"`
}
