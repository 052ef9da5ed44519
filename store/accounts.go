package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/civicdesk/civicdesk/models"
)

var errNoDocuments = mongo.ErrNoDocuments

// InsertUser stores a new user; a taken username is a conflict.
func (s *Store) InsertUser(ctx context.Context, u *models.User) error {
	return insertOne(ctx, s, colUsers, u, "user "+u.Username)
}

// ReplaceUser writes u if its stored version is expected (u.Version already
// advanced). Usernames never change, so the unique index cannot be hit by
// this update (FerretDB would not report that as a duplicate key).
func (s *Store) ReplaceUser(ctx context.Context, u *models.User, expected int64) error {
	ok, err := s.replaceIfVersion(ctx, colUsers, u.ID, expected, u)
	if err != nil {
		return mapErr(err, "user "+u.Username)
	}
	if !ok {
		return models.E(models.EConflict, "account.changed", "user", u.Username)
	}
	return nil
}

// GetUser loads a user by id.
func (s *Store) GetUser(ctx context.Context, id string) (*models.User, error) {
	return findOne[models.User](ctx, s, colUsers, bson.M{"_id": id}, "user")
}

// GetUserByUsername loads a user by username.
func (s *Store) GetUserByUsername(ctx context.Context, username string) (*models.User, error) {
	return findOne[models.User](ctx, s, colUsers, bson.M{"username": username}, "user "+username)
}

// GetUserByTelegram loads the user whose Telegram account is linked.
func (s *Store) GetUserByTelegram(ctx context.Context, telegramUserID int64) (*models.User, error) {
	return findOne[models.User](ctx, s, colUsers, bson.M{"telegram_user_id": telegramUserID, "disabled": false}, "linked user")
}

// ListUsers lists all users by username.
func (s *Store) ListUsers(ctx context.Context) ([]models.User, error) {
	return findAll[models.User](ctx, s, colUsers, bson.M{}, bson.D{{Key: "username", Value: 1}}, 0, "users")
}

// CountUsers counts users (0 on a fresh database: time to create the admin).
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	n, err := s.c(colUsers).CountDocuments(ctx, bson.M{})
	return n, mapErr(err, "users")
}

// InsertSession stores a session (its id is the token's hash).
func (s *Store) InsertSession(ctx context.Context, sess *models.Session) error {
	return insertOne(ctx, s, colSessions, sess, "session")
}

// GetSession loads a session by token hash.
func (s *Store) GetSession(ctx context.Context, hash string) (*models.Session, error) {
	return findOne[models.Session](ctx, s, colSessions, bson.M{"_id": hash}, "session")
}

// RevokeSession marks one session revoked.
func (s *Store) RevokeSession(ctx context.Context, hash string, at time.Time) error {
	_, err := s.c(colSessions).UpdateOne(ctx, bson.M{"_id": hash}, bson.M{"$set": bson.M{"revoked_at": at}})
	return mapErr(err, "session")
}

// RevokeUserSessions revokes every session of a user (password change, disable).
func (s *Store) RevokeUserSessions(ctx context.Context, userID string, at time.Time) error {
	_, err := s.c(colSessions).UpdateMany(ctx, bson.M{"user_id": userID, "revoked_at": nil}, bson.M{"$set": bson.M{"revoked_at": at}})
	return mapErr(err, "sessions")
}

// DeleteExpiredSessions removes sessions that expired before t.
func (s *Store) DeleteExpiredSessions(ctx context.Context, t time.Time) error {
	_, err := s.c(colSessions).DeleteMany(ctx, bson.M{"expires_at": bson.M{"$lt": t}})
	return mapErr(err, "sessions")
}

// InsertAPIKey stores a key (hashed).
func (s *Store) InsertAPIKey(ctx context.Context, k *models.APIKey) error {
	return insertOne(ctx, s, colAPIKeys, k, "API key")
}

// GetAPIKeyByHash loads a key by the hash of its secret.
func (s *Store) GetAPIKeyByHash(ctx context.Context, hash string) (*models.APIKey, error) {
	return findOne[models.APIKey](ctx, s, colAPIKeys, bson.M{"hash": hash}, "API key")
}

