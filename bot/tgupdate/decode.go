// Package tgupdate reads what Telegram sends the bot: a webhook body into
// an update, and an update into what it asks of the bot (Decide). It
// knows neither the database nor the conversation's rules, so its fuzz
// test (issue #10) builds and runs in seconds; the bot's own fuzz test
// replays its corpus through the real bot.
package tgupdate

import (
	"encoding/json"
	"errors"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// ErrNotUpdate: the body is not a Telegram update.
var ErrNotUpdate = errors.New("tgupdate: the body is not a Telegram update")

// Decode reads a webhook body: one JSON object with an update_id.
func Decode(body []byte) (tgbotapi.Update, error) {
	var probe struct {
		UpdateID *int `json:"update_id"`
	}
	var u tgbotapi.Update
	if json.Unmarshal(body, &probe) != nil || probe.UpdateID == nil || json.Unmarshal(body, &u) != nil {
		return tgbotapi.Update{}, ErrNotUpdate
	}
	return u, nil
}

// ChatOf is the chat an update belongs to, which orders its handling:
// one chat's updates are handled one after another.
func ChatOf(u tgbotapi.Update) int64 {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID
	case u.EditedMessage != nil && u.EditedMessage.Chat != nil:
		return u.EditedMessage.Chat.ID
	case u.CallbackQuery != nil:
		if m := u.CallbackQuery.Message; m != nil && m.Chat != nil {
			return m.Chat.ID
		}
		if u.CallbackQuery.From != nil {
			return u.CallbackQuery.From.ID
		}
	}
	return 0
}
