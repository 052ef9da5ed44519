package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
)

// serve with a bot token talks to the Bot API at TELEGRAM_API_URL: it sets
// the command menu, polls for updates and answers a resident's /start.
func TestServeRunsTheTelegramBot(t *testing.T) {
	tg := telegramtest.NewServer(t)
	r := startServe(t, nil, map[string]string{
		"TELEGRAM_BOT_TOKEN": tg.Token,
		"TELEGRAM_API_URL":   tg.Endpoint(),
		"CIVICDESK_DATA_DIR": t.TempDir(),
	})
	tg.AddUpdate(telegramtest.Text(5001, 5001, "/start"))
	defer func() {
		if t.Failed() {
			t.Logf("log:\n%s", r.stderr.String())
			for _, m := range []string{"getMe", "setMyCommands", "deleteWebhook", "getUpdates", "sendMessage"} {
				t.Logf("%s: %d calls", m, len(tg.Calls(m)))
			}
		}
	}()
	telegramtest.WaitFor(t, 60*time.Second, "a greeting in the resident's chat", func() bool {
		for _, m := range tg.Messages(5001) {
			if strings.Contains(m.Text, "phản ánh") {
				return true
			}
		}
		return false
	})
	if len(tg.Calls("setMyCommands")) == 0 {
		t.Error("the command menu was not set")
	}
	r.stop()
	if strings.Contains(r.stderr.String(), tg.Token) {
		t.Error("the bot token was written to the log")
	}
}

// A wrong token stops serve with a message that says so.
func TestServeWithAWrongBotTokenSaysSo(t *testing.T) {
	tg := telegramtest.NewServer(t)
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": "999:wrong",
		"TELEGRAM_API_URL":   tg.Endpoint(),
		"CIVICDESK_ADDR":     "127.0.0.1:0",
		"CIVICDESK_DATA_DIR": t.TempDir(),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stdout, stderr syncBuffer
	code := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, nil, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "Unauthorized") {
		t.Fatalf("exit %d, log %q", code, stderr.String())
	}
}

// With a webhook URL, serve registers the webhook with its secret and
// takes updates on POST /telegram/webhook, refusing a wrong secret.
func TestServeTakesTelegramWebhooks(t *testing.T) {
	tg := telegramtest.NewServer(t)
	r := startServe(t, nil, map[string]string{
		"TELEGRAM_BOT_TOKEN":      tg.Token,
		"TELEGRAM_API_URL":        tg.Endpoint(),
		"TELEGRAM_WEBHOOK_URL":    "https://civicdesk.example/telegram/webhook",
		"TELEGRAM_WEBHOOK_SECRET": "hook-secret_1",
		"CIVICDESK_DATA_DIR":      t.TempDir(),
	})
	telegramtest.WaitFor(t, 60*time.Second, "setWebhook", func() bool { return len(tg.Calls("setWebhook")) > 0 })
	if got := tg.Calls("setWebhook")[0].Get("secret_token"); got != "hook-secret_1" {
		t.Errorf("setWebhook secret_token %q", got)
	}
	post := func(secret string) int {
		body, _ := json.Marshal(telegramtest.Text(6001, 6001, "/start"))
		req, _ := http.NewRequest("POST", "http://"+r.addr+"/telegram/webhook", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if code := post("wrong"); code != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d", code)
	}
	if code := post("hook-secret_1"); code != http.StatusOK {
		t.Errorf("webhook: %d", code)
	}
	telegramtest.WaitFor(t, 30*time.Second, "an answer to the webhook update", func() bool { return len(tg.Messages(6001)) > 0 })
	r.stop()
}
