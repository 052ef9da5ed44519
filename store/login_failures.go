package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

// colLoginFailures holds one document per username with failed sign-ins
// (#10); the id is the username, so every read is by _id.
const colLoginFailures = "login_failures"

// LoginFailures returns the failed sign-ins of a username; none is a zero
// record, not an error.
func (s *Store) LoginFailures(ctx context.Context, username string) (*models.LoginFailures, error) {
	f, err := findOne[models.LoginFailures](ctx, s, colLoginFailures, bson.M{"_id": username}, "sign-in failures")
	if models.ErrorCodeOf(err) == models.ENotFound {
		return &models.LoginFailures{Username: username}, nil
	}
	return f, err
}

// AddLoginFailure counts one more failed sign-in at t, atomically, and
// returns the new record.
func (s *Store) AddLoginFailure(ctx context.Context, username string, t time.Time) (*models.LoginFailures, error) {
	var f models.LoginFailures
	err := s.c(colLoginFailures).FindOneAndUpdate(ctx, bson.M{"_id": username},
		bson.M{"$inc": bson.M{"failures": 1}, "$set": bson.M{"last_at": t}},
		options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After)).Decode(&f)
	if err != nil {
		return nil, mapErr(err, "sign-in failures")
	}
	return &f, nil
}

// ClearLoginFailures forgets a username's failed sign-ins.
func (s *Store) ClearLoginFailures(ctx context.Context, username string) error {
	_, err := s.c(colLoginFailures).DeleteOne(ctx, bson.M{"_id": username})
	return mapErr(err, "sign-in failures")
}
