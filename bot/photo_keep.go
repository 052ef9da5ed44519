package bot

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

// Photos residents send are downloaded when they arrive (issue #7): the
// issue must hold the bytes, not only a Telegram file_id, or no official,
// public page or Open311 client can see them. A photo Telegram does not
// give now is filed by its file_id and fetched by a background pass; the
// report itself is never held back, and the resident hears about a photo
// that cannot be kept.

// photoFetchBatch and photoFetchEvery bound the background pass.
const (
	photoFetchBatch    = 20
	photoFetchEvery    = 30 * time.Second
	photoFetchAttempts = 20
)

// downloadPhoto fetches a photo: getFile, then the file from the file
// endpoint built from the configured Bot API base (tgbotapi's File.Link is
// hard-wired to api.telegram.org). The bytes are checked: JPEG, PNG or
// WebP, at most models.MaxPhotoBytes. Errors are EUnavailable when trying
// again may help, EInvalid or ENotFound when it cannot.
func (b *Bot) downloadPhoto(ctx context.Context, fileID string) ([]byte, error) {
	f, err := b.tg.api(ctx).GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		if code, _, _ := classify(err); code == http.StatusBadRequest {
			// Telegram refuses files over 20 MB and unknown file ids.
			return nil, models.E(models.EInvalid, "photo.not_image").WithCause(err)
		}
		return nil, models.Wrap(models.EUnavailable, err, "Telegram did not give the photo")
	}
	if f.FileSize > models.MaxPhotoBytes {
		return nil, service.CheckPhotoBytes(make([]byte, models.MaxPhotoBytes+1))
	}
	// The download, body included, gets the time limit of a call: a
	// stalled one is tried again later, like a failed one.
	dctx, cancel := context.WithTimeout(ctx, b.cfg.CallTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(dctx, http.MethodGet, fmt.Sprintf(b.cfg.FileEndpoint, b.cfg.Token, f.FilePath), nil)
	if err != nil {
		return nil, models.Wrap(models.EInternal, err, "cannot build the photo request")
	}
	resp, err := b.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, models.Wrap(models.EUnavailable, err, "Telegram did not give the photo")
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, models.Errorf(models.EUnavailable, "Telegram answered %d for the photo", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, models.MaxPhotoBytes+1))
	if err != nil {
		return nil, models.Wrap(models.EUnavailable, err, "the photo download broke off")
	}
	if err := service.CheckPhotoBytes(data); err != nil {
		return nil, err
	}
	return data, nil
}

// retryable says whether fetching a photo again later may work.
func retryable(err error) bool {
	c := models.ErrorCodeOf(err)
	return c == models.EUnavailable || c == models.EInternal
}

// keepPhoto downloads a photo as it arrives and keeps its bytes for the
// report. It returns an error only when the photo can never be kept; a
// Telegram outage is logged and left to the later passes.
func (b *Bot) keepPhoto(ctx context.Context, fileID string) error {
	if _, err := b.st.GetBotPhoto(ctx, fileID); err == nil {
		return nil // an album or update delivered again
	}
	data, err := b.downloadPhoto(ctx, fileID)
	if err != nil {
		if retryable(err) {
			b.log.WarnContext(ctx, "bot: photo not downloaded; will try again", "err", err)
			return nil
		}
		return err
	}
	p := &store.BotPhoto{FileID: fileID, ContentType: http.DetectContentType(data), Data: data, CreatedAt: b.clock.Now()}
	if err := b.st.PutBotPhoto(ctx, p); err != nil {
		b.log.WarnContext(ctx, "bot: cannot keep downloaded photo; will download again", "err", err)
	}
	return nil
}

// tgPhotos gives the conversation the bytes of the photos of a report.
type tgPhotos struct{ b *Bot }

// data returns a photo's bytes: kept when it arrived, or downloaded now;
// nil when Telegram does not give it now.
func (p tgPhotos) data(ctx context.Context, fileID string) []byte {
	if ph, err := p.b.st.GetBotPhoto(ctx, fileID); err == nil {
		return ph.Data
	}
	data, err := p.b.downloadPhoto(ctx, fileID)
	if err != nil {
		p.b.log.WarnContext(ctx, "bot: photo not downloaded at filing; a later pass fetches it", "err", err)
		return nil
	}
	return data
}

// filed is told which photos an issue got: the kept bytes are dropped, and
// photos held only by file_id are listed for the background pass.
func (p tgPhotos) filed(ctx context.Context, iss *models.Issue, chatID int64, lang string) {
	for _, ph := range iss.Photos {
		if ph.TelegramFileID == "" {
			continue
		}
		if ph.Size == 0 {
			f := &store.PhotoFetch{IssueID: iss.ID, PhotoID: ph.ID, FileID: ph.TelegramFileID, ChatID: chatID, Lang: lang, NextAt: p.b.clock.Now()}
			if err := p.b.st.PutPhotoFetch(ctx, f); err != nil {
				p.b.log.ErrorContext(ctx, "bot: cannot list photo to fetch", "issue", iss.Code, "err", err)
			}
			continue
		}
		if err := p.b.st.DeleteBotPhoto(ctx, ph.TelegramFileID); err != nil {
			p.b.log.WarnContext(ctx, "bot: cannot drop kept photo", "err", err)
		}
	}
}

// fetchPhotos is the background pass: it fetches the photos of filed
// issues that Telegram did not give before, and tells the resident about
// a photo that cannot be kept. It returns how many it attached.
func (b *Bot) fetchPhotos(ctx context.Context) (int, error) {
	now := b.clock.Now()
	due, err := b.st.DuePhotoFetches(ctx, now, photoFetchBatch)
	if err != nil {
		return 0, err
	}
	done := 0
	for i := range due {
		f := &due[i]
		data, err := b.downloadPhoto(ctx, f.FileID)
		if err == nil {
			err = b.svc.AttachPhotoData(ctx, f.IssueID, f.PhotoID, data)
		}
		switch {
		case err == nil:
			done++
		case retryable(err) && f.Attempts+1 < photoFetchAttempts:
			f.Attempts++
			f.NextAt = now.Add(backoff(f.Attempts, time.Minute, time.Hour))
			if err := b.st.PutPhotoFetch(ctx, f); err != nil {
				return done, err
			}
			continue
		default:
			b.log.WarnContext(ctx, "bot: giving up a photo", "issue", f.IssueID, "err", err)
			if f.ChatID != 0 {
				b.sendReplies(ctx, f.ChatID, []Reply{{Text: tr(f.Lang, "photo_lost", f.IssueID)}})
			}
		}
		if err := b.st.DeletePhotoFetch(ctx, f.ID); err != nil {
			return done, err
		}
	}
	return done, nil
}
