package bot

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/bot/tgupdate"
)

// Errors of HandleWebhook that are the caller's fault.
var (
	// ErrBadSecret: the X-Telegram-Bot-Api-Secret-Token header is wrong (or
	// no webhook secret is configured). Answer 401.
	ErrBadSecret = errors.New("bot: wrong webhook secret token")
	// ErrBadUpdate: the body is not a Telegram update. Answer 400.
	ErrBadUpdate = errors.New("bot: the webhook body is not a Telegram update")
)

// webhookTimeout bounds handling one webhook update; Telegram itself gives
// up on a webhook call after about a minute and sends it again.
const webhookTimeout = 55 * time.Second

// HandleWebhook handles one update that Telegram POSTed to the webhook.
// secretHeader is the X-Telegram-Bot-Api-Secret-Token request header. It
// returns once the update is handled; any error other than ErrBadSecret
// and ErrBadUpdate should be answered with 500, so Telegram delivers the
// update again (it is handled once all the same).
func (b *Bot) HandleWebhook(ctx context.Context, secretHeader string, body []byte) error {
	want := b.cfg.WebhookSecret
	if want == "" || subtle.ConstantTimeCompare([]byte(secretHeader), []byte(want)) != 1 {
		return ErrBadSecret
	}
	u, err := tgupdate.Decode(body)
	if err != nil {
		return ErrBadUpdate
	}
	// Handling goes on even if Telegram hangs up: it then redelivers, and
	// the update is recognised as handled.
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhookTimeout)
	done := b.queues.submit(hctx, tgupdate.ChatOf(u), func(ctx context.Context) error { return b.handleUpdate(ctx, u) })
	res := make(chan error, 1)
	go func() {
		defer cancel()
		res <- <-done
	}()
	select {
	case err := <-res:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WebhookHandler serves the webhook in Fiber: app.Post(path, b.WebhookHandler()).
func (b *Bot) WebhookHandler() fiber.Handler {
	return func(c *fiber.Ctx) error {
		err := b.HandleWebhook(c.UserContext(), c.Get("X-Telegram-Bot-Api-Secret-Token"), c.Body())
		switch {
		case errors.Is(err, ErrBadSecret):
			return c.SendStatus(http.StatusUnauthorized)
		case errors.Is(err, ErrBadUpdate):
			return c.SendStatus(http.StatusBadRequest)
		case err != nil:
			b.log.WarnContext(c.UserContext(), "bot: webhook update failed; Telegram will retry", "err", err)
			return c.SendStatus(http.StatusInternalServerError)
		}
		return c.SendStatus(http.StatusOK)
	}
}
