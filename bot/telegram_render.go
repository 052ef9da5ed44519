package bot

import (
	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// messageConfig renders a reply as a Telegram message. Texts are plain
// (no parse mode), so nothing a person typed can break the formatting.
func messageConfig(chatID int64, r Reply) tgbotapi.MessageConfig {
	m := tgbotapi.NewMessage(chatID, truncate(r.Text, maxText))
	m.DisableWebPagePreview = true
	switch {
	case len(r.Inline) > 0:
		m.ReplyMarkup = inlineMarkup(r.Inline)
	case len(r.Keyboard) > 0:
		var rows [][]tgbotapi.KeyboardButton
		for _, row := range r.Keyboard {
			var kr []tgbotapi.KeyboardButton
			for _, b := range row {
				kr = append(kr, tgbotapi.KeyboardButton{Text: b.Text, RequestLocation: b.RequestLocation})
			}
			rows = append(rows, kr)
		}
		m.ReplyMarkup = tgbotapi.ReplyKeyboardMarkup{Keyboard: rows, ResizeKeyboard: true, OneTimeKeyboard: true}
	case r.RemoveKeyboard:
		m.ReplyMarkup = tgbotapi.NewRemoveKeyboard(false)
	}
	return m
}

func inlineMarkup(rows [][]Button) tgbotapi.InlineKeyboardMarkup {
	var out [][]tgbotapi.InlineKeyboardButton
	for _, row := range rows {
		var r []tgbotapi.InlineKeyboardButton
		for _, b := range row {
			r = append(r, tgbotapi.NewInlineKeyboardButtonData(b.Text, b.Data))
		}
		out = append(out, r)
	}
	return tgbotapi.NewInlineKeyboardMarkup(out...)
}
