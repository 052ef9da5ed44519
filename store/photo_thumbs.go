package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// Thumbnails (issue #7) live in their own collection under their photo's
// id rather than inside the photo's document: a list of issues reads
// dozens of them, and on the embedded database a document is read whole,
// so each would otherwise cost its photo's megabytes.
const colPhotoThumbs = "photo_thumbs"

// PutPhotoThumb stores a photo's thumbnail, replacing any earlier one
// (two requests may make the thumbnail of an older photo at once).
func (s *Store) PutPhotoThumb(ctx context.Context, t *models.PhotoThumb) error {
	_, err := s.c(colPhotoThumbs).ReplaceOne(ctx, bson.M{"_id": t.PhotoID}, t, upsertReplace())
	return mapErr(err, "thumbnail")
}

// GetPhotoThumb loads the thumbnail of a photo of an issue; not found when
// none was made yet (photos stored by earlier releases). Looked up by _id
// alone, as GetPhoto is, then checked against the issue.
func (s *Store) GetPhotoThumb(ctx context.Context, issueID, photoID string) (*models.PhotoThumb, error) {
	t, err := findOne[models.PhotoThumb](ctx, s, colPhotoThumbs, bson.M{"_id": photoID}, "thumbnail")
	if err != nil {
		return nil, err
	}
	if t.IssueID != issueID {
		return nil, mapErr(errNoDocuments, "thumbnail")
	}
	return t, nil
}

func (s *Store) deletePhotoThumb(ctx context.Context, photoID string) error {
	_, err := s.c(colPhotoThumbs).DeleteOne(ctx, bson.M{"_id": photoID})
	return mapErr(err, "thumbnail")
}
