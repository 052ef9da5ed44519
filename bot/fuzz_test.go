package bot

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/bot/tgupdate"
	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/internal/fuzzcorpus"
	"github.com/civicdesk/civicdesk/internal/testenv"
)

// FuzzWebhookUpdate: whatever Telegram (or someone posing as it, with the
// secret) sends to the webhook, the bot handles it or refuses it as a bad
// update; it never panics, it always returns, and it answers every button
// pressed. This is the real bot over the embedded database, whose
// instrumented build takes minutes: CI fuzzes tgupdate.FuzzUpdate, the
// reading and deciding without the database, and this test replays that
// target's corpus (its seeds and every input it found) end to end.
func FuzzWebhookUpdate(f *testing.F) {
	seed := func(u tgbotapi.Update) {
		b, err := json.Marshal(u)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	user := &tgbotapi.User{ID: 100, FirstName: "Lan", LanguageCode: "vi"}
	private := &tgbotapi.Chat{ID: 100, Type: "private"}
	group := &tgbotapi.Chat{ID: infraGroup, Type: "supergroup"}
	seed(tgbotapi.Update{UpdateID: 1, Message: &tgbotapi.Message{MessageID: 1, From: user, Chat: private, Text: "/start",
		Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: 6}}}})
	seed(tgbotapi.Update{UpdateID: 2, Message: &tgbotapi.Message{MessageID: 2, From: user, Chat: private, Text: "Đèn đường hỏng"}})
	seed(tgbotapi.Update{UpdateID: 3, Message: &tgbotapi.Message{MessageID: 3, From: user, Chat: private, Location: &tgbotapi.Location{Latitude: 16.47, Longitude: 107.54}}})
	seed(tgbotapi.Update{UpdateID: 4, Message: &tgbotapi.Message{MessageID: 4, From: user, Chat: private, Photo: []tgbotapi.PhotoSize{{FileID: "p1"}}}})
	seed(tgbotapi.Update{UpdateID: 5, CallbackQuery: &tgbotapi.CallbackQuery{ID: "q1", From: user, Data: "m:report",
		Message: &tgbotapi.Message{MessageID: 5, Chat: private}}})
	seed(tgbotapi.Update{UpdateID: 6, CallbackQuery: &tgbotapi.CallbackQuery{ID: "q2", From: user, Data: "d:take:KL-26-00001",
		Message: &tgbotapi.Message{MessageID: 6, Chat: group}}})
	seed(tgbotapi.Update{UpdateID: 7, Message: &tgbotapi.Message{MessageID: 7, From: user, Chat: group, Text: "/chatid"}})
	seed(tgbotapi.Update{UpdateID: 8, EditedMessage: &tgbotapi.Message{MessageID: 8, From: user, Chat: private, Text: "sửa"}})
	seed(tgbotapi.Update{UpdateID: 9, CallbackQuery: &tgbotapi.CallbackQuery{ID: "q3", Data: "x"}})
	f.Add([]byte(`{"update_id": 10, "message": {"message_id": 1, "chat": {"id": 5, "type": "private"}, "text": "/status KL-26-00001"}}`))
	f.Add([]byte(`{"update_id": 11, "message": {"from": {"id": 5}, "chat": {"id": 5, "type": "private"}, "document": {"file_id": "d", "mime_type": "image/png"}}}`))
	f.Add([]byte(`{"update_id": 12, "message": {"from": {"id": 5}, "chat": {"id": 5, "type": "private"}, "venue": {"title": "x"}}}`))

	corpus, err := fuzzcorpus.Read("tgupdate/testdata/fuzz/FuzzUpdate")
	if err != nil || len(corpus) == 0 {
		f.Fatalf("no corpus of tgupdate.FuzzUpdate: %v", err)
	}
	for _, in := range corpus {
		f.Add(in.Bytes(0))
	}

	cat := catalogue.Default()
	for i := range cat.Departments {
		if cat.Departments[i].Code == "kim-long-infra" {
			cat.Departments[i].TelegramChatID = infraGroup
		}
	}
	svc, st, clk := testenv.Service(f, cat)
	tg := telegramtest.NewServer(f)
	b, err := New(Config{Token: tg.Token, APIEndpoint: tg.Endpoint(), WebhookSecret: secret, BotUsername: tg.Me.UserName,
		PollTimeout: time.Second, SendInterval: 20 * time.Millisecond, Clock: fakeClock{clk}}, svc, st, quietLog())
	if err != nil {
		f.Fatal(err)
	}
	handled := map[int]bool{} // an update delivered again is not handled again
	f.Fuzz(func(t *testing.T, body []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := b.HandleWebhook(ctx, secret, body)
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("the update was not handled within 30 s: %s", body)
		}
		u, derr := tgupdate.Decode(body)
		if (derr != nil) != errors.Is(err, ErrBadUpdate) {
			t.Fatalf("%q: read as %v, answered %v", body, derr, err)
		}
		if derr != nil || handled[u.UpdateID] {
			return
		}
		handled[u.UpdateID] = true
		if q := u.CallbackQuery; q != nil && !answered(tg, q.ID) {
			t.Fatalf("the button %q pressed in %s was not answered (%v)", q.Data, body, err)
		}
	})
}

// answered: the fake Bot API was asked to answer the callback query id.
func answered(tg *telegramtest.Server, id string) bool {
	for _, c := range tg.Calls("answerCallbackQuery") {
		if c.Params.Get("callback_query_id") == id {
			return true
		}
	}
	return false
}
