package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/models"
)

// runBot runs the bot (polling) until the test ends.
func (h *harness) runBot() { h.t.Cleanup(h.runBotStoppable()) }

// runBotStoppable runs the bot (polling) until the returned stop is called.
func (h *harness) runBotStoppable() (stop func()) {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func(b *Bot) {
		defer wg.Done()
		if err := b.Run(ctx); err != nil {
			h.t.Errorf("Run: %v", err)
		}
	}(h.bot)
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			wg.Wait()
		})
	}
}

// push gives an update to getUpdates and waits until the bot confirmed it
// (it asks for the next offset only after handling).
func (h *harness) push(u tgbotapi.Update) {
	h.t.Helper()
	up := h.tg.AddUpdate(u)
	telegramtest.WaitFor(h.t, 10*time.Second, "update to be handled", func() bool { return h.tg.Offset() > up.UpdateID })
}

func TestPollingReportWithAlbum(t *testing.T) {
	h := newHarness(t)
	h.runBot()
	// Start-up: commands in Vietnamese and English, no webhook.
	telegramtest.WaitFor(t, 10*time.Second, "setMyCommands", func() bool { return len(h.tg.Calls("setMyCommands")) == 2 })
	if cs := h.tg.Calls("setMyCommands"); cs[0].Get("language_code") != "" || cs[1].Get("language_code") != "en" || !strings.Contains(cs[0].Get("commands"), "Gửi phản ánh") {
		t.Errorf("setMyCommands: %v / %v", cs[0].Params, cs[1].Params)
	}
	if len(h.tg.Calls("deleteWebhook")) != 1 {
		t.Error("polling did not remove the webhook")
	}

	h.push(telegramtest.Text(resident, resident, "/report"))
	h.push(telegramtest.Callback(resident, resident, h.last(resident).MessageID, "c:infrastructure"))
	h.push(telegramtest.Text(resident, resident, "Đèn chiếu sáng kiệt 12 Kim Long hỏng cả dãy"))
	h.push(telegramtest.Location(resident, resident, klLat, klLon))
	before := h.count(resident)
	for i, id := range []string{"ph-a", "ph-b", "ph-c"} {
		caption := ""
		if i == 0 {
			caption = "ảnh chụp tối qua"
		}
		h.push(telegramtest.Photo(resident, resident, id, "album-1", caption))
	}
	if got := h.count(resident) - before; got != 1 {
		t.Errorf("an album of 3 photos got %d answers, want 1", got)
	}
	h.push(telegramtest.Callback(resident, resident, h.last(resident).MessageID, "x:done"))
	if !strings.Contains(h.lastText(resident), "Ảnh: 3") {
		t.Errorf("summary: %q", h.lastText(resident))
	}
	h.push(telegramtest.Callback(resident, resident, h.last(resident).MessageID, "x:send"))
	iss := h.lastIssue(resident)
	if !strings.Contains(h.lastText(resident), iss.Code) {
		t.Errorf("no code in reply: %q", h.lastText(resident))
	}
	var ids []string
	for _, p := range iss.Photos {
		ids = append(ids, p.TelegramFileID)
	}
	if strings.Join(ids, ",") != "ph-a,ph-b,ph-c" {
		t.Errorf("photos = %v", ids)
	}
	// The offset is stored and only advanced past handled updates.
	telegramtest.WaitFor(t, 10*time.Second, "stored offset", func() bool {
		off, _ := h.st.GetBotOffset(h.ctx)
		return off > 0 && h.tg.PendingUpdates() == 0
	})
	// The department group got the card from the sender loop.
	telegramtest.WaitFor(t, 10*time.Second, "card in the group", func() bool { return h.count(infraGroup) > 0 })
}

func TestPollingRestartResumesAtStoredOffset(t *testing.T) {
	h := newHarness(t)
	stop := h.runBotStoppable()
	h.push(telegramtest.Text(resident, resident, "/report"))
	h.push(telegramtest.Callback(resident, resident, h.last(resident).MessageID, "c:environment"))
	stop()
	// Telegram keeps what arrives while the bot is down.
	h.tg.AddUpdate(telegramtest.Text(resident, resident, "Rác thải ùn ứ ở cuối kiệt 14 Kim Long"))
	h.bot = h.newBot()
	h.runBot()
	telegramtest.WaitFor(t, 10*time.Second, "the location question", func() bool {
		return strings.Contains(h.lastText(resident), "Sự việc ở đâu")
	})
	if got := len(h.tg.Sent(resident)); got != 3 {
		t.Errorf("%d messages, want one per update", got)
	}
}

func TestPollingBatchSeenTwiceHandledOnce(t *testing.T) {
	h := newHarness(t)
	u := h.tg.AddUpdate(telegramtest.Text(resident, resident, "/start"))
	// The same batch comes twice when the offset was not stored before a crash.
	for i := 0; i < 2; i++ {
		next, err := h.bot.handleBatch(h.ctx, []tgbotapi.Update{u}, u.UpdateID)
		if err != nil || next != u.UpdateID+1 {
			t.Fatalf("batch %d: next %d, err %v", i, next, err)
		}
	}
	if got := len(h.tg.Sent(resident)); got != 1 {
		t.Errorf("greeted %d times", got)
	}
}

