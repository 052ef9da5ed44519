package bot

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// Outbox delivery settings.
const (
	sendBatch = 100
	// perChatPerPass bounds one chat's share of a pass, so a busy group
	// waiting for its rate limit does not hold up everyone else.
	perChatPerPass = 3
	sendParallel   = 8
	// sendLease is how long a claimed notification is ours to send.
	sendLease       = 10 * time.Minute
	maxSendAttempts = 12
	sendBackBase    = 5 * time.Second
	sendBackMax     = time.Hour
	// keepHandled is how long handled updates and unanswered prompts are kept.
	keepHandled = 7 * 24 * time.Hour
)

// runSender delivers the outbox until ctx ends: every SendInterval, and
// at once when the bot has just changed an issue.
func (b *Bot) runSender(ctx context.Context) {
	t := time.NewTicker(b.cfg.SendInterval)
	defer t.Stop()
	var pruned, fetched time.Time
	for {
		if _, err := b.sendDue(ctx); err != nil && ctx.Err() == nil {
			b.log.WarnContext(ctx, "bot: outbox pass failed", "err", err)
		}
		if now := b.clock.Now(); now.Sub(fetched) >= photoFetchEvery {
			fetched = now
			if _, err := b.fetchPhotos(ctx); err != nil && ctx.Err() == nil {
				b.log.WarnContext(ctx, "bot: photo pass failed", "err", err)
			}
		}
		if now := b.clock.Now(); now.Sub(pruned) > time.Hour {
			pruned = now
			b.prune(ctx, now)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-b.wake:
		}
	}
}

func (b *Bot) prune(ctx context.Context, now time.Time) {
	if err := b.st.DeleteBotUpdatesBefore(ctx, now.Add(-keepHandled)); err != nil && ctx.Err() == nil {
		b.log.WarnContext(ctx, "bot: cannot prune handled updates", "err", err)
	}
	if err := b.st.DeleteBotPromptsBefore(ctx, now.Add(-keepHandled)); err != nil && ctx.Err() == nil {
		b.log.WarnContext(ctx, "bot: cannot prune prompts", "err", err)
	}
	// A draft's photos live as long as the draft may be finished.
	if err := b.st.DeleteBotPhotosBefore(ctx, now.Add(-staleDraft-time.Hour)); err != nil && ctx.Err() == nil {
		b.log.WarnContext(ctx, "bot: cannot prune downloaded photos", "err", err)
	}
}

// sendDue makes one pass over the due notifications and returns how many
// were delivered. Chats are served in parallel, each in order of events.
func (b *Bot) sendDue(ctx context.Context) (int, error) {
	due, err := b.st.DueNotifications(ctx, b.clock.Now(), sendBatch)
	if err != nil {
		return 0, err
	}
	// The store orders by time and id; ids hold the event number as text,
	// so put the events of an issue back in their order.
	sort.SliceStable(due, func(i, j int) bool {
		a, c := due[i], due[j]
		if !a.CreatedAt.Equal(c.CreatedAt) {
			return a.CreatedAt.Before(c.CreatedAt)
		}
		if a.IssueID != c.IssueID {
			return a.IssueID < c.IssueID
		}
		return a.EventSeq < c.EventSeq
	})
	var order []int64
	byChat := map[int64][]models.Notification{}
	for _, n := range due {
		if n.Channel != models.ChannelTelegram || len(byChat[n.ChatID]) >= perChatPerPass {
			continue
		}
		if _, ok := byChat[n.ChatID]; !ok {
			order = append(order, n.ChatID)
		}
		byChat[n.ChatID] = append(byChat[n.ChatID], n)
	}
	var (
		mu   sync.Mutex
		sent int
		wg   sync.WaitGroup
		sem  = make(chan struct{}, sendParallel)
	)
	for _, chat := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func(list []models.Notification) {
			defer func() { <-sem; wg.Done() }()
			for i := range list {
				if ok := b.deliver(ctx, &list[i]); ok {
					mu.Lock()
					sent++
					mu.Unlock()
				}
			}
		}(byChat[chat])
	}
	wg.Wait()
	return sent, ctx.Err()
}

// deliver sends one notification at most once: it takes a rate-limit
// token, claims the entry (another sender cannot then take it), sends,
// and records the outcome. It reports whether the message went out.
func (b *Bot) deliver(ctx context.Context, n *models.Notification) bool {
	if err := b.tg.lim.wait(ctx, n.ChatID); err != nil {
		return false
	}
	now := b.clock.Now()
	ok, err := b.st.ClaimNotification(ctx, n, now.Add(sendLease))
	if err != nil || !ok {
		return false
	}
	sent, err := b.sendNotification(ctx, n)
	done := context.WithoutCancel(ctx)
	if err == nil {
		if err := b.st.MarkNotificationSent(done, n.ID, b.clock.Now()); err != nil {
			b.log.ErrorContext(ctx, "bot: cannot mark notification sent", "id", n.ID, "err", err)
		}
		return sent
	}
	code, ra, retryable := classify(err)
	next := b.clock.Now()
	final := !retryable || n.Attempts >= maxSendAttempts
	switch {
	case code == http.StatusTooManyRequests:
		next = next.Add(ra)
	case retryable:
		next = next.Add(backoff(n.Attempts, sendBackBase, sendBackMax))
	}
	if ctx.Err() != nil {
		final = false // shutting down: try again at the next start
	}
	msg := fmt.Sprintf("telegram %d: %v", code, err)
	if err := b.st.RetryNotification(done, n.ID, next, msg, final); err != nil {
		b.log.ErrorContext(ctx, "bot: cannot reschedule notification", "id", n.ID, "err", err)
	}
	if final {
		b.log.WarnContext(ctx, "bot: notification dropped", "id", n.ID, "chat", n.ChatID, "err", err)
	}
	return false
}

// sendNotification renders and sends; sent is false when there was nothing
// to send (the entry is done all the same).
func (b *Bot) sendNotification(ctx context.Context, n *models.Notification) (sent bool, err error) {
	if n.Kind == models.NotifyDepartment {
		return true, b.postCard(ctx, n)
	}
	lang := n.Lang
	var iss *models.Issue
	if n.Text == "" {
		if iss, err = b.st.GetIssue(ctx, n.IssueID); err != nil {
			if models.ErrorCodeOf(err) == models.ENotFound {
				return false, nil
			}
			return false, err
		}
	} else {
		iss = &models.Issue{}
	}
	if c, err := b.convs.load(ctx, n.ChatID); err == nil && c.Lang != "" {
		lang = c.Lang // the person may have switched language since filing
	}
	r, skip := notice(pickLang(lang), b.svc.Catalogue(), n, iss)
	if skip {
		return false, nil
	}
	if n.Kind == models.NotifyInfoRequested {
		// The person's next message answers the question: set that up in
		// their chat's queue before they can read the question.
		err := b.queues.do(ctx, n.ChatID, func(ctx context.Context) error {
			_, err := b.engine.Handle(ctx, Input{Kind: inInfoRequested, ChatID: n.ChatID, IssueID: iss.ID, IssueCode: iss.Code})
			return err
		})
		if err != nil {
			return false, err
		}
	}
	if _, err = b.tg.call(ctx, n.ChatID, messageConfig(n.ChatID, r), false); err != nil {
		return false, err
	}
	switch n.Kind {
	case models.NotifyTransferred, models.NotifyEscalated, models.NotifyReturned:
		// Moved, possibly from the web interface: the old department's
		// card gets no post of its own, so bring it up to date here.
		b.refreshOtherCards(ctx, iss, 0)
	}
	return true, nil
}
