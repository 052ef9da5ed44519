package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/server"
	"github.com/civicdesk/civicdesk/server/open311"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

// site is the pages and the test API over a fresh database, served on a
// random local port.
type site struct {
	chrome string // the browser binary
	svc    *service.Service
	st     *store.Store
	clk    *testenv.Clock
	url    string
}

func startSite(t *testing.T) *site {
	t.Helper()
	chrome := chromium(t) // skip before starting anything
	svc, st, clk := testenv.Service(t, nil)
	app := buildApp(svc, st, clk)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	return &site{chrome: chrome, svc: svc, st: st, clk: clk, url: "http://" + ln.Addr().String()}
}

// buildApp serves the pages behind the real REST API and Open311, as
// cmd/civicdesk does, so the pages are tested against the API they call.
// Rate limits are off: TestAnonymousBrowsing turns them on.
var buildApp = func(svc *service.Service, st *store.Store, clock service.Clock) *fiber.App {
	return buildAppWith(svc, st, clock, nil)
}

func buildAppWith(svc *service.Service, st *store.Store, clock service.Clock, tweak func(*server.Config)) *fiber.App {
	o311 := open311.New(svc, open311.Config{BaseURL: "http://localhost"})
	cfg := server.Config{Clock: clock, TelegramBot: testBot, Idempotency: st,
		KeyRate: server.RateLimit{PerMinute: -1}, IPRate: server.RateLimit{PerMinute: -1}, LoginRate: server.RateLimit{PerMinute: -1},
		Mounts: []server.Mount{
			{Prefix: open311.DefaultPath, Register: o311.Mount, Paths: o311.Paths(open311.DefaultPath)},
			{Prefix: "/", Register: func(r fiber.Router) { Mount(r) }},
		}}
	if tweak != nil {
		tweak(&cfg)
	}
	return server.New(cfg, svc, slog.New(slog.DiscardHandler)).App()
}

// testBot is the Telegram bot's username the server is configured with.
const testBot = "civicdesk_hue_bot"

// chromium finds the browser, or skips the test when there is none and
// we are not in CI (where the browser tests must run).
func chromium(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no Chromium binary found, and CI=true requires the browser tests: apt-get install -y chromium")
	}
	t.Skip("browser test skipped: no Chromium binary found (install it with `apt-get install -y chromium`; with CI=true the test fails instead)")
	return ""
}

// browser is one headless Chromium tab on a site.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string

	mu       sync.Mutex
	problems []string // uncaught exceptions and console errors
}

func newBrowser(t *testing.T, s *site) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(s.chrome),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	b := &browser{t: t, ctx: ctx, base: s.url}
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx)
		cancelCtx()
		cancelAlloc()
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, p := range b.problems {
			t.Errorf("browser console: %s", p)
		}
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no timeout
		t.Fatalf("start Chromium: %v", err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			// Failed requests (401, 409 ...) are expected; the page shows them.
			if m.IsException() || m.Type == chromedp.ConsoleError && m.Source != "network" {
				b.mu.Lock()
				b.problems = append(b.problems, m.String()+" at "+m.URL+stackText(m))
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// do runs steps with a timeout, failing the test with what was tried.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open loads a page and waits until its script has finished starting.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
}

// follow clicks a link and waits for the new page to start.
func (b *browser) follow(sel string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		b.t.Fatalf("follow %s: %v", sel, err)
	}
	b.do("wait for the page", chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
}

// eval evaluates a JavaScript expression.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// text is the visible text of the first element matching a CSS selector,
// or "" when there is none.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return eval[string](b, `(() => { const e = document.querySelector(`+jsString(sel)+`); return e ? e.innerText : ''; })()`)
}

// waitText waits until the element's visible text contains want.
func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.PollFunction[bool](
		`(sel, want) => { const e = document.querySelector(sel); return !!e && e.offsetParent !== null && e.innerText.includes(want); }`,
		chromedp.WithPollingArgs(sel, want), chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		b.t.Fatalf("waiting for %q in %s: %v; the text is %q", want, sel, err, b.text(sel))
	}
}

// waitGone waits until sel no longer shows the text.
func (b *browser) waitGone(sel, text string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.PollFunction[bool](
		`(sel, text) => { const e = document.querySelector(sel); return !!e && !e.innerText.includes(text); }`,
		chromedp.WithPollingArgs(sel, text), chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		b.t.Fatalf("waiting for %q to leave %s: %v; the text is %q", text, sel, err, b.text(sel))
	}
}

// html is the whole document as the browser has it now.
func (b *browser) html() string {
	b.t.Helper()
	return eval[string](b, `document.documentElement.outerHTML`)
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "$", `\$`)
	return "`" + r.Replace(s) + "`"
}

func stackText(m chromedp.ConsoleMessage) string {
	if m.Stack == nil {
		return ""
	}
	out := ""
	for _, f := range m.Stack.CallFrames {
		out += fmt.Sprintf(" <- %s %s:%d:%d", f.FunctionName, f.URL, f.LineNumber+1, f.ColumnNumber+1)
	}
	return out
}
