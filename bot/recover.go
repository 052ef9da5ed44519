package bot

import (
	"context"
	"fmt"
	"runtime/debug"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// routeSafely routes an update, turning a panic into an error: one odd
// update must not stop the bot (it is retried, then dropped after
// maxUpdateAttempts), and the process keeps serving everyone else (#10).
func (b *Bot) routeSafely(ctx context.Context, u tgbotapi.Update) (err error) {
	defer func() {
		if r := recover(); r != nil {
			b.log.ErrorContext(ctx, "bot: handling an update panicked", "update", u.UpdateID, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("bot: update %d: panic: %v", u.UpdateID, r)
		}
	}()
	return b.route(ctx, u)
}
