package tgupdate

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/chat"
)

const me = "civicdesk_hue_bot"

// FuzzUpdate: whatever Telegram (or someone posing as it, with the
// webhook secret) sends, the body is an update or ErrNotUpdate, and the
// update asks for one clear thing: every pressed button is answered; a
// private chat's input belongs to that chat and its sender, is never one
// only the bot itself raises, and carries what the message said; a
// group's command is this bot's, read from the text. Never a panic.
func FuzzUpdate(f *testing.F) {
	seed := func(u tgbotapi.Update) {
		b, err := json.Marshal(u)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	user := &tgbotapi.User{ID: 100, FirstName: "Lan", LanguageCode: "vi"}
	private := &tgbotapi.Chat{ID: 100, Type: "private"}
	group := &tgbotapi.Chat{ID: -1001, Type: "supergroup"}
	seed(tgbotapi.Update{UpdateID: 1, Message: &tgbotapi.Message{MessageID: 1, From: user, Chat: private, Text: "/start@civicdesk_hue_bot x",
		Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: 24}}}})
	seed(tgbotapi.Update{UpdateID: 2, Message: &tgbotapi.Message{MessageID: 2, From: user, Chat: private, Text: "Đèn đường hỏng"}})
	seed(tgbotapi.Update{UpdateID: 3, Message: &tgbotapi.Message{MessageID: 3, From: user, Chat: private, Location: &tgbotapi.Location{Latitude: 16.47, Longitude: 107.54}}})
	seed(tgbotapi.Update{UpdateID: 4, Message: &tgbotapi.Message{MessageID: 4, From: user, Chat: private, Caption: "ảnh", Photo: []tgbotapi.PhotoSize{{FileID: "p0"}, {FileID: "p1"}}}})
	seed(tgbotapi.Update{UpdateID: 5, CallbackQuery: &tgbotapi.CallbackQuery{ID: "q1", From: user, Data: "m:report",
		Message: &tgbotapi.Message{MessageID: 5, Chat: private}}})
	seed(tgbotapi.Update{UpdateID: 6, CallbackQuery: &tgbotapi.CallbackQuery{ID: "q2", From: user, Data: "d:take:KL-26-00001",
		Message: &tgbotapi.Message{MessageID: 6, Chat: group}}})
	seed(tgbotapi.Update{UpdateID: 7, Message: &tgbotapi.Message{MessageID: 7, From: user, Chat: group, Text: "/Status@otherbot KL-26-00001",
		Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: 16}}}})
	seed(tgbotapi.Update{UpdateID: 8, EditedMessage: &tgbotapi.Message{MessageID: 8, From: user, Chat: private, Text: "sửa"}})
	seed(tgbotapi.Update{UpdateID: 9, Message: &tgbotapi.Message{MessageID: 9, From: &tgbotapi.User{ID: 7, IsBot: true}, Chat: private, Text: "x"}})
	f.Add([]byte(`{"update_id": 10, "message": {"message_id": 1, "chat": {"id": 5, "type": "private"}, "text": "/status KL-26-00001"}}`))
	f.Add([]byte(`{"update_id": 11, "message": {"from": {"id": 5}, "chat": {"id": 5, "type": "private"}, "document": {"file_id": "d", "mime_type": "image/png"}}}`))
	f.Add([]byte(`{"update_id": 12, "channel_post": {"chat": {"id": -5, "type": "channel"}, "text": "/start"}}`))

	f.Fuzz(func(t *testing.T, body []byte) {
		u, err := Decode(body)
		if err != nil {
			if !errors.Is(err, ErrNotUpdate) {
				t.Fatalf("a bad body gave %v, not ErrNotUpdate", err)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("%q is not JSON, yet it was read as an update", body)
		}
		d := Decide(u, me)
		checkButton(t, u, d)
		switch d.Kind {
		case Private:
			checkPrivate(t, u, d)
		case GroupMessage:
			checkGroup(t, u, d)
		case Ignore, ExpiredButton, GroupButton: // checked by checkButton
		default:
			t.Fatalf("unknown decision %d", d.Kind)
		}
		if d.Kind != GroupMessage && (d.Command != "" || d.Args != "") {
			t.Fatalf("a group command %q %q outside a group message", d.Command, d.Args)
		}
	})
}

