package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// /metrics is not public (#10): with a token it needs it; without one it
// answers only this machine.
func TestMetricsNeedTheTokenOrLoopback(t *testing.T) {
	e := newEnv(t, nil)
	e.do("GET", "/metrics", nil, nil).want(401)
	e.do("GET", "/metrics", map[string]string{"Authorization": "Bearer not-the-token"}, nil).want(401)
	e.do("GET", "/metrics", e.auth("admin"), nil).want(401) // a sign-in token is not the metrics token
	e.do("GET", "/metrics", metricsAuth, nil).want(200)

	open := newEnv(t, func(c *Config) { c.MetricsToken = "" })
	a := open.do("GET", "/metrics", nil, nil).want(403) // app.Test's client is 0.0.0.0, not loopback
	if !strings.Contains(string(a.body), "CIVICDESK_METRICS_TOKEN") {
		t.Errorf("the refusal does not say how to allow it: %s", a.body)
	}
	// A real client on the loopback address is served.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- open.srv.Serve(ctx, ln) }()
	defer func() { cancel(); <-done }()
	res, err := http.Get("http://" + ln.Addr().String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "civicdesk_http_requests_total") {
		t.Fatalf("loopback scrape: %d %.200s", res.StatusCode, body)
	}
}

// HSTS is sent when civicdesk is reached over https, and only then.
func TestHSTSOnlyWhenConfigured(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.HSTS = true })
	for _, path := range []string{"/healthz", "/api/v1/public/stats", "/nope"} {
		if h := e.do("GET", path, nil, nil).header.Get("Strict-Transport-Security"); h != "max-age=31536000" {
			t.Errorf("%s: Strict-Transport-Security %q", path, h)
		}
	}
	plain := newEnv(t, nil)
	if h := plain.do("GET", "/healthz", nil, nil).header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS over http: %q", h)
	}
}
