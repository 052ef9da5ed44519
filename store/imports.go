package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// colImports maps external references of imported records to issues
// (issue #11). Keyed by the reference so every lookup is by _id.
const colImports = "imports"

// GetImportRef returns the mapping of an external reference; not found
// when the record was never imported.
func (s *Store) GetImportRef(ctx context.Context, ref string) (*models.ImportRef, error) {
	return findOne[models.ImportRef](ctx, s, colImports, bson.M{"_id": ref}, "import reference "+ref)
}

// InsertImportRef records which issue an external reference became; a
// reference recorded already is a conflict.
func (s *Store) InsertImportRef(ctx context.Context, r *models.ImportRef) error {
	return insertOne(ctx, s, colImports, r, "import reference "+r.Ref)
}
