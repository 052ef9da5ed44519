package bot

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
)

func TestFiberWebhookHandler(t *testing.T) {
	h := newHarness(t)
	app := fiber.New()
	app.Post("/telegram", h.bot.WebhookHandler())
	post := func(secretHeader, body string) int {
		req := httptest.NewRequest(http.MethodPost, "/telegram", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if secretHeader != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secretHeader)
		}
		resp, err := app.Test(req, 10000)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	u := telegramtest.Text(resident, resident, "/start")
	u.UpdateID = 9001
	body, _ := json.Marshal(u)
	if code := post("", string(body)); code != http.StatusUnauthorized {
		t.Errorf("no secret: %d", code)
	}
	if code := post("nope", string(body)); code != http.StatusUnauthorized {
		t.Errorf("wrong secret: %d", code)
	}
	if code := post(secret, "not json"); code != http.StatusBadRequest {
		t.Errorf("bad body: %d", code)
	}
	if code := post(secret, string(body)); code != http.StatusOK {
		t.Errorf("update: %d", code)
	}
	if code := post(secret, string(body)); code != http.StatusOK {
		t.Errorf("redelivered update: %d", code)
	}
	if n := len(h.tg.Sent(resident)); n != 1 {
		t.Errorf("%d greetings", n)
	}
}

func TestRunRegistersWebhookWithSecret(t *testing.T) {
	h := newHarness(t)
	b, err := New(Config{
		Token: h.tg.Token, APIEndpoint: h.tg.Endpoint(), WebhookURL: "https://civicdesk.example/telegram", WebhookSecret: secret,
		Clock: fakeClock{h.clk},
	}, h.svc, h.st, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	telegramtest.WaitFor(t, 10*time.Second, "setWebhook", func() bool { return len(h.tg.Calls("setWebhook")) == 1 })
	c := h.tg.Calls("setWebhook")[0]
	if c.Get("url") != "https://civicdesk.example/telegram" || c.Get("secret_token") != secret || !strings.Contains(c.Get("allowed_updates"), "callback_query") {
		t.Errorf("setWebhook: %v", c.Params)
	}
	if b.Username() != h.tg.Me.UserName {
		t.Errorf("username %q", b.Username())
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if len(h.tg.Calls("getUpdates")) != 0 {
		t.Error("polled despite the webhook")
	}
}

func TestConfigChecks(t *testing.T) {
	for _, c := range []Config{
		{},
		{Token: "t", APIEndpoint: "https://example/bot"},
		{Token: "t", WebhookURL: "https://x/hook"},
		{Token: "t", WebhookURL: "https://x/hook", WebhookSecret: "has space"},
	} {
		if _, err := New(c, nil, nil, nil); err == nil {
			t.Errorf("accepted %+v", c)
		}
	}
	b, err := New(Config{Token: "t"}, nil, nil, nil)
	if err != nil || b.cfg.FileEndpoint != "https://api.telegram.org/file/bot%s/%s" {
		t.Errorf("defaults: %v %q", err, b.cfg.FileEndpoint)
	}
}

func TestStartupRetriesWhileTelegramIsDown(t *testing.T) {
	h := newHarness(t)
	h.tg.FailNext("getMe", 2, 502, 0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.Run(ctx) }()
	telegramtest.WaitFor(t, 10*time.Second, "polling to start", func() bool { return len(h.tg.Calls("getUpdates")) > 0 })
	cancel()
	<-done
	if n := len(h.tg.Calls("getMe")); n != 3 {
		t.Errorf("getMe called %d times", n)
	}
	// A wrong token is not retried.
	b, _ := New(Config{Token: "wrong", APIEndpoint: h.tg.Endpoint(), Clock: fakeClock{h.clk}}, h.svc, h.st, quietLog())
	if err := b.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "Unauthorized") {
		t.Errorf("wrong token: %v", err)
	}
}
