package service

import (
	"context"
	"errors"
	"time"

	"github.com/civicdesk/civicdesk/internal/photometa"
	"github.com/civicdesk/civicdesk/internal/thumb"
	"github.com/civicdesk/civicdesk/models"
)

// keepPhoto is the one place photo bytes are stored, whichever way they
// came (API, Open311, the web, the bot's downloads, officials' "after"
// pictures): without their metadata, in the photos collection, with their
// thumbnail beside them. It returns the stored type and size. A thumbnail
// that cannot be made never fails the photo: the full photo stands in.
func (s *Service) keepPhoto(ctx context.Context, issueID, photoID string, data []byte, now time.Time) (string, int64, error) {
	// Photos are public: their EXIF/XMP (GPS position, author, camera)
	// never is (#10). Stripping a stripped photo changes nothing.
	clean, err := photometa.Strip(data)
	if err != nil {
		return "", 0, models.Invalidf("photos", "%s", err.Error())
	}
	ctype := sniffImage(clean)
	if err := s.store.InsertPhoto(ctx, &models.PhotoData{ID: photoID, IssueID: issueID, ContentType: ctype, Data: clean, CreatedAt: now}); err != nil {
		return "", 0, err
	}
	if t, err := s.makeThumb(ctx, issueID, photoID, clean, now); err == nil {
		if err := s.store.PutPhotoThumb(ctx, t); err != nil {
			// Its first request makes it again (PhotoThumb).
			s.log.WarnContext(ctx, "cannot store a photo's thumbnail", "issue", issueID, "photo", photoID, "err", err)
		}
	}
	return ctype, int64(len(clean)), nil
}

// thumbMakers bounds how many photos are decoded at once: a photo of
// MaxPhotoPixels takes some 200 MB while it is made small.
const thumbMakers = 2

// makeThumb makes a photo's thumbnail, or the record that none can be
// made (its pixels do not decode), which is logged. It fails only when
// ctx ends while it waits its turn.
func (s *Service) makeThumb(ctx context.Context, issueID, photoID string, data []byte, now time.Time) (*models.PhotoThumb, error) {
	select {
	case s.thumbSlots <- struct{}{}:
		defer func() { <-s.thumbSlots }()
	case <-ctx.Done():
		return nil, models.Wrap(models.EUnavailable, ctx.Err(), "the request was cancelled")
	}
	rec := &models.PhotoThumb{PhotoID: photoID, IssueID: issueID, CreatedAt: now}
	t, err := thumb.Make(data, models.MaxPhotoPixels)
	if err != nil {
		s.log.WarnContext(ctx, "photo kept without a thumbnail; the full photo is shown in its place",
			"issue", issueID, "photo", photoID, "err", err)
		rec.Unmade = err.Error()
		return rec, nil
	}
	rec.ContentType, rec.Data, rec.Width, rec.Height = "image/jpeg", t.Data, t.Width, t.Height
	return rec, nil
}

// PhotoThumb returns what to show for a photo's thumbnail: the thumbnail,
// or the full photo when none can be made. issueID is the id of an issue
// the caller may see. A photo stored by an earlier release has no
// thumbnail yet: it is made at its first request and kept.
func (s *Service) PhotoThumb(ctx context.Context, issueID, photoID string) (*models.PhotoData, error) {
	t, err := s.store.GetPhotoThumb(ctx, issueID, photoID)
	if err != nil && models.ErrorCodeOf(err) != models.ENotFound {
		return nil, err
	}
	if t != nil && len(t.Data) > 0 {
		return asPhoto(t), nil
	}
	ph, err := s.store.GetPhoto(ctx, issueID, photoID)
	if err != nil || t != nil {
		return ph, err // no photo, or one whose pixels do not decode
	}
	if t, err = s.makeThumb(ctx, issueID, photoID, ph.Data, s.now()); err != nil {
		return nil, err
	}
	if err := s.store.PutPhotoThumb(ctx, t); err != nil {
		s.log.WarnContext(ctx, "cannot store a photo's thumbnail", "issue", issueID, "photo", photoID, "err", err)
	}
	if len(t.Data) == 0 {
		return ph, nil
	}
	return asPhoto(t), nil
}

// asPhoto serves a thumbnail the way a photo is served.
func asPhoto(t *models.PhotoThumb) *models.PhotoData {
	return &models.PhotoData{ID: t.PhotoID, IssueID: t.IssueID, ContentType: t.ContentType, Data: t.Data, CreatedAt: t.CreatedAt}
}

// tooManyPixels says whether err refuses a photo for its pixel count.
func tooManyPixels(err error) bool {
	var tm *thumb.TooManyPixelsError
	return errors.As(err, &tm)
}
