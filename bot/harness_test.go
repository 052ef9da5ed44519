package bot

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

// Test fixtures: residents chat privately (chat id = user id); the Kim
// Long infrastructure office has a group.
const (
	resident   int64 = 501
	resident2  int64 = 502
	official   int64 = 601
	stranger   int64 = 602
	infraGroup int64 = -100777
	secret           = "test-secret_1"
)

// A point in Kim Long ward.
const klLat, klLon = 16.4600, 107.5400

// fakeClock is the service's test clock; waiting moves it forward at once,
// so rate limits and backoff are exercised without sleeping.
type fakeClock struct{ *testenv.Clock }

func (c fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

type harness struct {
	t *testing.T
	// tweak adjusts the bot's configuration (nil: as is).
	tweak  func(*Config)
	ctx    context.Context
	svc    *service.Service
	st     *store.Store
	clk    *testenv.Clock
	tg     *telegramtest.Server
	bot    *Bot
	update int
	// seed is the seed of the fault plan set last.
	seed int64
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newHarness(t *testing.T) *harness { return newHarnessWith(t, nil) }

// newHarnessWith is newHarness with the bot's configuration adjusted.
func newHarnessWith(t *testing.T, tweak func(*Config)) *harness {
	t.Helper()
	cat := catalogue.Default()
	for i := range cat.Departments {
		if cat.Departments[i].Code == "kim-long-infra" {
			cat.Departments[i].TelegramChatID = infraGroup
		}
	}
	svc, st, clk := testenv.Service(t, cat)
	h := &harness{t: t, tweak: tweak, ctx: context.Background(), svc: svc, st: st, clk: clk, tg: telegramtest.NewServer(t)}
	h.bot = h.newBot()
	return h
}

// newBot is a fresh bot over the same database and Telegram: a restart.
func (h *harness) newBot() *Bot {
	h.t.Helper()
	cfg := Config{
		Token: h.tg.Token, APIEndpoint: h.tg.Endpoint(), WebhookSecret: secret, BotUsername: h.tg.Me.UserName,
		PollTimeout: time.Second, SendInterval: 20 * time.Millisecond, Clock: fakeClock{h.clk},
	}
	if h.tweak != nil {
		h.tweak(&cfg)
	}
	b, err := New(cfg, h.svc, h.st, quietLog())
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

// deliver hands an update to the bot through its webhook entry, as
// Telegram would, and returns it with its update id.
func (h *harness) deliver(u tgbotapi.Update) tgbotapi.Update {
	h.t.Helper()
	if u.UpdateID == 0 {
		h.update++
		u.UpdateID = h.update
	}
	body, err := json.Marshal(u)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.bot.HandleWebhook(h.ctx, secret, body); err != nil {
		h.t.Fatalf("update %d: %v", u.UpdateID, err)
	}
	return u
}

func (h *harness) say(chat int64, text string) { h.deliver(telegramtest.Text(chat, chat, text)) }

// press presses the button with data on the chat's latest message that has it.
func (h *harness) press(chat int64, data string) {
	h.t.Helper()
	msgs := h.tg.Messages(chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, b := range msgs[i].Buttons() {
			if b.Data == data {
				h.deliver(telegramtest.Callback(chat, chat, msgs[i].MessageID, data))
				return
			}
		}
	}
	h.t.Fatalf("no button %q in chat %d; last message: %q", data, chat, h.lastText(chat))
}

// pressBy presses a button of message messageID as user.
func (h *harness) pressBy(chat, user int64, messageID int, data string) {
	h.deliver(telegramtest.Callback(chat, user, messageID, data))
}

func (h *harness) last(chat int64) telegramtest.Message {
	msgs := h.tg.Messages(chat)
	if len(msgs) == 0 {
		h.t.Fatalf("no message in chat %d", chat)
	}
	return msgs[len(msgs)-1]
}

func (h *harness) lastText(chat int64) string {
	msgs := h.tg.Messages(chat)
	if len(msgs) == 0 {
		return ""
	}
	return msgs[len(msgs)-1].Text
}

// allText is every message the bot sent to a chat since message from.
func (h *harness) textsSince(chat int64, from int) string {
	var b strings.Builder
	for _, m := range h.tg.Messages(chat) {
		if m.MessageID > from {
			b.WriteString(m.Text + "\n---\n")
		}
	}
	return b.String()
}

func (h *harness) count(chat int64) int { return len(h.tg.Messages(chat)) }

func (h *harness) expect(chat int64, from int, want ...string) {
	h.t.Helper()
	got := h.textsSince(chat, from)
	for _, w := range want {
		if !strings.Contains(got, w) {
			h.t.Fatalf("chat %d: want %q in the bot's messages:\n%s", chat, w, got)
		}
	}
}

// flush delivers the outbox until nothing is due.
func (h *harness) flush() int {
	h.t.Helper()
	total := 0
	for i := 0; i < 20; i++ {
		n, err := h.bot.sendDue(h.ctx)
		if err != nil {
			h.t.Fatal(err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
	return total
}

// fileReport walks a resident through a report at klLat/klLon with photos
// and returns the issue.
func (h *harness) fileReport(chat int64, category, desc string, photos ...string) *models.Issue {
	h.t.Helper()
	h.say(chat, "/report")
	h.press(chat, "c:"+category)
	h.say(chat, desc)
	h.deliver(telegramtest.Location(chat, chat, klLat, klLon))
	if hasButton(h.last(chat), "x:new") {
		h.press(chat, "x:new")
	}
	for _, p := range photos {
		h.deliver(telegramtest.Photo(chat, chat, p, "", ""))
	}
	h.press(chat, "x:done")
	h.press(chat, "x:send")
	return h.lastIssue(chat)
}

// lastIssue is the issue whose code the bot's last message names.
func (h *harness) lastIssue(chat int64) *models.Issue {
	h.t.Helper()
	text := h.textsSince(chat, 0)
	i := strings.LastIndex(text, "KL-")
	if i < 0 {
		h.t.Fatalf("no issue code in chat %d:\n%s", chat, text)
	}
	code := text[i : i+len("KL-26-00001")]
	iss, err := h.st.GetIssue(h.ctx, code)
	if err != nil {
		h.t.Fatalf("issue %s: %v", code, err)
	}
	return iss
}

func (h *harness) issue(id string) *models.Issue {
	h.t.Helper()
	iss, err := h.st.GetIssue(h.ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return iss
}

// linkOfficial creates an official of the Kim Long infrastructure office
// and links their Telegram account through an invite, as in real life.
func (h *harness) linkOfficial(tgUser int64) *models.User {
	h.t.Helper()
	u, err := h.svc.CreateUser(h.ctx, testenv.Admin(), service.NewUser{
		Username: "official" + strings.ReplaceAll(time.Now().Format("150405.000000"), ".", ""), Name: "Trần Văn Cán",
		Role: models.RoleOfficial, Department: "kim-long-infra", Password: "Correct-Horse-Battery-9",
	})
	if err != nil {
		h.t.Fatal(err)
	}
	token, _, err := h.svc.CreateOfficialLink(h.ctx, testenv.Admin(), u.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	h.say(tgUser, "/start "+token)
	h.expect(tgUser, 0, "Trần Văn Cán")
	return u
}

// card is the issue's card in the group.
func (h *harness) card(iss *models.Issue) telegramtest.Message {
	h.t.Helper()
	c, err := h.st.GetBotCard(h.ctx, iss.ID, infraGroup)
	if err != nil {
		h.t.Fatalf("card of %s: %v", iss.Code, err)
	}
	m, ok := h.tg.Message(infraGroup, c.MessageID)
	if !ok {
		h.t.Fatalf("card message %d not sent", c.MessageID)
	}
	return m
}

func hasButton(m telegramtest.Message, data string) bool {
	for _, b := range m.Buttons() {
		if b.Data == data {
			return true
		}
	}
	return false
}

// lastAnswer is the latest answerCallbackQuery call.
func (h *harness) lastAnswer() telegramtest.Call {
	h.t.Helper()
	calls := h.tg.Calls("answerCallbackQuery")
	if len(calls) == 0 {
		h.t.Fatal("no callback query was answered")
	}
	return calls[len(calls)-1]
}
