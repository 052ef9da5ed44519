package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/service"
)

func TestUnknownRouteAndWrongMethodAnswerJSON(t *testing.T) {
	e := newEnv(t, nil)
	a := e.do("GET", "/api/v1/nothing-here", nil, nil).want(404)
	if a.errorCode() != "not_found" || !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
		t.Errorf("404: %s %v", a.body, a.header)
	}
	a = e.do("DELETE", "/api/v1/issues", e.auth("admin"), nil).want(405)
	if a.errorCode() != "method_not_allowed" {
		t.Errorf("405: %s", a.body)
	}
	if allow := a.header.Get("Allow"); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("Allow: %q", allow)
	}
	e.do("PUT", "/api/v1/public/stats", nil, nil).want(405).errorCode()
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	e := newEnv(t, nil)
	e.do("GET", "/healthz", nil, nil).want(200)
	e.do("GET", "/readyz", nil, nil).want(200)
	e.newIssue()
	e.do("GET", "/api/v1/issues/NOPE-26-00001", e.auth("wardoff"), nil).want(404)
	m := string(e.do("GET", "/metrics", metricsAuth, nil).want(200).body)
	for _, want := range []string{
		`civicdesk_http_requests_total{method="POST",route="/api/v1/issues",status="201"} 1`,
		`civicdesk_http_requests_total{method="GET",route="/api/v1/issues/:ref",status="404"} 1`,
		`civicdesk_http_request_duration_seconds_bucket{method="POST",route="/api/v1/issues"`,
		`civicdesk_issues_open{department="kim-long-infra",level="ward"} 1`,
		`civicdesk_issues_scrape_error 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(m, "NOPE") {
		t.Error("metrics are labelled with raw paths")
	}

	// A service that cannot serve yet is not ready.
	_, st, clk := testenv.Service(t, nil)
	cold := service.New(st, clk, slog.New(slog.DiscardHandler), service.Config{})
	srv := New(Config{Clock: clk, MetricsToken: testMetricsToken}, cold, slog.New(slog.DiscardHandler))
	res, err := srv.App().Test(httptest.NewRequest("GET", "/readyz", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 503 || !bytes.Contains(body, []byte(`"code":"unavailable"`)) {
		t.Errorf("readyz without a catalogue: %d %s", res.StatusCode, body)
	}
	mreq := httptest.NewRequest("GET", "/metrics", nil)
	mreq.Header.Set("Authorization", metricsAuth["Authorization"])
	res, _ = srv.App().Test(mreq, -1)
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != 200 || !bytes.Contains(body, []byte("civicdesk_issues_scrape_error 1")) {
		t.Errorf("metrics without a catalogue: %d %s", res.StatusCode, body)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.KeyRate = RateLimit{PerMinute: 60, Burst: 3}
		c.IPRate = RateLimit{PerMinute: 6, Burst: 2}
		c.LoginRate = RateLimit{PerMinute: -1}
	})
	h, other := e.auth("monitor"), e.auth("wardoff")
	e.clk.Advance(time.Minute) // the sign-ins above were anonymous requests
	for range 3 {
		e.do("GET", "/api/v1/auth/me", h, nil).want(200)
	}
	a := e.do("GET", "/api/v1/auth/me", h, nil).want(429)
	if a.errorCode() != "rate_limited" || a.header.Get("Retry-After") != "1" {
		t.Errorf("429: %s Retry-After %q", a.body, a.header.Get("Retry-After"))
	}
	// Another caller has its own allowance.
	e.do("GET", "/api/v1/auth/me", other, nil).want(200)
	// Time refills the bucket; no sleeping, the clock moves.
	e.clk.Advance(time.Second)
	e.do("GET", "/api/v1/auth/me", h, nil).want(200)

	// Anonymous callers are limited per address.
	e.do("GET", "/healthz", nil, nil).want(200)
	e.do("GET", "/healthz", nil, nil).want(200)
	a = e.do("GET", "/healthz", nil, nil).want(429)
	if a.header.Get("Retry-After") != "10" {
		t.Errorf("anonymous Retry-After %q, want 10", a.header.Get("Retry-After"))
	}
}

// Telegram's webhook calls carry their secret header: they draw on a key's
// allowance, not on the small anonymous one of their address.
func TestWebhookCallsAreNotLimitedAsAnonymous(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.KeyRate = RateLimit{PerMinute: 60, Burst: 5}
		c.IPRate = RateLimit{PerMinute: 6, Burst: 1}
		c.Mounts = append(c.Mounts, Mount{Prefix: "/telegram", Register: func(r fiber.Router) {
			r.Post("/webhook", func(c *fiber.Ctx) error { return c.SendStatus(200) })
		}})
	})
	secret := map[string]string{"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
	for range 5 {
		e.do("POST", "/telegram/webhook", secret, nil).want(200)
	}
	e.do("POST", "/telegram/webhook", secret, nil).want(429)
	e.do("POST", "/telegram/webhook", nil, nil).want(200)
	e.do("POST", "/telegram/webhook", nil, nil).want(429)
}

func TestLoginAttemptsAreLimited(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.LoginRate = RateLimit{PerMinute: 2, Burst: 2} })
	e.auth("wardoff") // one attempt
	e.do("POST", "/api/v1/auth/login", nil, map[string]any{"username": "wardoff", "password": "wrong-Passw0rd"}).want(401)
	a := e.do("POST", "/api/v1/auth/login", nil, map[string]any{"username": "wardoff", "password": testPassword}).want(429)
	if a.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
}

func TestBodyLimits(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.BodyLimit = 64 << 10; c.JSONLimit = 8 << 10 })
	h := e.auth("wardoff")
	a := e.do("POST", "/api/v1/issues", h, `{"title":"`+strings.Repeat("x", 9<<10)+`"}`).want(413)
	if a.errorCode() != "too_large" {
		t.Errorf("JSON over the limit: %s", a.body)
	}
	// A multipart body over the upload limit is refused while it is read.
	body, ct := multipartIssue(t, `{"title":"Ổ gà trên đường","description":"x","category":"infrastructure","ward":"kim-long"}`,
		map[string][]byte{"big.png": pngBytes(70 << 10)})
	status, raw := rawPost(t, e, "/api/v1/issues", ct, h, body)
	if status != 413 || !bytes.Contains(raw, []byte(`"code":"too_large"`)) {
		t.Errorf("upload over the limit: %d %s", status, raw)
	}
	if n := e.countIssues(); n != 0 {
		t.Errorf("%d issues written", n)
	}
}

// rawPost sends a request over a real connection: fasthttp refuses an
// oversized body while reading it, before app.Test could see an answer.
func rawPost(t *testing.T, e *env, path, ctype string, h map[string]string, body []byte) (int, []byte) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = e.srv.App().Listener(ln) }()
	defer func() { _ = e.srv.App().Shutdown() }()
	// A server that refuses a body by its length answers and closes while
	// the body is still arriving, so the client's write can meet a reset
	// before it reads the answer (about one run in six here). Such an
	// attempt tells nothing either way: send it again.
	var lastErr error
	for range 10 {
		req, _ := http.NewRequest("POST", "http://"+ln.Addr().String()+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
				lastErr = err
				continue
			}
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res.StatusCode, b
	}
	t.Fatalf("no answer in 10 attempts: %v", lastErr)
	return 0, nil
}

func TestStatsJSONAndCSV(t *testing.T) {
	e := newEnv(t, nil)
	e.newIssue()
	e.newIssue()
	h := e.auth("monitor")
	a := e.do("GET", "/api/v1/stats?group_by=department&from=2026-11-01&to=2026-11-30", h, nil).want(200)
	m := a.json()
	figs := m["figures"].([]any)
	if m["from"] != "2026-11-01" || m["to"] != "2026-11-30" || len(figs) != 1 {
		t.Fatalf("stats: %s", a.body)
	}
	f := figs[0].(map[string]any)
	if f["group"].(map[string]any)["department"] != "kim-long-infra" || f["received"] != float64(2) || f["open_now"] != float64(2) {
		t.Errorf("figures: %v", f)
	}

	for _, req := range []struct{ path, accept string }{
		{"/api/v1/stats?group_by=department,category&format=csv", ""},
		{"/api/v1/stats?group_by=department&group_by=category", "text/csv"},
	} {
		a := e.do("GET", req.path, with(h, "Accept", req.accept), nil).want(200)
		if !strings.HasPrefix(a.header.Get("Content-Type"), "text/csv") || !strings.Contains(a.header.Get("Content-Disposition"), "attachment") {
			t.Errorf("CSV headers: %v", a.header)
		}
		rows, err := csv.NewReader(bytes.NewReader(a.body)).ReadAll()
		if err != nil {
			t.Fatalf("CSV: %v\n%s", err, a.body)
		}
		if len(rows) != 2 || strings.Join(rows[0], ",") != strings.Join(csvHeader, ",") {
			t.Fatalf("CSV rows: %q", rows)
		}
		if rows[1][2] != "kim-long-infra" || rows[1][5] != "infrastructure" || rows[1][6] != "2" || rows[1][11] != "2" {
			t.Errorf("CSV row: %q", rows[1])
		}
	}
	e.do("GET", "/api/v1/stats", nil, nil).want(401)
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Mounts = []Mount{
			{Prefix: "/open311/v2", Register: func(r fiber.Router) {
				r.Get("/services.json", func(c *fiber.Ctx) error { return c.JSON([]any{}) })
			}, Paths: map[string]any{"/open311/v2/services.json": map[string]any{"get": map[string]any{"summary": "services",
				"responses": map[string]any{"200": map[string]any{"description": "services"}}}}}},
		}
	})
	if u := e.srv.Undocumented(); len(u) > 0 {
		t.Errorf("routes missing from the OpenAPI document: %v", u)
	}
	doc := e.do("GET", "/api/openapi.json", nil, nil).want(200).json()
	if doc["openapi"] != "3.0.3" {
		t.Errorf("openapi %v", doc["openapi"])
	}
	paths := doc["paths"].(map[string]any)
	for _, r := range e.srv.App().GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api") && !strings.HasPrefix(r.Path, "/open311") {
			continue
		}
		m := strings.ToLower(r.Method)
		if m == "head" {
			m = "get"
		}
		item, _ := paths[openAPIPath(r.Path)].(map[string]any)
		if item[m] == nil {
			t.Errorf("%s %s is not in the served document", r.Method, r.Path)
		}
	}
	// Every $ref resolves.
	raw := string(e.do("GET", "/api/openapi.json", nil, nil).body)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, part := range strings.Split(raw, `"#/components/schemas/`)[1:] {
		name := part[:strings.IndexByte(part, '"')]
		if schemas[name] == nil {
			t.Errorf("dangling $ref %s", name)
		}
	}
	// Private fields are not documented.
	issue := schemas["Issue"].(map[string]any)["properties"].(map[string]any)
	for _, hidden := range []string{"supporter_keys", "search_text", "SupporterKeys"} {
		if issue[hidden] != nil {
			t.Errorf("Issue documents %s", hidden)
		}
	}

	// A mounted route missing from the document is caught.
	e2 := newEnv(t, func(c *Config) {
		c.Mounts = []Mount{{Prefix: "/open311/v2", Register: func(r fiber.Router) {
			r.Post("/requests.json", func(c *fiber.Ctx) error { return nil })
		}}}
	})
	if u := e2.srv.Undocumented(); len(u) != 1 || u[0] != "POST /open311/v2/requests.json" {
		t.Errorf("Undocumented() = %v", u)
	}
}

