package bot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// client calls the Bot API through tgbotapi, adding what it lacks: a
// context and a time limit per call, the rate limiter and retries.
type client struct {
	base *tgbotapi.BotAPI
	http *http.Client
	// timeout bounds a call other than long polling.
	timeout time.Duration
	lim     *limiter
	clock   Clock
	log     *slog.Logger
}

// ctxDoer attaches a context to tgbotapi's requests, which it builds
// without one, so shutdown and deadlines reach the HTTP call, and bounds
// each request by timeout (0: only by the HTTP client's own timeout).
type ctxDoer struct {
	ctx     context.Context
	c       *http.Client
	timeout time.Duration
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	if d.timeout <= 0 {
		return d.c.Do(req.WithContext(d.ctx))
	}
	ctx, cancel := context.WithTimeout(d.ctx, d.timeout)
	resp, err := d.c.Do(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	// The answer is read after Do returns: the limit ends with it.
	resp.Body = cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// api is a copy of the Bot API client whose requests carry ctx and the
// call time limit. A call Telegram does not answer in time is retried like
// a network failure; it must end well before the outbox lease does.
func (c *client) api(ctx context.Context) *tgbotapi.BotAPI {
	a := *c.base
	a.Client = ctxDoer{ctx: ctx, c: c.http, timeout: c.timeout}
	return &a
}

// longPoll is api for getUpdates, which Telegram holds open for the poll
// timeout: only the HTTP client's timeout (set longer) bounds it.
func (c *client) longPoll(ctx context.Context) *tgbotapi.BotAPI {
	a := *c.base
	a.Client = ctxDoer{ctx: ctx, c: c.http}
	return &a
}

// Retry policy for calls made while a person waits (direct replies,
// callback answers); the outbox keeps its own, persistent schedule.
const (
	directTries    = 4
	directMaxWait  = 30 * time.Second
	directBackBase = 500 * time.Millisecond
)

// call makes one request. Messages to a chat (chatID != 0) wait for the
// rate limiter first, unless the caller took the token already (wait
// false); a 429 holds that chat back for retry_after.
func (c *client) call(ctx context.Context, chatID int64, cfg tgbotapi.Chattable, wait bool) (*tgbotapi.APIResponse, error) {
	if chatID != 0 && wait {
		if err := c.lim.wait(ctx, chatID); err != nil {
			return nil, err
		}
	}
	resp, err := c.api(ctx).Request(cfg)
	if err != nil {
		if code, ra, _ := classify(err); code == http.StatusTooManyRequests && chatID != 0 {
			c.lim.pause(chatID, ra)
		}
		return nil, err
	}
	return resp, nil
}

// callRetry is call with retries: a 429 after its retry_after, a 5xx or
// network failure after a growing pause. It gives up after a few tries,
// or at once when Telegram asks to wait longer than a person would.
func (c *client) callRetry(ctx context.Context, chatID int64, cfg tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	for attempt := 1; ; attempt++ {
		resp, err := c.call(ctx, chatID, cfg, true)
		if err == nil {
			return resp, nil
		}
		_, ra, retryable := classify(err)
		if !retryable || attempt >= directTries || ra > directMaxWait || ctx.Err() != nil {
			return nil, err
		}
		wait := ra
		if wait == 0 {
			wait = backoff(attempt, directBackBase, 8*time.Second)
		}
		c.log.DebugContext(ctx, "bot: retrying Telegram call", "attempt", attempt, "wait", wait, "err", err)
		if err := c.clock.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// send sends a message (with retries) and returns it.
func (c *client) send(ctx context.Context, chatID int64, cfg tgbotapi.Chattable) (tgbotapi.Message, error) {
	resp, err := c.callRetry(ctx, chatID, cfg)
	if err != nil {
		return tgbotapi.Message{}, err
	}
	var m tgbotapi.Message
	if err := json.Unmarshal(resp.Result, &m); err != nil {
		// Sent all the same; only the echo could not be read.
		c.log.WarnContext(ctx, "bot: cannot read sent message", "err", err)
	}
	return m, nil
}

// classify tells what a failed call means: Telegram's error code (0 for
// network failures), how long Telegram asked to wait, and whether trying
// again may work. A timeout is retryable: Telegram (or the way to it) was
// slow, and an http.Client timeout is a context.DeadlineExceeded too, so
// callers check their own ctx to tell that they are the ones stopping.
func classify(err error) (code int, retryAfter time.Duration, retryable bool) {
	if err == nil {
		return 0, 0, false
	}
	if errors.Is(err, context.Canceled) {
		return 0, 0, false
	}
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		var tv tgbotapi.Error
		if errors.As(err, &tv) {
			te = &tv
		}
	}
	if te == nil {
		// Network failures and unreadable answers (a proxy's error page).
		return 0, 0, true
	}
	code = te.Code
	if code == 0 && strings.Contains(te.Message, "Too Many Requests") {
		code = http.StatusTooManyRequests // tgbotapi drops the code of uploads
	}
	switch {
	case code == http.StatusTooManyRequests:
		ra := time.Duration(te.RetryAfter) * time.Second
		if ra <= 0 {
			ra = time.Second
		}
		return code, ra, true
	case code >= 500 || code == 0:
		return code, 0, true
	}
	return code, 0, false
}

// errDescription is Telegram's description of a failed call, lowercased.
func errDescription(err error) string {
	if err == nil {
		return ""
	}
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return strings.ToLower(te.Message)
	}
	return strings.ToLower(err.Error())
}

// notModified: editing a message to what it already says fails with 400,
// which for us means the card is already up to date.
func notModified(err error) bool {
	return err != nil && strings.Contains(errDescription(err), "message is not modified")
}

// messageGone: the message to edit was deleted.
func messageGone(err error) bool {
	d := errDescription(err)
	return err != nil && (strings.Contains(d, "message to edit not found") || strings.Contains(d, "message_id_invalid"))
}
