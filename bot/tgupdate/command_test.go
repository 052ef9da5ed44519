package tgupdate

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestReadCommand(t *testing.T) {
	for _, c := range []struct {
		text   string
		length int
		want   command
		ok     bool
	}{
		{"/start", 6, command{name: "start"}, true},
		{"/status@civicdesk_hue_bot KL-26-00001", 25, command{name: "status", bot: "civicdesk_hue_bot", args: "KL-26-00001"}, true},
		{"/foo-bar baz", 4, command{name: "foo", args: "bar baz"}, true},
		{"/startđ x", 6, command{name: "start", args: " x"}, true},
		{"/start", 9, command{}, false},             // longer than the text
		{"\u00800", 1, command{}, false},            // over no command
		{"/đèn", 5, command{}, false},               // not a command's name
		{"/start@ x", 7, command{}, false},          // no bot after the @
		{"x/start", 7, command{}, false},            // not at the start
		{"/", 1, command{}, false},                  // no name
		{"/status@otherbot x", 7, command{}, false}, // stops inside the name
	} {
		m := &tgbotapi.Message{Text: c.text, Entities: []tgbotapi.MessageEntity{{Type: "bot_command", Length: c.length}}}
		got, ok := readCommand(m)
		if got != c.want || ok != c.ok {
			t.Errorf("%q (%d): %+v %v, want %+v %v", c.text, c.length, got, ok, c.want, c.ok)
		}
	}
}