func TestInternalErrorsAndPanicsTellNothing(t *testing.T) {
	var sawDeadline time.Duration
	e := newEnv(t, func(c *Config) {
		c.RequestTimeout = 3 * time.Second
		c.Mounts = []Mount{{Prefix: "/x", Register: func(r fiber.Router) {
			r.Get("/boom", func(c *fiber.Ctx) error {
				return fmt.Errorf("connection refused: mongodb://civic:hunter2@db:27017")
			})
			r.Get("/panic", func(c *fiber.Ctx) error { panic("nil map in handler") })
			r.Get("/deadline", func(c *fiber.Ctx) error {
				d, ok := c.UserContext().Deadline()
				if !ok {
					return errors.New("no deadline")
				}
				sawDeadline = time.Until(d)
				return c.SendStatus(204)
			})
		}}}
	})
	for _, p := range []string{"/x/boom", "/x/panic"} {
		a := e.do("GET", p, nil, nil).want(500)
		if a.errorCode() != "internal" {
			t.Errorf("%s: %s", p, a.body)
		}
		for _, leak := range []string{"hunter2", "mongodb", "nil map", "goroutine", ".go:"} {
			if bytes.Contains(a.body, []byte(leak)) {
				t.Errorf("%s leaks %q: %s", p, leak, a.body)
			}
		}
		id, _ := a.json()["error"].(map[string]any)["request_id"].(string)
		if id == "" || !strings.Contains(e.logs.String(), id) {
			t.Errorf("%s: request id %q is not in the log", p, id)
		}
	}
	if !strings.Contains(e.logs.String(), "hunter2") || !strings.Contains(e.logs.String(), "nil map in handler") {
		t.Error("the real causes are not logged")
	}
	e.do("GET", "/x/deadline", nil, nil).want(204)
	if sawDeadline <= 0 || sawDeadline > 3*time.Second {
		t.Errorf("handler deadline in %v, want within 3s", sawDeadline)
	}
}

