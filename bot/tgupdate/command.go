package tgupdate

import (
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// command is a command message: "/name@bot args".
type command struct {
	name string
	// bot is the bot it is addressed to, "" when none is named.
	bot  string
	args string
}

// readCommand reads a command as Telegram marks one: the message's first
// entity is a bot_command at the start of the text, over "/name" or
// "/name@bot" with names of Latin letters, digits and underscores.
//
// The library's Command and CommandArguments slice the text by the
// entity's length as bytes and drop the byte after it. They panicked on
// an entity longer than the text (found by the bot's FuzzWebhookUpdate: a
// bot_command entity and no text), and on an entity over anything else
// gave an empty command with arguments cut inside a character (found by
// FuzzUpdate). A real command is ASCII, so its length in bytes is
// Telegram's length in UTF-16 units; what follows it may not be
// ("/startđ"), so the one character dropped after it is a whole one.
func readCommand(m *tgbotapi.Message) (command, bool) {
	if !m.IsCommand() {
		return command{}, false
	}
	e := m.Entities[0]
	if e.Offset != 0 || e.Length < 2 || e.Length > len(m.Text) || m.Text[0] != '/' {
		return command{}, false
	}
	name, bot, named := strings.Cut(m.Text[1:e.Length], "@")
	if !commandWord(name) || (named && !commandWord(bot)) {
		return command{}, false
	}
	// Telegram's entity runs over the whole "/name@bot"; one that stops
	// inside it would read "/status@otherbot" as this bot's "/status"
	// (found by FuzzUpdate: "/000000@" with an entity over "/0").
	if e.Length < len(m.Text) && (commandWord(m.Text[e.Length:e.Length+1]) || m.Text[e.Length] == '@') {
		return command{}, false
	}
	rest := m.Text[e.Length:]
	_, sep := utf8.DecodeRuneInString(rest)
	return command{name: name, bot: bot, args: rest[sep:]}, true
}

// commandWord: Latin letters, digits and underscores, as in a command or
// a bot's username.
func commandWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
