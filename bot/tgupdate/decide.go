package tgupdate

import (
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/chat"
)

// Kind says what an update asks of the bot.
type Kind int

// Kinds of update.
const (
	// Ignore: nothing to do (a channel post, another bot's message, an
	// edit in a group, an update of a kind the bot does not use).
	Ignore Kind = iota
	// Private: Input is for the conversation of a private chat; Callback
	// is set when it is a pressed button, which must be answered.
	Private
	// GroupMessage: Message came in a group; Command and Args are set
	// when it is a command addressed to this bot.
	GroupMessage
	// GroupButton: Callback is a card button pressed in a group.
	GroupButton
	// ExpiredButton: Callback is a button whose message or sender is not
	// known; it is answered as expired, so the person's app stops waiting.
	ExpiredButton
)

// Decision is what an update asks of the bot.
type Decision struct {
	Kind     Kind
	Input    chat.Input
	Message  *tgbotapi.Message
	Callback *tgbotapi.CallbackQuery
	// Command is lowercased, without the slash and the bot's name.
	Command, Args string
}

// Decide says what u asks of the bot named me (its username, which
// commands in groups may be addressed to).
func Decide(u tgbotapi.Update, me string) Decision {
	switch {
	case u.CallbackQuery != nil:
		return button(u.CallbackQuery)
	case u.Message != nil:
		return message(u.Message, me)
	case u.EditedMessage != nil:
		// Edits are answered in private chats (the edit is not picked up,
		// and saying so beats silence); in groups they are ignored.
		m := u.EditedMessage
		if m.Chat == nil || m.From == nil || !m.Chat.IsPrivate() {
			return Decision{}
		}
		return Decision{Kind: Private, Input: chat.Input{Kind: chat.InEdited, ChatID: m.Chat.ID, UserID: m.From.ID,
			Name: DisplayName(m.From), AppLang: m.From.LanguageCode}}
	}
	return Decision{}
}

// button: every button is answered, also when it cannot be handled.
func button(q *tgbotapi.CallbackQuery) Decision {
	if q.Message == nil || q.Message.Chat == nil || q.From == nil {
		return Decision{Kind: ExpiredButton, Callback: q}
	}
	if !q.Message.Chat.IsPrivate() {
		return Decision{Kind: GroupButton, Callback: q}
	}
	return Decision{Kind: Private, Callback: q, Input: chat.Input{Kind: chat.InCallback, ChatID: q.Message.Chat.ID,
		UserID: q.From.ID, Name: DisplayName(q.From), AppLang: q.From.LanguageCode, Data: q.Data}}
}

func message(m *tgbotapi.Message, me string) Decision {
	if m.Chat == nil || m.From == nil || m.From.IsBot {
		return Decision{}
	}
	switch {
	case m.Chat.IsPrivate():
		return Decision{Kind: Private, Input: privateInput(m)}
	case m.Chat.IsGroup() || m.Chat.IsSuperGroup():
		d := Decision{Kind: GroupMessage, Message: m}
		// In groups "/status@otherbot" is for another bot.
		if cmd, ok := readCommand(m); ok && (cmd.bot == "" || strings.EqualFold(cmd.bot, me)) {
			d.Command, d.Args = strings.ToLower(cmd.name), cmd.args
		}
		return d
	}
	return Decision{} // channels: the bot does not post or listen there
}
