package bot

import (
	"context"
	"encoding/json"
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// allowedUpdates are the only updates the bot asks Telegram for.
var allowedUpdates = []string{"message", "edited_message", "callback_query"}

// setup learns who the bot is, registers its commands and the webhook (or
// removes a webhook so polling works).
func (b *Bot) setup(ctx context.Context) error {
	err := b.retryStartup(ctx, "getMe", func() error {
		me, err := b.tg.api(ctx).GetMe()
		if err == nil {
			b.username.Store(me.UserName)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("bot: cannot connect to Telegram: %w", err)
	}
	b.setCommands(ctx)
	if b.cfg.WebhookURL != "" {
		allowed, _ := json.Marshal(allowedUpdates)
		params := tgbotapi.Params{"url": b.cfg.WebhookURL, "secret_token": b.cfg.WebhookSecret, "allowed_updates": string(allowed)}
		err = b.retryStartup(ctx, "setWebhook", func() error {
			_, err := b.tg.api(ctx).MakeRequest("setWebhook", params)
			return err
		})
		if err != nil {
			return fmt.Errorf("bot: cannot register the webhook: %w", err)
		}
		return nil
	}
	err = b.retryStartup(ctx, "deleteWebhook", func() error {
		_, err := b.tg.api(ctx).Request(tgbotapi.DeleteWebhookConfig{})
		return err
	})
	if err != nil {
		return fmt.Errorf("bot: cannot remove the webhook for polling: %w", err)
	}
	return nil
}

// setCommands fills the command menu: Vietnamese for everyone, English for
// Telegram apps set to English. A failure only costs the menu.
func (b *Bot) setCommands(ctx context.Context) {
	for _, lang := range []string{"vi", "en"} {
		var cmds []tgbotapi.BotCommand
		for _, c := range []string{"report", "my", "status", "lang", "help", "cancel"} {
			cmds = append(cmds, tgbotapi.BotCommand{Command: c, Description: tr(lang, "cmd_"+c)})
		}
		cfg := tgbotapi.NewSetMyCommands(cmds...)
		if lang == "en" {
			cfg.LanguageCode = "en"
		}
		if _, err := b.tg.callRetry(ctx, 0, cfg); err != nil {
			b.log.WarnContext(ctx, "bot: cannot set the command menu", "lang", lang, "err", err)
		}
	}
}
