package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// colCanned holds each department's canned replies in one document whose
// _id is the department code (issue #8): reads are by _id only.
const colCanned = "canned_replies"

// PutCannedReplies stores a department's canned replies, replacing them.
func (s *Store) PutCannedReplies(ctx context.Context, c *models.CannedReplies) error {
	_, err := s.c(colCanned).ReplaceOne(ctx, bson.M{"_id": c.Department}, c, upsertReplace())
	return mapErr(err, "canned replies")
}

// GetCannedReplies loads a department's canned replies (not found when
// none were saved).
func (s *Store) GetCannedReplies(ctx context.Context, department string) (*models.CannedReplies, error) {
	return findOne[models.CannedReplies](ctx, s, colCanned, bson.M{"_id": department}, "canned replies")
}

// colCatalogueVersions keeps every saved catalogue (issue #8), _id "v<n>".
const colCatalogueVersions = "catalogue_versions"

// PutCatalogueVersion keeps a version of the catalogue.
func (s *Store) PutCatalogueVersion(ctx context.Context, v *models.CatalogueVersion) error {
	_, err := s.c(colCatalogueVersions).ReplaceOne(ctx, bson.M{"_id": v.ID}, v, upsertReplace())
	return mapErr(err, "catalogue version")
}

// GetCatalogueVersion loads a kept version by its id.
func (s *Store) GetCatalogueVersion(ctx context.Context, id string) (*models.CatalogueVersion, error) {
	return findOne[models.CatalogueVersion](ctx, s, colCatalogueVersions, bson.M{"_id": id}, "catalogue version")
}
