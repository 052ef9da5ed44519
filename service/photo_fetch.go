package service

import (
	"context"
	"slices"

	"github.com/civicdesk/civicdesk/internal/photometa"
	"github.com/civicdesk/civicdesk/models"
)

// CheckPhotoBytes tells whether bytes are a photo civicdesk keeps (JPEG,
// PNG or WebP, at most models.MaxPhotoBytes and models.MaxPhotoPixels), so
// the bot can say at once that a photo cannot be kept.
func CheckPhotoBytes(data []byte) error {
	err := checkPhoto(PhotoUpload{Data: data})
	switch {
	case err == nil:
		return nil
	case len(data) > models.MaxPhotoBytes:
		return models.InvalidE("photos", "photo.too_big", "max_mb", itoa(int64(models.MaxPhotoBytes>>20)))
	case tooManyPixels(err):
		return models.InvalidE("photos", "photo.too_many_pixels", "max_mp", itoa(models.MaxPhotoPixels/1_000_000)).WithCause(err)
	}
	return models.InvalidE("photos", "photo.not_image")
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
	var ctype string
	var size int64
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
		if !stored {
			ctype, size, err = s.keepPhoto(ctx, iss.ID, photoID, data, s.now())
			if models.ErrorCodeOf(err) == models.EConflict {
				// An earlier attempt stored it; its thumbnail, if that
				// attempt made none, is made at its first request.
				clean, _ := photometa.Strip(data) // readable: checked above
				ctype, size, err = sniffImage(clean), int64(len(clean)), nil
			}
			if err != nil {
				return err
			}
			stored = true
		}
		expected := iss.Version
		iss.Photos = slices.Clone(iss.Photos)
		iss.Photos[i].ContentType, iss.Photos[i].Size = ctype, size
		iss.Version++
		err = s.store.ReplaceIssue(ctx, iss, expected)
		if models.ErrorCodeOf(err) == models.EConflict {
			continue
		}
		return err
	}
	return models.E(models.EConflict, "issue.changed", "code", id)
}
