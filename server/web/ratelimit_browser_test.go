package web

import (
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

// When the API says "too many requests", the page says so in the
// visitor's language, with the wait from Retry-After, instead of hanging
// or showing the server's English (issue #8).
func TestRateLimitIsShownInTheVisitorsLanguage(t *testing.T) {
	var limited atomic.Bool
	orig := buildApp
	buildApp = func(svc *service.Service, st *store.Store, clock service.Clock) *fiber.App {
		// The real app, behind a stand-in limiter that refuses one route.
		app := fiber.New(fiber.Config{Immutable: true, DisableStartupMessage: true})
		app.Use("/api/v1/public/who-handles", func(c *fiber.Ctx) error {
			if !limited.Load() {
				return c.Next()
			}
			c.Set(fiber.HeaderRetryAfter, "7")
			return c.Status(fiber.StatusTooManyRequests).JSON(fiber.Map{"error": fiber.Map{"code": "rate_limited", "message": "too many requests; wait 7 s and try again"}})
		})
		app.Mount("/", orig(svc, st, clock))
		return app
	}
	t.Cleanup(func() { buildApp = orig })
	s := startSite(t)
	b := newBrowser(t, s)
	b.open("/")
	limited.Store(true)
	ask := []chromedp.Action[chromedp.Void]{
		chromedp.SetValue(chromedp.CSS("#who-category"), "construction"),
		chromedp.SetValue(chromedp.CSS("#who-ward"), "kim-long"),
		chromedp.Click(chromedp.CSS(`#who-form button[type="submit"]`)),
	}
	b.do("ask who handles, limited", ask...)
	b.waitText("#who-error", "Bạn đã gửi quá nhiều yêu cầu. Vui lòng đợi 7 giây rồi thử lại.")
	b.do("switch to English", chromedp.Click(chromedp.CSS("#lang-toggle")))
	b.do("ask again", ask...)
	b.waitText("#who-error", "Too many requests. Please wait 7 s and try again.")
}