// checkButton: every pressed button is answered (Telegram's app spins
// until it is), in the chat it was pressed in.
func checkButton(t *testing.T, u tgbotapi.Update, d Decision) {
	t.Helper()
	q := u.CallbackQuery
	if q == nil {
		if d.Callback != nil {
			t.Fatal("a button to answer where none was pressed")
		}
		return
	}
	if d.Callback != q {
		t.Fatalf("a pressed button is not answered: decision %d", d.Kind)
	}
	switch d.Kind {
	case Private, ExpiredButton:
	case GroupButton:
		if q.From == nil || q.Message == nil || q.Message.Chat == nil || q.Message.Chat.IsPrivate() {
			t.Fatalf("a group's button without a group or a sender: %+v", q)
		}
	default:
		t.Fatalf("a pressed button decided as %d", d.Kind)
	}
}

func checkPrivate(t *testing.T, u tgbotapi.Update, d Decision) {
	t.Helper()
	in := d.Input
	m := u.Message
	switch {
	case u.CallbackQuery != nil:
		if in.Kind != chat.InCallback || in.Data != u.CallbackQuery.Data || in.UserID != u.CallbackQuery.From.ID {
			t.Fatalf("button %+v read as %+v", u.CallbackQuery, in)
		}
		m = u.CallbackQuery.Message
	case u.Message != nil:
		if in.Kind < chat.InText || in.Kind > chat.InUnsupported || in.Kind == chat.InCallback {
			t.Fatalf("a message read as input kind %d", in.Kind)
		}
	case u.EditedMessage != nil:
		if in.Kind != chat.InEdited {
			t.Fatalf("an edit read as input kind %d", in.Kind)
		}
		m = u.EditedMessage
	default:
		t.Fatalf("input %+v from an update with nothing in it", in)
	}
	// The chat's queue orders its updates: the input is that chat's, and
	// the sender's, and a private chat's.
	if m == nil || m.Chat == nil || !m.Chat.IsPrivate() || in.ChatID != m.Chat.ID || in.ChatID != ChatOf(u) {
		t.Fatalf("input for chat %d from update of chat %d", in.ChatID, ChatOf(u))
	}
	if u.Message != nil && (m.From == nil || m.From.IsBot || in.UserID != m.From.ID) {
		t.Fatalf("input of user %d from a message by %+v", in.UserID, m.From)
	}
	if u.Message == nil {
		return
	}
	switch in.Kind {
	case chat.InCommand:
		checkCommand(t, m.Text, in.Command, in.Text)
	case chat.InText:
		if in.Text == "" || in.Text != m.Text {
			t.Fatalf("text %q read as %q", m.Text, in.Text)
		}
	case chat.InPhoto:
		if in.PhotoID == "" && len(m.Photo) == 0 && m.Document == nil {
			t.Fatal("a photo input without a photo")
		}
	case chat.InUnsupported:
		if in.What == "" {
			t.Fatal("an unsupported message that is not named")
		}
	}
}

func checkGroup(t *testing.T, u tgbotapi.Update, d Decision) {
	t.Helper()
	m := u.Message
	if d.Message != m || m == nil || m.Chat == nil || !(m.Chat.IsGroup() || m.Chat.IsSuperGroup()) || m.From == nil || m.From.IsBot {
		t.Fatalf("a group message that is not one from a person in a group: %+v", m)
	}
	if d.Command == "" {
		if d.Args != "" {
			t.Fatalf("arguments %q without a command", d.Args)
		}
		return
	}
	if d.Command != strings.ToLower(d.Command) {
		t.Fatalf("command %q is not lowercased", d.Command)
	}
	// The command as Telegram marks it runs over letters, digits,
	// underscores and @ ("/status@otherbot"), to the first other character.
	word := m.Text[:1+strings.IndexFunc(m.Text[1:]+" ", func(r rune) bool {
		return !(r == '_' || r == '@' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	})]
	_, at, addressed := strings.Cut(word, "@")
	if addressed && !strings.EqualFold(at, me) {
		t.Fatalf("%q is for another bot, yet read as command %q", m.Text, d.Command)
	}
	checkCommand(t, strings.ToLower(m.Text), d.Command, strings.ToLower(d.Args))
}

// checkCommand: a command and its arguments are read from the text, as
// valid UTF-8 when the text is (the replies quote them, and Telegram
// refuses a message that is not UTF-8).
func checkCommand(t *testing.T, text, command, args string) {
	t.Helper()
	if command == "" || strings.ContainsAny(command, "@ \n") || !strings.HasPrefix(text, "/"+command) || !strings.HasSuffix(text, args) {
		t.Fatalf("command %q with arguments %q read from %q", command, args, text)
	}
	if utf8.ValidString(text) && !utf8.ValidString(command+args) {
		t.Fatalf("command %q with arguments %q read from %q are not UTF-8", command, args, text)
	}
}
