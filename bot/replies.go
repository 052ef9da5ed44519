package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// kindReply marks an outbox entry holding a reply that could not be sent
// directly; its Text is sent as is.
const kindReply models.NotificationKind = "bot_reply"

// sendReplies sends the engine's replies in order. The conversation has
// already moved on, so a reply Telegram keeps refusing is not retried by
// handling the update again: it goes to the outbox (without its buttons),
// which retries it on its own schedule.
func (b *Bot) sendReplies(ctx context.Context, chatID int64, replies []Reply) {
	for i, r := range replies {
		_, err := b.tg.send(ctx, chatID, messageConfig(chatID, r))
		if err == nil {
			continue
		}
		if _, _, retryable := classify(err); !retryable || ctx.Err() != nil {
			b.log.WarnContext(ctx, "bot: reply not delivered", "chat", chatID, "err", err)
			continue
		}
		for _, later := range replies[i:] {
			b.queueReply(ctx, chatID, later.Text)
		}
		return
	}
}

// queuedReplies numbers the replies queued by this process: replies
// queued in the same millisecond (the rest of one answer) keep their
// order in the outbox, whose ids are random.
var queuedReplies atomic.Int64

func (b *Bot) queueReply(ctx context.Context, chatID int64, text string) {
	var id [8]byte
	_, _ = rand.Read(id[:])
	now := b.clock.Now().UTC().Truncate(time.Millisecond)
	n := &models.Notification{
		ID: "reply:" + hex.EncodeToString(id[:]), Channel: models.ChannelTelegram, ChatID: chatID, Kind: kindReply,
		EventSeq: int(queuedReplies.Add(1)),
		Text:     text, Status: models.NotificationPending, NextAttemptAt: now.Add(5 * time.Second), CreatedAt: now,
	}
	if err := b.st.EnqueueNotification(context.WithoutCancel(ctx), n); err != nil {
		b.log.ErrorContext(ctx, "bot: reply lost", "chat", chatID, "err", err)
	}
}
