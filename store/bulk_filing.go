package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// bulkFilingID is the civicdesk_meta document of a running bulk filing.
// There is one: bulk filings run one at a time (on the embedded database
// one process owns the data folder).
const bulkFilingID = "bulk_filing"

// MarkBulkFiling records that a bulk filing is writing issues it has not
// counted yet; see models.BulkFiling.
func (s *Store) MarkBulkFiling(ctx context.Context, f models.BulkFiling) error {
	f.ID = bulkFilingID
	_, err := s.c(colMeta).ReplaceOne(ctx, bson.M{"_id": bulkFilingID}, f, upsertReplace())
	return mapErr(err, "bulk filing mark")
}

// BulkFilingMark returns the mark of a bulk filing that has not finished;
// not found when there is none.
func (s *Store) BulkFilingMark(ctx context.Context) (*models.BulkFiling, error) {
	return findOne[models.BulkFiling](ctx, s, colMeta, bson.M{"_id": bulkFilingID}, "bulk filing mark")
}

// ClearBulkFiling removes the mark: the filing's issues are all counted.
func (s *Store) ClearBulkFiling(ctx context.Context) error {
	_, err := s.c(colMeta).DeleteOne(ctx, bson.M{"_id": bulkFilingID})
	return mapErr(err, "bulk filing mark")
}
