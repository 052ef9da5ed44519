package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

func upsertReplace() options.Lister[options.ReplaceOptions] {
	return options.Replace().SetUpsert(true)
}

// catalogueDoc keeps the current catalogue as one document. The catalogue
// itself is stored as JSON text: ward boundaries are nested arrays, which
// FerretDB v1 cannot store.
type catalogueDoc struct {
	ID        string    `bson:"_id"`
	Version   int64     `bson:"version"`
	UpdatedAt time.Time `bson:"updated_at"`
	UpdatedBy string    `bson:"updated_by"`
	JSON      string    `bson:"json"`
}

// GetCatalogue returns the stored catalogue and its version; not found when
// none has been stored yet.
func (s *Store) GetCatalogue(ctx context.Context) (*models.Catalogue, int64, error) {
	d, err := findOne[catalogueDoc](ctx, s, colCatalogue, bson.M{"_id": "current"}, "catalogue")
	if err != nil {
		return nil, 0, err
	}
	var c models.Catalogue
	if err := json.Unmarshal([]byte(d.JSON), &c); err != nil {
		return nil, 0, fmt.Errorf("stored catalogue is corrupt: %w", err)
	}
	return &c, d.Version, nil
}

// PutCatalogue stores the catalogue if the stored version is expected (0:
// none stored yet). A concurrent edit is a conflict.
func (s *Store) PutCatalogue(ctx context.Context, c *models.Catalogue, expected int64, by string, now time.Time) (int64, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return 0, fmt.Errorf("encode catalogue: %w", err)
	}
	doc := catalogueDoc{ID: "current", Version: expected + 1, UpdatedAt: now, UpdatedBy: by, JSON: string(raw)}
	if expected == 0 {
		if err := insertOne(ctx, s, colCatalogue, doc, "catalogue"); err != nil {
			if models.ErrorCodeOf(err) == models.EConflict {
				return 0, models.E(models.EConflict, "catalogue.changed")
			}
			return 0, err
		}
		return doc.Version, nil
	}
	ok, err := s.replaceIfVersion(ctx, colCatalogue, "current", expected, doc)
	if err != nil {
		return 0, mapErr(err, "catalogue")
	}
	if !ok {
		return 0, models.E(models.EConflict, "catalogue.changed")
	}
	return doc.Version, nil
}

// GetIdempotent returns the stored answer for a key, not found if none.
func (s *Store) GetIdempotent(ctx context.Context, id string) (*models.IdempotentResponse, error) {
	return findOne[models.IdempotentResponse](ctx, s, colIdempotency, bson.M{"_id": id}, "idempotency key")
}

// PutIdempotent stores the first answer for a key; a second store of the
// same key is a conflict, which the caller resolves by reading the first.
func (s *Store) PutIdempotent(ctx context.Context, r *models.IdempotentResponse) error {
	return insertOne(ctx, s, colIdempotency, r, "idempotency key")
}

// DeleteIdempotentBefore forgets answers older than t (no TTL index on the
// embedded database, so the sweeper does this).
func (s *Store) DeleteIdempotentBefore(ctx context.Context, t time.Time) error {
	_, err := s.c(colIdempotency).DeleteMany(ctx, bson.M{"created_at": bson.M{"$lt": t}})
	return mapErr(err, "idempotency keys")
}

// InsertPhoto stores photo bytes.
func (s *Store) InsertPhoto(ctx context.Context, p *models.PhotoData) error {
	return insertOne(ctx, s, colPhotos, p, "photo")
}

// GetPhoto loads a photo of an issue.
// It looks the photo up by _id alone (a second condition would read the
// whole photos collection on the embedded database) and checks the issue.
func (s *Store) GetPhoto(ctx context.Context, issueID, photoID string) (*models.PhotoData, error) {
	p, err := findOne[models.PhotoData](ctx, s, colPhotos, bson.M{"_id": photoID}, "photo")
	if err != nil {
		return nil, err
	}
	if p.IssueID != issueID {
		return nil, mapErr(errNoDocuments, "photo")
	}
	return p, nil
}

// DeletePhoto removes a photo and its thumbnail (cleanup when its issue
// could not be saved).
func (s *Store) DeletePhoto(ctx context.Context, id string) error {
	if err := s.deletePhotoThumb(ctx, id); err != nil {
		return err
	}
	_, err := s.c(colPhotos).DeleteOne(ctx, bson.M{"_id": id})
	return mapErr(err, "photo")
}

// TryLock takes a named lease until expires, for work that only one process
// should do at a time (the sweeper). It succeeds when the lock is free,
// expired or already held by owner.
func (s *Store) TryLock(ctx context.Context, name, owner string, now, expires time.Time) (bool, error) {
	filter := bson.M{"_id": name, "$or": bson.A{bson.M{"expires_at": bson.M{"$lt": now}}, bson.M{"owner": owner}}}
	res, err := s.c(colLocks).UpdateOne(ctx, filter, bson.M{"$set": bson.M{"owner": owner, "expires_at": expires}})
	if err != nil {
		return false, mapErr(err, "lock")
	}
	if res.MatchedCount == 1 {
		return true, nil
	}
	err = insertOne(ctx, s, colLocks, bson.M{"_id": name, "owner": owner, "expires_at": expires}, "lock")
	if models.ErrorCodeOf(err) == models.EConflict {
		return false, nil
	}
	return err == nil, err
}
