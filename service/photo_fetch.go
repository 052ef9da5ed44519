package service

import (
	"context"
	"slices"

	"github.com/civicdesk/civicdesk/models"
)

// CheckPhotoBytes tells whether bytes are a photo civicdesk keeps (JPEG,
// PNG or WebP, at most models.MaxPhotoBytes), so the bot can say at once
// that a photo cannot be kept.
func CheckPhotoBytes(data []byte) error {
	if err := checkPhoto(PhotoUpload{Data: data}); err != nil {
		if len(data) > models.MaxPhotoBytes {
			return models.InvalidE("photos", "photo.too_big", "max_mb", itoa(int64(models.MaxPhotoBytes>>20)))
		}
		return models.InvalidE("photos", "photo.not_image")
	}
	return nil
}

// AttachPhotoData stores the bytes of a photo an issue holds only as a
// Telegram file_id (Telegram was down when it was filed), so officials,
// the public page and Open311 can show it. Attaching a photo that has its
// bytes already does nothing.
func (s *Service) AttachPhotoData(ctx context.Context, ref, photoID string, data []byte) error {
	if err := CheckPhotoBytes(data); err != nil {
		return err
	}
	id := normalizeCode(ref)
	unlock := s.issueLocks.Lock(id)
	defer unlock()
	stored := false
	for attempt := 0; attempt < 100; attempt++ {
		iss, err := s.load(ctx, id, false)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(iss.Photos, func(p models.Photo) bool { return p.ID == photoID })
		if i < 0 {
			return models.E(models.ENotFound, "photo.not_found", "code", iss.Code)
		}
		if iss.Photos[i].Size > 0 {
			return nil
		}
		ctype := sniffImage(data)
		if !stored {
			err := s.store.InsertPhoto(ctx, &models.PhotoData{ID: photoID, IssueID: iss.ID, ContentType: ctype, Data: data, CreatedAt: s.now()})
			if err != nil && models.ErrorCodeOf(err) != models.EConflict {
				return err
			}
			stored = true
		}
		expected := iss.Version
		iss.Photos = slices.Clone(iss.Photos)
		iss.Photos[i].ContentType, iss.Photos[i].Size = ctype, int64(len(data))
		iss.Version++
		err = s.store.ReplaceIssue(ctx, iss, expected)
		if models.ErrorCodeOf(err) == models.EConflict {
			continue
		}
		return err
	}
	return models.E(models.EConflict, "issue.changed", "code", id)
}
