package bot

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// Proof under faults (#10): the fake Bot API fails about one call in three
// — 429 with retry_after, 500, timeouts and dropped connections, some of
// them after Telegram took the call — and the bot still delivers.

// faultSeed seeds the fault plans. The plans are deterministic, and the
// tests check that this seed exercises every kind of fault they prove
// something about; if a change of the bot's calls makes one go missing,
// pick another seed.
const faultSeed = 10

// pollingFaultSeed seeds the polling test, whose few getUpdates calls
// meet both refusals and lost batches with it.
const pollingFaultSeed = 12

// faultCallTimeout is the bot's call time limit under faults: the fake
// holds a timed-out call until the bot gives up, so this is what each
// timeout costs in real time. A plain call slower than this (a loaded
// machine) is recorded by the fake as an answer lost late, and counted.
const faultCallTimeout = 500 * time.Millisecond

// newFaultHarness is a harness whose bot gives up on a call quickly and
// whose fake Telegram stamps calls with the test clock.
func newFaultHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarnessWith(t, func(c *Config) { c.CallTimeout = faultCallTimeout })
	h.tg.SetClock(h.clk.Now)
	return h
}

// drain runs sender passes until the outbox has nothing left to send,
// moving the test clock to each next retry instead of sleeping; it fails
// the test if that takes longer than limit in real time.
func (h *harness) drain(limit time.Duration) (passes int) {
	h.t.Helper()
	end := time.Now().Add(limit)
	for ; ; passes++ {
		sent, err := h.bot.sendDue(h.ctx)
		if err != nil {
			h.t.Fatal(err)
		}
		left, err := h.st.DueNotifications(h.ctx, h.clk.Now().Add(1000*time.Hour), 1000)
		if err != nil {
			h.t.Fatal(err)
		}
		if len(left) == 0 {
			return passes
		}
		if time.Now().After(end) {
			h.t.Fatalf("after %d passes, %d notifications are still pending; first: %+v", passes, len(left), left[0])
		}
		if sent > 0 {
			continue
		}
		// Nothing went: what is due waits behind a retry in its chat.
		// Move on to the next retry.
		now := h.clk.Now()
		var next time.Time
		for _, n := range left {
			if n.NextAttemptAt.After(now) && (next.IsZero() || n.NextAttemptAt.Before(next)) {
				next = n.NextAttemptAt
			}
		}
		if !next.IsZero() {
			h.clk.Set(next)
		}
	}
}

// setFaults starts a fault plan on the fake Telegram.
func (h *harness) setFaults(p telegramtest.FaultPlan) {
	h.seed = p.Seed
	h.tg.SetFaults(&p)
}

// faultsOn counts the planned faults met by calls of a method.
func (h *harness) faultsOn(method string) map[telegramtest.Fault]int {
	out := map[telegramtest.Fault]int{}
	for _, c := range h.tg.Calls(method) {
		if c.Fault != "" {
			out[c.Fault]++
		}
	}
	return out
}

// requireFaults fails the test unless every kind of fault occurred on
// method: a proof under faults that met none proves nothing.
func (h *harness) requireFaults(method string, kinds ...telegramtest.Fault) {
	h.t.Helper()
	got := h.faultsOn(method)
	for _, k := range kinds {
		if got[k] == 0 {
			h.t.Errorf("the plan (seed %d) gave %s no %q fault (%v): choose another seed", h.seed, method, k, got)
		}
	}
	h.t.Logf("%s faults: %v", method, got)
}

// requireLostAnswers fails the test unless some calls of method took
// effect and lost their answer, and some were refused: the two cases a
// duplicate test must meet.
func (h *harness) requireLostAnswers(method string) {
	h.t.Helper()
	lost, refused := 0, 0
	got := h.faultsOn(method)
	for f, n := range got {
		if f.AfterAccept() {
			lost += n
		} else {
			refused += n
		}
	}
	if lost == 0 || refused == 0 {
		h.t.Errorf("the plan (seed %d) gave %s %d lost answers and %d refusals (%v), want some of each: choose another seed", h.seed, method, lost, refused, got)
	}
	h.t.Logf("%s faults: %v", method, got)
}

