package bot

import (
	"context"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/tgupdate"
)

// poll fetches updates with getUpdates until ctx ends. The offset is kept
// in the database and moves past an update only once it was handled, so a
// restart continues where the bot stopped; updates handled but not yet
// confirmed come again and are recognised as handled.
func (b *Bot) poll(ctx context.Context) {
	failures := 0
	pause := func() bool {
		failures++
		return b.clock.Sleep(ctx, backoff(failures, time.Second, time.Minute)) == nil
	}
	offset, err := b.st.GetBotOffset(ctx)
	for err != nil {
		b.log.WarnContext(ctx, "bot: cannot read the polling offset", "err", err)
		if !pause() {
			return
		}
		offset, err = b.st.GetBotOffset(ctx)
	}
	failures = 0
	for ctx.Err() == nil {
		updates, err := b.tg.longPoll(ctx).GetUpdates(tgbotapi.UpdateConfig{
			Offset: offset, Limit: 100, Timeout: int(b.cfg.PollTimeout / time.Second), AllowedUpdates: allowedUpdates,
		})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			b.log.WarnContext(ctx, "bot: getUpdates failed", "err", err)
			if !pause() {
				return
			}
			continue
		}
		next, err := b.handleBatch(ctx, updates, offset)
		if next > offset {
			offset = next
			if err := b.st.SetBotOffset(ctx, offset); err != nil && ctx.Err() == nil {
				// Not fatal: the updates come again and are skipped as handled.
				b.log.WarnContext(ctx, "bot: cannot store the polling offset", "err", err)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			b.log.WarnContext(ctx, "bot: handling an update failed; it will be retried", "err", err)
			if !pause() {
				return
			}
			continue
		}
		failures = 0
	}
}

// handleBatch handles a batch of updates (chats in parallel, each chat in
// order) and returns the offset up to which all were handled, with the
// first error.
func (b *Bot) handleBatch(ctx context.Context, updates []tgbotapi.Update, offset int) (int, error) {
	results := make([]<-chan error, len(updates))
	for i, u := range updates {
		results[i] = b.queues.submit(ctx, tgupdate.ChatOf(u), func(ctx context.Context) error { return b.handleUpdate(ctx, u) })
	}
	next := offset
	var first error
	for i, u := range updates {
		err := <-results[i]
		if err != nil && first == nil {
			first = err
		}
		if first == nil && u.UpdateID >= next {
			next = u.UpdateID + 1
		}
	}
	return next, first
}
