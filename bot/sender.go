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
// were delivered. Chats are served in parallel, each in the order its
// notifications were produced: a chat whose earlier notification waits
// for a retry (or is being sent by another sender) sends nothing after it
// until it went, and a pass stops a chat at its first failure.
func (b *Bot) sendDue(ctx context.Context) (int, error) {
	now := b.clock.Now()
	due, err := b.st.DueNotifications(ctx, now, sendBatch)
	if err != nil {
		return 0, err
	}
	var chats []int64
	seen := map[int64]bool{}
	for _, n := range due {
		if n.Channel == models.ChannelTelegram && !seen[n.ChatID] {
			seen[n.ChatID] = true
			chats = append(chats, n.ChatID)
		}
	}
	// The due list may leave out a chat's earlier entries (not due yet,
	// or beyond the batch): its order comes from all its pending ones.
	pending, err := b.st.PendingNotificationsOf(ctx, chats)
	if err != nil {
		return 0, err
	}
	sortProduced(pending)
	byChat := map[int64][]models.Notification{}
	blocked := map[int64]bool{}
	for _, n := range pending {
		switch {
		case n.Channel != models.ChannelTelegram || blocked[n.ChatID]:
		case n.NextAttemptAt.After(now):
			blocked[n.ChatID] = true
		case len(byChat[n.ChatID]) < perChatPerPass:
			byChat[n.ChatID] = append(byChat[n.ChatID], n)
		}
	}
	var (
		mu   sync.Mutex
		sent int
		wg   sync.WaitGroup
		sem  = make(chan struct{}, sendParallel)
	)
	for _, chat := range chats {
		list := byChat[chat]
		if len(list) == 0 {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			for i := range list {
				res := b.deliver(ctx, &list[i])
				if res == delivered {
					mu.Lock()
					sent++
					mu.Unlock()
				}
				if res == later {
					return // the rest of the chat waits for this one
				}
			}
		}()
	}
	wg.Wait()
	return sent, ctx.Err()
}

// sortProduced puts notifications in the order they were produced: by
// time, then, for one instant, by issue and event number (the store's
// order by id would put event 10 before event 9) or, for replies the bot
// queued, the order it queued them in.
func sortProduced(ns []models.Notification) {
	sort.SliceStable(ns, func(i, j int) bool {
		a, c := ns[i], ns[j]
		if !a.CreatedAt.Equal(c.CreatedAt) {
			return a.CreatedAt.Before(c.CreatedAt)
		}
		if a.IssueID != c.IssueID {
			return a.IssueID < c.IssueID
		}
		return a.EventSeq < c.EventSeq
	})
}

// outcome is what became of one attempt to deliver a notification.
type outcome int

const (
	// delivered: the message went out.
	delivered outcome = iota
	// settled: nothing to send, or given up; the chat's next may go.
	settled
	// later: not sent now (a retry is scheduled, another sender has it,
	// or the bot is stopping); the chat's next must wait.
	later
)

// deliver sends one notification: it takes a rate-limit token, claims the
// entry (another sender cannot then take it), sends, and records the
// outcome. Telegram has no idempotency key: when a send's answer is lost
// (timeout, dropped connection) after Telegram took the message, the retry
// sends it again, so delivery is at least once in that case, and exactly
// once whenever Telegram answered.
func (b *Bot) deliver(ctx context.Context, n *models.Notification) outcome {
	if err := b.tg.lim.wait(ctx, n.ChatID); err != nil {
		return later
	}
	now := b.clock.Now()
	ok, err := b.st.ClaimNotification(ctx, n, now.Add(sendLease))
	if err != nil || !ok {
		return later
	}
	sent, err := b.sendNotification(ctx, n)
	done := context.WithoutCancel(ctx)
	if err == nil {
		if err := b.st.MarkNotificationSent(done, n.ID, b.clock.Now()); err != nil {
			b.log.ErrorContext(ctx, "bot: cannot mark notification sent", "id", n.ID, "err", err)
		}
		if sent {
			return delivered
		}
		return settled
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
		return settled
	}
	return later
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
