package bot

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// Bot is civicdesk's Telegram bot: the resident conversation in private
// chats, issue cards with action buttons in department groups, and the
// sender that delivers the outbox.
type Bot struct {
	cfg    Config
	svc    *service.Service
	st     Store
	log    *slog.Logger
	clock  Clock
	tg     *client
	engine *Engine
	convs  convStore
	queues *dispatcher
	wake   chan struct{}
	// username is the bot's @name, learned from getMe.
	username atomic.Value
}

// New creates the bot. It does not contact Telegram: Run does, so a
// Telegram outage does not stop civicdesk from starting.
func New(cfg Config, svc *service.Service, st Store, log *slog.Logger) (*Bot, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	base := &tgbotapi.BotAPI{Token: cfg.Token, Client: cfg.HTTPClient, Buffer: 100}
	base.SetAPIEndpoint(cfg.APIEndpoint)
	b := &Bot{
		cfg: cfg, svc: svc, st: st, log: log, clock: cfg.Clock,
		tg:     &client{base: base, http: cfg.HTTPClient, timeout: cfg.CallTimeout, lim: newLimiter(cfg.Clock), clock: cfg.Clock, log: log},
		convs:  dbConvs{st: st},
		queues: newDispatcher(),
		wake:   make(chan struct{}, 1),
	}
	b.engine = &Engine{svc: svc, convs: b.convs, dir: telegramDir{svc: svc}, clock: cfg.Clock, log: log, channel: models.ChannelTelegram, idem: st, photos: tgPhotos{b}}
	b.username.Store(cfg.BotUsername)
	return b, nil
}

// Username is the bot's @name ("" before Run learned it), for deep links
// such as https://t.me/<name>?start=<invite>.
func (b *Bot) Username() string { return b.username.Load().(string) }

// Run connects to Telegram, registers the commands (and the webhook when
// one is configured), then delivers the outbox and, without a webhook,
// polls for updates, until ctx ends.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.setup(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		b.runSender(ctx)
	}()
	if b.cfg.WebhookURL == "" {
		b.poll(ctx)
	} else {
		<-ctx.Done()
	}
	wg.Wait()
	b.queues.wait()
	return nil
}

// nudgeSender makes the sender look at the outbox now: the bot has just
// changed an issue, and the card or the resident should hear of it.
func (b *Bot) nudgeSender() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// retryStartup runs a start-up call until it works, backing off while
// Telegram is unreachable; errors that retrying cannot fix (a wrong
// token) are returned.
func (b *Bot) retryStartup(ctx context.Context, what string, fn func() error) error {
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil {
			return nil
		}
		if _, _, retryable := classify(err); !retryable || ctx.Err() != nil {
			return err
		}
		wait := backoff(attempt, time.Second, time.Minute)
		b.log.WarnContext(ctx, "bot: Telegram not reachable, retrying", "call", what, "wait", wait, "err", err)
		if err := b.clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}
