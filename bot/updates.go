package bot

import (
	"context"
	"errors"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/tgupdate"
	"github.com/civicdesk/civicdesk/store"
)

const (
	// claimTimeout is how long an update claimed by a process that died
	// stays blocked before another attempt handles it.
	claimTimeout = 2 * time.Minute
	// maxUpdateAttempts: an update that failed this often is dropped (and
	// logged) so one bad update cannot stop the bot.
	maxUpdateAttempts = 5
)

// errBusy: the update is being handled elsewhere; try it again later.
var errBusy = errors.New("bot: update is being handled by another attempt")

// handleUpdate handles an update once, however often it is delivered: the
// processed-updates collection records it before and after.
func (b *Bot) handleUpdate(ctx context.Context, u tgbotapi.Update) error {
	now := b.clock.Now()
	state, attempts, err := b.st.ClaimBotUpdate(ctx, u.UpdateID, now, now.Add(-claimTimeout))
	switch {
	case err != nil:
		return err
	case state == store.BotUpdateDone:
		return nil
	case state == store.BotUpdateBusy:
		return errBusy
	case attempts > maxUpdateAttempts:
		b.log.ErrorContext(ctx, "bot: dropping an update that keeps failing", "update", u.UpdateID, "attempts", attempts)
		return b.st.FinishBotUpdate(ctx, u.UpdateID, now)
	}
	if err := b.routeSafely(ctx, u); err != nil {
		if rerr := b.st.ReleaseBotUpdate(context.WithoutCancel(ctx), u.UpdateID); rerr != nil {
			b.log.WarnContext(ctx, "bot: cannot release update", "update", u.UpdateID, "err", rerr)
		}
		return err
	}
	b.nudgeSender()
	if err := b.st.FinishBotUpdate(ctx, u.UpdateID, b.clock.Now()); err != nil {
		// Handled all the same: failing now would only get it handled twice.
		b.log.WarnContext(ctx, "bot: cannot mark update handled", "update", u.UpdateID, "err", err)
	}
	return nil
}

// route does what an update asks (tgupdate.Decide says what that is).
// Every pressed button is answered, also when handling fails, or the
// person's app keeps spinning.
func (b *Bot) route(ctx context.Context, u tgbotapi.Update) error {
	d := tgupdate.Decide(u, b.Username())
	switch d.Kind {
	case tgupdate.Private:
		if d.Callback != nil {
			return b.privateButton(ctx, d.Callback, d.Input)
		}
		return b.private(ctx, d.Input)
	case tgupdate.GroupMessage:
		return b.groupMessage(ctx, d.Message, d.Command, d.Args)
	case tgupdate.GroupButton:
		return b.groupCallback(ctx, d.Callback)
	case tgupdate.ExpiredButton:
		b.answer(ctx, d.Callback, tr("vi", "expired"), false)
	}
	return nil
}

// privateButton handles a button pressed in a private chat.
func (b *Bot) privateButton(ctx context.Context, q *tgbotapi.CallbackQuery, in Input) error {
	out, err := b.engine.Handle(ctx, in)
	if err != nil {
		b.answer(ctx, q, tr("vi", "err_unavailable"), false)
		return err
	}
	b.answer(ctx, q, out.Toast, out.Alert)
	b.sendReplies(ctx, in.ChatID, out.Replies)
	return nil
}

// private runs an input through the conversation and sends the replies.
// A photo is downloaded first, so the person hears at once when it
// cannot be kept.
func (b *Bot) private(ctx context.Context, in Input) error {
	if in.Kind == InPhoto && in.PhotoID != "" {
		in.PhotoErr = b.keepPhoto(ctx, in.PhotoID)
	}
	out, err := b.engine.Handle(ctx, in)
	if err != nil {
		return err
	}
	b.sendReplies(ctx, in.ChatID, out.Replies)
	return nil
}

// answer answers a callback query (a short notice on the person's phone).
func (b *Bot) answer(ctx context.Context, q *tgbotapi.CallbackQuery, text string, alert bool) {
	cfg := tgbotapi.CallbackConfig{CallbackQueryID: q.ID, Text: truncate(text, 200), ShowAlert: alert}
	if _, err := b.tg.callRetry(ctx, 0, cfg); err != nil {
		b.log.WarnContext(ctx, "bot: cannot answer callback query", "err", err)
	}
}
