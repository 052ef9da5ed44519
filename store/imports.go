package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

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

// GetImportRefs returns the mappings of the references that were imported
// before, by reference; references never imported are absent. On the
// embedded database each is read by _id (FerretDB turns no other filter
// into SQL, so an $in would read the whole collection per batch); MongoDB
// answers one $in from its _id index.
func (s *Store) GetImportRefs(ctx context.Context, refs []string) (map[string]*models.ImportRef, error) {
	out := make(map[string]*models.ImportRef, len(refs))
	if s.serialized {
		for _, ref := range refs {
			m, err := s.GetImportRef(ctx, ref)
			switch models.ErrorCodeOf(err) {
			case "":
				out[ref] = m
			case models.ENotFound:
			default:
				return nil, err
			}
		}
		return out, nil
	}
	found, err := findAll[models.ImportRef](ctx, s, colImports, bson.M{"_id": bson.M{"$in": refs}}, nil, 0, "import references")
	if err != nil {
		return nil, err
	}
	for i := range found {
		out[found[i].Ref] = &found[i]
	}
	return out, nil
}

// InsertImportRefs records many references at once. Every reference not
// recorded yet is written even when some are (unordered insert); the
// error is then a conflict, and the caller reads back which issue each
// reference names.
func (s *Store) InsertImportRefs(ctx context.Context, refs []*models.ImportRef) error {
	if len(refs) == 0 {
		return nil
	}
	docs := make([]any, len(refs))
	for i, r := range refs {
		docs[i] = r
	}
	_, err := s.c(colImports).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	return mapErr(err, "import references")
}
