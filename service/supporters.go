package service

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/civicdesk/civicdesk/models"
)

// supporterNotices are the events residents who said "me too" hear of
// (#7): how the issue moves and how it ends; the reporter's other notices
// (requests for information, ratings) are for the reporter alone.
var supporterNotices = map[models.EventType]bool{
	models.EventTransferred:     true,
	models.EventEscalated:       true,
	models.EventReturned:        true,
	models.EventAnswered:        true,
	models.EventResolved:        true,
	models.EventRejected:        true,
	models.EventMarkedDuplicate: true,
}

// queueSupporterNotifications queues, for the new events supporters hear
// of, a message to each Telegram resident who supports the issue and has
// not asked to stop. Residents are read by _id; ids name the event and the
// chat, so nothing is queued twice.
func (s *Service) queueSupporterNotifications(ctx context.Context, old, iss *models.Issue) {
	if len(iss.SupporterKeys) == 0 {
		return
	}
	from := 0
	if old != nil {
		from = len(old.Timeline)
	}
	var events []models.Event
	for _, e := range iss.Timeline[from:] {
		if supporterNotices[e.Type] {
			events = append(events, e)
		}
	}
	if len(events) == 0 {
		return
	}
	now := s.now()
	for _, key := range iss.SupporterKeys {
		id, ok := strings.CutPrefix(key, "r:")
		if !ok || !strings.HasPrefix(id, "tg:") {
			continue // organisations and other channels have no chat here
		}
		r, err := s.store.GetResident(ctx, id)
		if err != nil || r.ChatID == 0 || r.ChatID == iss.Reporter.Contact.TelegramChatID {
			continue
		}
		if muted, err := s.store.SupportMuted(ctx, iss.ID, id); err != nil || muted {
			continue
		}
		for _, e := range events {
			s.enqueue(ctx, &models.Notification{
				ID:      fmt.Sprintf("s:%s:%d:%d", iss.ID, e.Seq, r.ChatID),
				Channel: models.ChannelTelegram, ChatID: r.ChatID, Lang: r.Lang,
				Kind: models.NotifySupporter, IssueID: iss.ID, IssueCode: iss.Code, EventSeq: e.Seq, Status: models.NotificationPending,
				NextAttemptAt: now, CreatedAt: now,
			})
		}
	}
}

// StopSupportUpdates stops the updates a resident gets about an issue
// they said "me too" to.
func (s *Service) StopSupportUpdates(ctx context.Context, p models.Principal, ref string) error {
	if p.ResidentID == "" {
		return forbidden("auth.residents_support")
	}
	iss, err := s.load(ctx, ref, false)
	if err != nil {
		return err
	}
	if !slices.Contains(iss.SupporterKeys, supporterKey(p)) {
		return models.E(models.EConflict, "support.not_supporting", "code", iss.Code)
	}
	return s.store.MuteSupport(ctx, iss.ID, p.ResidentID, s.now())
}