// ListAPIKeys lists keys, newest first.
func (s *Store) ListAPIKeys(ctx context.Context) ([]models.APIKey, error) {
	return findAll[models.APIKey](ctx, s, colAPIKeys, bson.M{}, bson.D{{Key: "created_at", Value: -1}}, 0, "API keys")
}

// RevokeAPIKey marks a key revoked; an unknown id is not found.
func (s *Store) RevokeAPIKey(ctx context.Context, id string, at time.Time) error {
	res, err := s.c(colAPIKeys).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"revoked_at": at}})
	if err != nil {
		return mapErr(err, "API key")
	}
	if res.MatchedCount == 0 {
		return models.E(models.ENotFound, "api_key.not_found", "id", id)
	}
	return nil
}

// InsertOrganisation stores an organisation; a taken code is a conflict.
func (s *Store) InsertOrganisation(ctx context.Context, o *models.Organisation) error {
	return insertOne(ctx, s, colOrganisations, o, "organisation "+o.Code)
}

// ReplaceOrganisation updates an organisation (its code never changes).
func (s *Store) ReplaceOrganisation(ctx context.Context, o *models.Organisation) error {
	return replaceOne(ctx, s, colOrganisations, o.ID, o, "organisation")
}

// GetOrganisation loads an organisation by id.
func (s *Store) GetOrganisation(ctx context.Context, id string) (*models.Organisation, error) {
	return findOne[models.Organisation](ctx, s, colOrganisations, bson.M{"_id": id}, "organisation")
}

// ListOrganisations lists organisations by code.
func (s *Store) ListOrganisations(ctx context.Context) ([]models.Organisation, error) {
	return findAll[models.Organisation](ctx, s, colOrganisations, bson.M{}, bson.D{{Key: "code", Value: 1}}, 0, "organisations")
}

// InsertInvite stores an invite (hashed token).
func (s *Store) InsertInvite(ctx context.Context, inv *models.Invite) error {
	return insertOne(ctx, s, colInvites, inv, "invite")
}

// UseInvite marks an unused, unexpired invite used and returns it. Only one
// caller can use an invite: the update matches only while used_at is unset.
func (s *Store) UseInvite(ctx context.Context, hash string, now time.Time) (*models.Invite, error) {
	var inv models.Invite
	err := s.c(colInvites).FindOneAndUpdate(ctx,
		bson.M{"_id": hash, "used_at": nil, "expires_at": bson.M{"$gt": now}},
		bson.M{"$set": bson.M{"used_at": now}},
	).Decode(&inv)
	if err != nil {
		if models.ErrorCodeOf(mapErr(err, "invite")) == models.ENotFound {
			return nil, models.E(models.ENotFound, "invite.unknown")
		}
		return nil, mapErr(err, "invite")
	}
	return &inv, nil
}

// UpsertOrgMember links a Telegram account to an organisation.
func (s *Store) UpsertOrgMember(ctx context.Context, m *models.OrgMember) error {
	_, err := s.c(colOrgMembers).ReplaceOne(ctx, bson.M{"_id": m.ID}, m, upsertReplace())
	return mapErr(err, "organisation member")
}

// GetOrgMember loads the organisation membership of a Telegram account.
func (s *Store) GetOrgMember(ctx context.Context, telegramUserID int64) (*models.OrgMember, error) {
	return findOne[models.OrgMember](ctx, s, colOrgMembers, bson.M{"telegram_user_id": telegramUserID}, "organisation member")
}

// UpsertResident creates or updates a resident.
func (s *Store) UpsertResident(ctx context.Context, r *models.Resident) error {
	_, err := s.c(colResidents).ReplaceOne(ctx, bson.M{"_id": r.ID}, r, upsertReplace())
	return mapErr(err, "resident")
}

// GetResident loads a resident by id.
func (s *Store) GetResident(ctx context.Context, id string) (*models.Resident, error) {
	return findOne[models.Resident](ctx, s, colResidents, bson.M{"_id": id}, "resident")
}
