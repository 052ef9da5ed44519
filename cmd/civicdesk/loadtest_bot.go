package main

import (
	"context"
	"encoding/json"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
)

// loadResident is a Telegram resident one client plays: each bot update
// is the next step of their script, so a conversation goes on as a
// person's would, one message after the bot's answer.
type loadResident struct {
	chat int64
	step int
}

// residentsPerClient spreads a client's bot updates over a few chats, so
// that a resident sends a message every few seconds, as a person typing
// would, and Telegram's one message a second in a chat, which the bot
// keeps to, rarely holds its answers back.
const residentsPerClient = 4

func newResidents(client int) []*loadResident {
	out := make([]*loadResident, residentsPerClient)
	for i := range out {
		out[i] = &loadResident{chat: 7_000_000_000 + int64(client)*1000 + int64(i)}
	}
	return out
}

// botScript is a resident's round: a greeting, a whole report typed and
// tapped through (category, description, no location, ward, no photos,
// send), which files an issue, then a status lookup.
var botScript = []struct {
	op   string
	next func(c *loadClient, r *loadResident) tgbotapi.Update
}{
	{"/start", func(_ *loadClient, r *loadResident) tgbotapi.Update {
		return telegramtest.Text(r.chat, r.chat, "/start")
	}},
	{"report: /report", func(_ *loadClient, r *loadResident) tgbotapi.Update {
		return telegramtest.Text(r.chat, r.chat, "/report")
	}},
	{"report: button", func(c *loadClient, r *loadResident) tgbotapi.Update {
		return c.press(r, "c:"+oneOf(c.rnd, c.setup.categories))
	}},
	{"report: text", func(c *loadClient, r *loadResident) tgbotapi.Update {
		return telegramtest.Text(r.chat, r.chat, "Đèn đường trước nhà số "+oneOf(c.rnd, []string{"12", "47", "108"})+" tắt cả tuần, đường rất tối.")
	}},
	{"report: text", func(_ *loadClient, r *loadResident) tgbotapi.Update {
		return telegramtest.Text(r.chat, r.chat, "Bỏ qua")
	}},
	{"report: button", func(c *loadClient, r *loadResident) tgbotapi.Update {
		return c.press(r, "w:"+oneOf(c.rnd, c.setup.wards))
	}},
	{"report: button", func(c *loadClient, r *loadResident) tgbotapi.Update { return c.press(r, "x:done") }},
	{"report: button", func(c *loadClient, r *loadResident) tgbotapi.Update { return c.press(r, "x:send") }},
	{"status lookup", func(c *loadClient, r *loadResident) tgbotapi.Update {
		return telegramtest.Text(r.chat, r.chat, "/status "+c.someCode())
	}},
}

// press taps a button of the bot's last message that has buttons in the
// resident's chat, as Telegram shows it.
func (c *loadClient) press(r *loadResident, data string) tgbotapi.Update {
	id := 0
	msgs := c.tg.Messages(r.chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Markup != "" {
			id = msgs[i].MessageID
			break
		}
	}
	return telegramtest.Callback(r.chat, r.chat, id, data)
}

// botUpdate posts the next step of a resident's script to the webhook, as
// Telegram does, with the webhook's secret.
func (c *loadClient) botUpdate(ctx context.Context) {
	r := c.residents[c.turn%len(c.residents)]
	c.turn++
	op, u := "", tgbotapi.Update{}
	if c.rnd.Intn(100) < 4 {
		// What residents also send: stickers, a tap on a button of a long
		// gone message, a message edited afterwards.
		op = "unexpected input"
		u = oneOf(c.rnd, []func() tgbotapi.Update{
			func() tgbotapi.Update { return telegramtest.Sticker(r.chat, r.chat) },
			func() tgbotapi.Update { return telegramtest.Callback(r.chat, r.chat, 1, "c#999") },
			func() tgbotapi.Update { return telegramtest.Edited(r.chat, r.chat, "sửa lại") },
		})()
	} else {
		step := botScript[r.step%len(botScript)]
		r.step++
		op, u = step.op, step.next(c, r)
	}
	u.UpdateID = int(c.updates.Add(1))
	body, _ := json.Marshal(u)
	c.call(ctx, kindBot, op, "POST", "/telegram/webhook", body, map[string]string{"X-Telegram-Bot-Api-Secret-Token": c.setup.webhookSecret})
}
