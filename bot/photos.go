package bot

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/internal/photometa"
	"github.com/civicdesk/civicdesk/models"
)

// OpenPhoto downloads a photo that reached civicdesk through Telegram:
// issues keep only its file_id, and this fetches the bytes (getFile, then
// the file URL) for the web interface. The caller closes the reader.
func (b *Bot) OpenPhoto(ctx context.Context, fileID string) (io.ReadCloser, string, error) {
	f, err := b.tg.api(ctx).GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		if code, _, _ := classify(err); code == http.StatusBadRequest {
			return nil, "", models.Wrap(models.ENotFound, err, "the photo is no longer available on Telegram")
		}
		return nil, "", models.Wrap(models.EUnavailable, err, "Telegram did not give the photo")
	}
	dctx, cancel := context.WithTimeout(ctx, b.cfg.CallTimeout)
	defer cancel() // the bytes are read below, before returning
	req, err := http.NewRequestWithContext(dctx, http.MethodGet, fmt.Sprintf(b.cfg.FileEndpoint, b.cfg.Token, f.FilePath), nil)
	if err != nil {
		return nil, "", models.Wrap(models.EInternal, err, "cannot build the photo request")
	}
	resp, err := b.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, "", models.Wrap(models.EUnavailable, err, "Telegram did not give the photo")
	}
	if resp.StatusCode != http.StatusOK {
		_ = resp.Body.Close()
		return nil, "", models.Errorf(models.EUnavailable, "Telegram answered %d for the photo", resp.StatusCode)
	}
	defer resp.Body.Close()
	// Photos sent as files are not re-encoded by Telegram and keep their
	// EXIF (GPS position, owner): strip it before anyone sees them (#10).
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4*models.MaxPhotoBytes))
	if err != nil {
		return nil, "", models.Wrap(models.EUnavailable, err, "Telegram did not give the whole photo")
	}
	clean, err := photometa.Strip(data)
	if err != nil {
		return nil, "", models.Errorf(models.EUnavailable, "the photo from Telegram %s", err.Error())
	}
	ct := http.DetectContentType(clean)
	if ct == "application/octet-stream" {
		ct = "image/jpeg"
	}
	return io.NopCloser(bytes.NewReader(clean)), ct, nil
}
