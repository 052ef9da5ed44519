package bot

import (
	"context"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// A panic while handling an update becomes an error (the update is
// retried, then dropped) instead of ending the process.
func TestPanicInUpdateHandlingIsAnError(t *testing.T) {
	b := &Bot{log: quietLog(), engine: &Engine{}} // no conversation store: Handle panics
	u := tgbotapi.Update{UpdateID: 7, Message: &tgbotapi.Message{From: &tgbotapi.User{ID: 1}, Chat: &tgbotapi.Chat{ID: 1, Type: "private"}, Text: "hi"}}
	err := b.routeSafely(context.Background(), u)
	if err == nil || !strings.Contains(err.Error(), "panic") {
		t.Fatalf("routeSafely: %v", err)
	}
}