func TestWebhookDuplicateHandledOnce(t *testing.T) {
	h := newHarness(t)
	u := h.deliver(telegramtest.Text(resident, resident, "/report"))
	h.deliver(u)
	if got := len(h.tg.Sent(resident)); got != 1 {
		t.Errorf("the same update answered %d times", got)
	}
}

func TestWebhookRejectsBadSecretAndBody(t *testing.T) {
	h := newHarness(t)
	if err := h.bot.HandleWebhook(h.ctx, "wrong", []byte(`{"update_id":1}`)); err != ErrBadSecret {
		t.Errorf("wrong secret: %v", err)
	}
	if err := h.bot.HandleWebhook(h.ctx, secret, []byte(`{"hello":1}`)); err != ErrBadUpdate {
		t.Errorf("not an update: %v", err)
	}
	if err := h.bot.HandleWebhook(h.ctx, secret, []byte(`{"update_id":77}`)); err != nil {
		t.Errorf("empty update: %v", err)
	}
}

func TestDirectReplyRetried429And500DeliveredOnce(t *testing.T) {
	h := newHarness(t)
	h.tg.FailNext("sendMessage", 1, 429, 3)
	h.tg.FailNext("sendMessage", 1, 500, 0)
	start := h.clk.Now()
	h.say(resident, "/start")
	ok, failed := 0, 0
	for _, c := range h.tg.Calls("sendMessage") {
		if c.OK() {
			ok++
		} else {
			failed++
		}
	}
	if ok != 1 || failed != 2 {
		t.Errorf("sendMessage: %d delivered, %d failed; want 1 and 2", ok, failed)
	}
	if waited := h.clk.Now().Sub(start); waited < 3*time.Second {
		t.Errorf("retried after %s, before retry_after", waited)
	}
}

func TestOutboxRetries429And500DeliversOnce(t *testing.T) {
	h := newHarness(t)
	iss := h.fileReport(resident, "infrastructure", "Nắp cống bị vỡ trước trường tiểu học")
	h.flush() // the card
	h.linkOfficial(official)
	card := h.card(iss)
	h.pressBy(infraGroup, official, card.MessageID, "d:answer:"+iss.ID)
	prompt := h.last(infraGroup)
	h.deliver(telegramtest.Reply(infraGroup, official, prompt.MessageID, "Chúng tôi sẽ thay nắp cống trong tuần này."))

	before := len(h.tg.Sent(resident))
	h.tg.FailNext("sendMessage", 1, 429, 2)
	if n, _ := h.bot.sendDue(h.ctx); n != 1 { // the resident's notice fails, the card edit goes
		t.Logf("first pass delivered %d", n)
	}
	id := "r:" + iss.ID + ":"
	var pending *models.Notification
	ns, _ := h.st.ListNotifications(h.ctx, iss.ID)
	for i := range ns {
		if strings.HasPrefix(ns[i].ID, id) && ns[i].Kind == models.NotifyAnswered {
			pending = &ns[i]
		}
	}
	if pending == nil || pending.Status != models.NotificationPending || !strings.Contains(pending.LastError, "429") {
		t.Fatalf("after 429: %+v", pending)
	}
	if !pending.NextAttemptAt.After(h.clk.Now().Add(time.Second)) {
		t.Errorf("retry at %s, not after retry_after", pending.NextAttemptAt)
	}
	h.tg.FailNext("sendMessage", 1, 502, 0)
	h.clk.Advance(3 * time.Second)
	h.bot.sendDue(h.ctx)
	h.clk.Advance(time.Minute)
	h.flush()
	h.flush()
	var answers int
	for _, c := range h.tg.Sent(resident)[before:] {
		if strings.Contains(c.Get("text"), "Chúng tôi sẽ thay nắp cống") {
			answers++
		}
	}
	if answers != 1 {
		t.Errorf("the answer was delivered %d times", answers)
	}
	n, _ := h.st.GetNotification(h.ctx, pending.ID)
	if n.Status != models.NotificationSent || n.Attempts != 3 {
		t.Errorf("notification: status %s after %d attempts", n.Status, n.Attempts)
	}
}

func TestRepliesFallBackToOutbox(t *testing.T) {
	h := newHarness(t)
	h.tg.FailNext("sendMessage", directTries, 503, 0)
	h.say(resident, "/help")
	if len(h.tg.Sent(resident)) != 0 {
		t.Fatal("delivered despite failures")
	}
	h.clk.Advance(time.Minute)
	if n := h.flush(); n != 1 {
		t.Errorf("outbox delivered %d", n)
	}
	if got := h.lastText(resident); !strings.Contains(got, "/report") {
		t.Errorf("queued reply: %q", got)
	}
}