// checkRetryAfter checks that after a 429 the bot sent nothing to that
// chat before retry_after had passed (on the test clock).
func (h *harness) checkRetryAfter() {
	h.t.Helper()
	held := map[int64]telegramtest.Call{} // chat → its latest unanswered 429
	for _, c := range h.tg.Calls("") {
		chat := c.ChatID()
		if chat == 0 {
			continue
		}
		if prev, ok := held[chat]; ok {
			delete(held, chat)
			if until := prev.At.Add(time.Second); c.At.Before(until) {
				h.t.Errorf("chat %d: %s at %s, %s before the 429's retry_after ended", chat, c.Method,
					c.At.Format("15:04:05.000"), until.Sub(c.At))
			}
		}
		if c.Status == 429 {
			held[chat] = c
		}
	}
}

// checkDelivery checks a chat's messages since message from against the
// notifications produced for it, each named by a marker its text holds:
// every one arrived, in the order produced; exactly once when the bot got
// Telegram's answer, and one more time for each send whose answer was
// lost after Telegram took the message (Telegram has no idempotency key,
// so nothing can tell such a send from one that failed). It returns how
// many copies those lost answers made.
func (h *harness) checkDelivery(chat int64, from int, want []string) (extra int) {
	h.t.Helper()
	markerOf := func(text string) string {
		found := ""
		for _, w := range want {
			if strings.Contains(text, w) {
				if found != "" {
					h.t.Fatalf("chat %d: %q holds two markers", chat, text)
				}
				found = w
			}
		}
		return found
	}
	// Copies in the chat, collapsed where they follow each other.
	var got []string
	copies := map[string]int{}
	for _, m := range h.tg.Messages(chat) {
		if m.MessageID <= from {
			continue
		}
		w := markerOf(m.Text)
		if w == "" {
			h.t.Errorf("chat %d: unexpected message %q", chat, m.Text)
			continue
		}
		if copies[w] > 0 && got[len(got)-1] != w {
			h.t.Errorf("chat %d: %q came again after %q", chat, w, got[len(got)-1])
		}
		if copies[w] == 0 {
			got = append(got, w)
		}
		copies[w]++
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		h.t.Errorf("chat %d: notifications arrived as\n  %s\nwant\n  %s", chat, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	// Sends Telegram took, split by whether the bot heard back.
	answered, lost := map[string]int{}, map[string]int{}
	for _, c := range h.tg.Sent(chat) {
		w := markerOf(c.Get("text"))
		switch {
		case w == "":
		case c.Fault.AfterAccept():
			lost[w]++
		default:
			answered[w]++
		}
	}
	for _, w := range want {
		if answered[w] != 1 {
			h.t.Errorf("chat %d: %q was taken by Telegram with an answer %d times, want once", chat, w, answered[w])
		}
		if copies[w] != 1+lost[w] {
			h.t.Errorf("chat %d: %q is in the chat %d times, with %d answers lost after it was taken", chat, w, copies[w], lost[w])
		}
		extra += lost[w]
	}
	return extra
}

// A burst of status changes on many residents' issues, and the cards of
// the department's group, go out while Telegram fails a third of the
// calls. Every resident gets every notification in the order the changes
// were made, once — plus one copy per answer lost after Telegram took the
// message, which the test counts against the fake's record — and every
// issue has one card, up to date. Nothing ends failed or pending.
func TestNotificationBurstUnderFaults(t *testing.T) {
	h := newFaultHarness(t)
	const residents, perResident = 6, 3
	type filed struct {
		iss  *models.Issue
		chat int64
	}
	var issues []filed
	from := map[int64]int{}
	for r := 0; r < residents; r++ {
		chat := int64(7001 + r)
		for i := 0; i < perResident; i++ {
			// The photo is shown under the card.
			photo := fmt.Sprintf("burst-%d-%d", chat, i)
			iss := h.fileReport(chat, "infrastructure", fmt.Sprintf("Đèn đường số %d trước nhà cư dân %d không sáng", i+1, chat), photo)
			issues = append(issues, filed{iss, chat})
		}
		from[chat] = h.count(chat)
	}
	// The cards of the new issues are still in the outbox: they are
	// posted under faults too.
	u, err := h.svc.CreateUser(h.ctx, testenv.Admin(), service.NewUser{Username: "kl.burst", Name: "Cán bộ", Role: models.RoleOfficial,
		Department: issues[0].iss.Routing.Department, Password: "Correct-Horse-Battery-9"})
	if err != nil {
		t.Fatal(err)
	}
	official := models.Principal{Kind: models.ActorOfficial, User: u}

	h.setFaults(telegramtest.FaultPlan{Seed: faultSeed})
	want := map[int64][]string{}
	rounds := []struct {
		act    service.ActionType
		marker string
	}{
		{service.ActAnswer, "Trả lời lần 1 về %s."},
		{service.ActAnswer, "Trả lời lần 2 về %s."},
		{service.ActResolve, "Đã sửa xong %s."},
	}
	for _, round := range rounds {
		// A resident's changes alternate between their issues.
		for i := 0; i < perResident; i++ {
			for r := 0; r < residents; r++ {
				f := issues[r*perResident+i]
				msg := fmt.Sprintf(round.marker, f.iss.Code)
				h.clk.Advance(time.Second) // the order of production is the order of time
				if _, err := h.svc.Do(h.ctx, official, f.iss.ID, service.Action{Type: round.act, Message: msg}); err != nil {
					t.Fatalf("%s %s: %v", round.act, f.iss.Code, err)
				}
				want[f.chat] = append(want[f.chat], msg)
			}
		}
		// The sender works while changes come in.
		for i := 0; i < 2; i++ {
			if _, err := h.bot.sendDue(h.ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	passes := h.drain(2 * time.Minute)
	h.tg.SetFaults(nil)

	extra := 0
	for r := 0; r < residents; r++ {
		chat := int64(7001 + r)
		extra += h.checkDelivery(chat, from[chat], want[chat])
	}
	cardCopies := 0
	for _, f := range issues {
		iss := h.issue(f.iss.ID)
		for _, n := range mustNotifications(t, h, iss.ID) {
			if n.Status != models.NotificationSent {
				t.Errorf("%s: notification %s ended %s (%s)", iss.Code, n.ID, n.Status, n.LastError)
			}
		}
		text, _ := renderCard(h.svc.Catalogue(), iss, iss.Routing.Department)
		if card := h.card(iss); card.Text != text || len(card.Buttons()) != 0 {
			t.Errorf("%s: the card is not up to date:\n%s\nwant\n%s", iss.Code, card.Text, text)
		}
		// One card per issue, plus a copy for each post whose answer was
		// lost after Telegram took it.
		answered, lost := 0, 0
		for _, c := range h.tg.Sent(infraGroup) {
			if strings.Contains(c.Get("text"), iss.Code+" · ") {
				if c.Fault.AfterAccept() {
					lost++
				} else {
					answered++
				}
			}
		}
		if answered != 1 {
			t.Errorf("%s: %d cards posted with an answer, want 1", iss.Code, answered)
		}
		cardCopies += lost
		for _, ph := range iss.Photos {
			answered, lost := 0, 0
			for _, c := range h.tg.Calls("sendPhoto") {
				if c.ChatID() == infraGroup && c.Get("photo") == ph.TelegramFileID && c.OK() {
					if c.Fault.AfterAccept() {
						lost++
					} else {
						answered++
					}
				}
			}
			if answered != 1 {
				t.Errorf("%s: photo %s shown under the card with an answer %d times (and %d lost), want once", iss.Code, ph.TelegramFileID, answered, lost)
			}
			cardCopies += lost
		}
	}
	h.checkRetryAfter()
	h.requireFaults("sendMessage", telegramtest.AllFaults...)
	h.requireFaults("editMessageText", telegramtest.Fault429, telegramtest.Fault500, telegramtest.FaultTimeout, telegramtest.FaultDrop)
	h.requireFaults("sendPhoto", telegramtest.Fault429, telegramtest.Fault500, telegramtest.FaultTimeout, telegramtest.FaultDrop)
	t.Logf("%d issues, %d notifications to residents in %d passes; %d duplicate notices and %d duplicate cards or card photos from answers lost after Telegram took the message",
		len(issues), len(issues)*len(rounds), passes, extra, cardCopies)
	if extra == 0 {
		t.Error("no answer to a resident's notice was lost after Telegram took it: the at-least-once case went untested")
	}
}

func mustNotifications(t *testing.T, h *harness, issueID string) []models.Notification {
	t.Helper()
	ns, err := h.st.ListNotifications(h.ctx, issueID)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

// fetchAllPhotos runs the background photo pass until no photo is left to
// fetch, moving the test clock to each next try.
func (h *harness) fetchAllPhotos() (passes int) {
	h.t.Helper()
	for ; ; passes++ {
		if _, err := h.bot.fetchPhotos(h.ctx); err != nil {
			h.t.Fatal(err)
		}
		left, err := h.st.DuePhotoFetches(h.ctx, h.clk.Now().Add(1000*time.Hour), 100)
		if err != nil {
			h.t.Fatal(err)
		}
		if len(left) == 0 {
			return passes
		}
		if passes > 100 {
			h.t.Fatalf("%d photos still to fetch after %d passes", len(left), passes)
		}
		next := left[0].NextAt
		for _, f := range left {
			if f.NextAt.Before(next) {
				next = f.NextAt
			}
		}
		if next.After(h.clk.Now()) {
			h.clk.Set(next)
		}
	}
}

// Residents' photos whose getFile or download fails (500, timeout,
// dropped connection, a download cut short) are fetched again — when they
// arrive, when the report is filed, then by the background pass — and all
// end stored with their very bytes. Every report is filed; nobody is told
// a photo was lost, because none was.
func TestPhotosFetchedUnderFaults(t *testing.T) {
	h := newFaultHarness(t)
	h.setFaults(telegramtest.FaultPlan{Seed: faultSeed, Rate: 0.5, Methods: []string{"getFile", "file"},
		Faults: []telegramtest.Fault{telegramtest.Fault500, telegramtest.FaultTimeout, telegramtest.FaultDrop, telegramtest.FaultDropAfter}})
	const residents, photos = 4, 3
	var issues []*models.Issue
	waited := 0
	for r := 0; r < residents; r++ {
		chat := int64(7101 + r)
		var ids []string
		for p := 0; p < photos; p++ {
			ids = append(ids, fmt.Sprintf("ph-%d-%d", chat, p))
		}
		iss := h.fileReport(chat, "infrastructure", fmt.Sprintf("Ổ gà lớn trước nhà cư dân %d", chat), ids...)
		if len(iss.Photos) != photos {
			t.Fatalf("%s filed with %d photos, want %d", iss.Code, len(iss.Photos), photos)
		}
		for _, ph := range iss.Photos {
			if ph.Size == 0 {
				waited++
			}
		}
		issues = append(issues, iss)
	}
	if waited == 0 {
		t.Fatal("every photo came at once: the background pass went untested")
	}
	passes := h.fetchAllPhotos()
	for _, iss := range issues {
		iss = h.issue(iss.ID)
		for _, ph := range iss.Photos {
			data, err := h.svc.Photo(h.ctx, iss.Code, ph.ID)
			if err != nil || ph.Size == 0 || string(data.Data) != string(telegramtest.PhotoBytes(ph.TelegramFileID)) {
				t.Errorf("%s: photo %s not stored as sent (size %d, err %v)", iss.Code, ph.TelegramFileID, ph.Size, err)
			}
		}
		chat := iss.Reporter.Contact.TelegramChatID
		if text := h.textsSince(chat, 0); strings.Contains(text, "không lưu được") {
			t.Errorf("%s: the resident was told a photo was lost:\n%s", iss.Code, text)
		}
	}
	h.requireFaults("getFile", telegramtest.Fault500, telegramtest.FaultTimeout, telegramtest.FaultDrop, telegramtest.FaultDropAfter)
	h.requireFaults("file", telegramtest.Fault500, telegramtest.FaultTimeout, telegramtest.FaultDrop, telegramtest.FaultCut)
	t.Logf("%d of %d photos were left to the background pass, which took %d passes", waited, residents*photos, passes)
}

// A photo Telegram never gives is given up after the pass's attempts, the
// resident is told once, and the report stays as it was.
func TestPhotoGivenUpAfterAttemptsIsReportedOnce(t *testing.T) {
	h := newFaultHarness(t)
	h.setFaults(telegramtest.FaultPlan{Seed: faultSeed, Rate: 1, Methods: []string{"getFile"},
		Faults: []telegramtest.Fault{telegramtest.Fault500, telegramtest.FaultTimeout, telegramtest.FaultDrop}})
	iss := h.fileReport(resident, "infrastructure", "Cống thoát nước bị tắc ở kiệt 7", "ph-never")
	from := h.count(resident)
	h.fetchAllPhotos()
	if got := len(h.tg.Calls("getFile")); got != 2+photoFetchAttempts {
		t.Errorf("getFile called %d times, want 2 + %d", got, photoFetchAttempts)
	}
	h.expect(resident, from, "không lưu được", iss.Code)
	if got := h.count(resident) - from; got != 1 {
		t.Errorf("the resident got %d messages, want 1", got)
	}
	if got := h.issue(iss.ID); got.Status != models.StatusRouted || len(got.Photos) != 1 {
		t.Errorf("the report changed: %s, %d photos", got.Status, len(got.Photos))
	}
}

// reporters are residents filing at once in the duplicate tests, each in
// their own category (so none is offered the others' issue as "me too").
var reporters = []struct {
	chat     int64
	category string
}{{7201, "infrastructure"}, {7202, "environment"}, {7203, "security"}}

func reportText(chat int64) string {
	return fmt.Sprintf("Cột điện nghiêng sắp đổ ở kiệt 9 Kim Long (cư dân %d)", chat)
}

// reportUpdates is a resident's report, update by update, as Telegram
// delivers it (buttons are pressed by their data; the bot does not look
// at which message held them).
func reportUpdates(chat int64, category string) []tgbotapi.Update {
	return []tgbotapi.Update{
		telegramtest.Text(chat, chat, "/report"),
		telegramtest.Callback(chat, chat, 1, "c:"+category),
		telegramtest.Text(chat, chat, reportText(chat)),
		telegramtest.Location(chat, chat, klLat, klLon),
		telegramtest.Callback(chat, chat, 1, "x:done"),
		telegramtest.Callback(chat, chat, 1, "x:send"),
	}
}

// conversationSteps are the reporters' conversations, step by step: step k
// holds every reporter's k-th update. Update ids grow from firstID in that
// order, as Telegram numbers updates as they come.
func conversationSteps(firstID int) [][]tgbotapi.Update {
	var steps [][]tgbotapi.Update
	for r, rep := range reporters {
		for k, u := range reportUpdates(rep.chat, rep.category) {
			if k == len(steps) {
				steps = append(steps, nil)
			}
			u.UpdateID = firstID + k*len(reporters) + r
			steps[k] = append(steps[k], u)
		}
	}
	return steps
}

// repliesToReports is how many messages each reporter gets without
// faults, each update delivered once.
func repliesToReports(t *testing.T) map[int64]int {
	t.Helper()
	h := newHarness(t)
	for _, step := range conversationSteps(1) {
		for _, u := range step {
			h.deliver(u)
		}
	}
	out := map[int64]int{}
	for _, rep := range reporters {
		out[rep.chat] = h.count(rep.chat)
	}
	return out
}

// checkHandledOnce checks that the reporters got their replies as if
// every update had been handled once: as many different replies as
// without faults, each taken by Telegram with an answer once (and once
// more per answer lost after it took it); one issue each; no callback
// query answered twice.
func (h *harness) checkHandledOnce(want map[int64]int) {
	h.t.Helper()
	for _, rep := range reporters {
		chat := rep.chat
		answered, lost, copies := map[string]int{}, map[string]int{}, map[string]int{}
		for _, c := range h.tg.Sent(chat) {
			if c.Fault.AfterAccept() {
				lost[c.Get("text")]++
			} else {
				answered[c.Get("text")]++
			}
		}
		for _, m := range h.tg.Messages(chat) {
			copies[m.Text]++
		}
		if len(copies) != want[chat] {
			h.t.Errorf("chat %d got %d different replies, want %d:\n%s", chat, len(copies), want[chat], h.textsSince(chat, 0))
		}
		for text, n := range copies {
			if answered[text] != 1 || n != 1+lost[text] {
				h.t.Errorf("chat %d: %q is in the chat %d times, sent with an answer %d times, %d answers lost", chat, text, n, answered[text], lost[text])
			}
		}
		if iss := h.lastIssue(chat); iss.Description != reportText(chat) || !iss.Location.HasPoint() {
			h.t.Errorf("chat %d filed %s: %q", chat, iss.Code, iss.Description)
		}
	}
	next := fmt.Sprintf("KL-26-%05d", len(reporters)+1)
	if _, err := h.st.GetIssue(h.ctx, next); models.ErrorCodeOf(err) != models.ENotFound {
		h.t.Errorf("more issues than reporters: %s (%v)", next, err)
	}
	queries := map[string]int{}
	for _, c := range h.tg.Calls("answerCallbackQuery") {
		if c.OK() && !c.Fault.AfterAccept() {
			queries[c.Get("callback_query_id")]++
		}
	}
	for id, n := range queries {
		if n > 1 {
			h.t.Errorf("callback query %s answered %d times", id, n)
		}
	}
}

// Each update of three reports is posted to the webhook twice at once,
// as Telegram does when it gave up waiting on the first, while a third of
// the bot's calls fail: every update is handled once.
func TestWebhookDuplicatesUnderFaultsHandledOnce(t *testing.T) {
	want := repliesToReports(t)
	h := newFaultHarness(t)
	h.setFaults(telegramtest.FaultPlan{Seed: faultSeed})
	for _, step := range conversationSteps(100) {
		var wg sync.WaitGroup
		errs := make([]error, 2*len(step))
		for i := range errs {
			body, err := json.Marshal(step[i/2])
			if err != nil {
				t.Fatal(err)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = h.bot.HandleWebhook(h.ctx, secret, body)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("update %d: %v", step[i/2].UpdateID, err)
			}
		}
	}
	h.drain(time.Minute) // replies Telegram kept refusing went to the outbox
	h.tg.SetFaults(nil)
	h.checkHandledOnce(want)
	h.requireLostAnswers("sendMessage")
}

// Polling under faults: getUpdates answers are refused, time out or are
// lost after the batch was taken (the bot asks again and gets the same
// batch), and the replies meet the same faults. Then the bot stops as if
// it crashed before storing its offset, and Telegram sends all the
// updates again: nothing is handled twice.
func TestPollingUnderFaultsHandlesEachUpdateOnce(t *testing.T) {
	want := repliesToReports(t)
	h := newHarnessWith(t, func(c *Config) {
		c.CallTimeout = faultCallTimeout
		// getUpdates holds 1s; a timed-out one costs this much.
		c.HTTPClient = &http.Client{Timeout: 2 * time.Second}
	})
	h.tg.SetClock(h.clk.Now)
	h.setFaults(telegramtest.FaultPlan{Seed: pollingFaultSeed})
	stop := h.runBotStoppable()
	var all []tgbotapi.Update
	for _, step := range conversationSteps(200) {
		last := 0
		for _, u := range step {
			h.tg.AddUpdate(u)
			last = max(last, u.UpdateID)
		}
		all = append(all, step...)
		telegramtest.WaitFor(t, 30*time.Second, "updates to be handled", func() bool { return h.tg.Offset() > last })
	}
	stop()
	h.drain(time.Minute)
	before := map[int64]string{}
	for _, rep := range reporters {
		before[rep.chat] = h.textsSince(rep.chat, 0)
	}

	// A crash before the offset was stored: Telegram still has the
	// updates, and the bot asks from the first one again.
	if err := h.st.SetBotOffset(h.ctx, all[0].UpdateID); err != nil {
		t.Fatal(err)
	}
	last := 0
	for _, u := range all {
		h.tg.AddUpdate(u)
		last = max(last, u.UpdateID)
	}
	h.bot = h.newBot()
	stop = h.runBotStoppable()
	telegramtest.WaitFor(t, 30*time.Second, "the updates sent again to be confirmed", func() bool { return h.tg.Offset() > last })
	stop()
	h.drain(time.Minute)
	h.tg.SetFaults(nil)
	for _, rep := range reporters {
		if after := h.textsSince(rep.chat, 0); after != before[rep.chat] {
			t.Errorf("chat %d: updates sent again were answered again:\n%s", rep.chat, strings.TrimPrefix(after, before[rep.chat]))
		}
	}
	h.checkHandledOnce(want)
	h.requireLostAnswers("sendMessage")
	h.requireLostAnswers("getUpdates")
}