func TestSecretsAreNeverLogged(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.tokens
	e.auth("wardoff")
	e.auth("org")
	e.do("GET", "/api/v1/auth/me", e.auth("wardoff"), nil).want(200)
	e.do("GET", "/api/v1/auth/me", e.auth("org"), nil).want(200)
	e.do("POST", "/api/v1/auth/login", nil, map[string]any{"username": "wardoff", "password": "Wr0ng-password"}).want(401)
	logs := e.logs.String()
	for _, s := range []string{tok["wardoff"], tok["org"], testPassword, "Wr0ng-password"} {
		if strings.Contains(logs, s) {
			t.Errorf("the log contains a secret %q", s)
		}
	}
}

func TestCORS(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.CORSOrigins = []string{"https://civicdesk.hue.gov.vn"} })
	req := httptest.NewRequest("OPTIONS", "/api/v1/issues", nil)
	req.Header.Set("Origin", "https://civicdesk.hue.gov.vn")
	req.Header.Set("Access-Control-Request-Method", "POST")
	a := e.send(req)
	if a.status != 204 || a.header.Get("Access-Control-Allow-Origin") != "https://civicdesk.hue.gov.vn" {
		t.Errorf("preflight from an allowed origin: %d %v", a.status, a.header)
	}
	req = httptest.NewRequest("GET", "/healthz", nil)
	req.Header.Set("Origin", "https://evil.example")
	if a := e.send(req); a.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("another origin is allowed: %v", a.header)
	}
}

func TestListenShutsDownWhenContextEnds(t *testing.T) {
	e := newEnv(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	listening := make(chan struct{})
	e.srv.App().Hooks().OnListen(func(fiber.ListenData) error { close(listening); return nil })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.srv.Listen(ctx, addr) }()
	select {
	case <-listening:
	case err := <-done:
		t.Fatalf("Listen: %v", err)
	}
	res, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("server does not answer: %v", err)
	}
	res.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Listen: %v", err)
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("still serving after shutdown")
	}
}
