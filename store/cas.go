package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

// replaceIfVersion replaces the document with _id id by doc when its
// stored version is still expected, and reports whether it did.
//
// On MongoDB this is one atomic conditional replace. On the embedded
// database a filter on anything besides _id reads the whole collection
// (FerretDB v1 only uses its index for {_id: x}), so there the version is
// read by _id and the document replaced by _id under a per-document lock.
// That is just as atomic: the embedded database has one owner process (its
// data folder is locked) and one connection, so no other writer exists.
func (s *Store) replaceIfVersion(ctx context.Context, col, id string, expected int64, doc any) (bool, error) {
	if !s.serialized {
		res, err := s.c(col).ReplaceOne(ctx, bson.M{"_id": id, "version": expected}, doc)
		if err != nil {
			return false, err
		}
		return res.MatchedCount == 1, nil
	}
	unlock := s.docLocks.Lock(col + "/" + id)
	defer unlock()
	v, err := s.storedVersion(ctx, col, id)
	if err != nil {
		if models.ErrorCodeOf(mapErr(err, "")) == models.ENotFound {
			return false, nil
		}
		return false, err
	}
	if v != expected {
		return false, nil
	}
	_, err = s.c(col).ReplaceOne(ctx, bson.M{"_id": id}, doc)
	return err == nil, err
}

// storedVersion reads a document's version by _id.
func (s *Store) storedVersion(ctx context.Context, col, id string) (int64, error) {
	var cur struct {
		Version int64 `bson:"version"`
	}
	err := s.c(col).FindOne(ctx, bson.M{"_id": id}, options.FindOne().SetProjection(bson.M{"version": 1})).Decode(&cur)
	return cur.Version, err
}
