package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func noEnv(string) string { return "" }

func TestHelpDocumentsEverySetting(t *testing.T) {
	var out bytes.Buffer
	code := run(context.Background(), []string{"serve", "--help"}, noEnv, nil, &out, &out)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, s := range settings(&config{}) {
		if !strings.Contains(out.String(), "-"+s.flag) || !strings.Contains(out.String(), s.env) {
			t.Errorf("--help does not mention -%s / %s", s.flag, s.env)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range settings(&config{}) {
		if !strings.Contains(string(readme), s.env) {
			t.Errorf("README does not document %s", s.env)
		}
	}
}

func TestBadConfigurationIsAClearError(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"serve", "--sweep-interval", "soon"}, nil, "positive duration"},
		{[]string{"serve", "--log-level", "loud"}, nil, "log level"},
		{[]string{"serve"}, map[string]string{"CIVICDESK_SESSION_TTL": "-1h"}, "CIVICDESK_SESSION_TTL"},
		{[]string{"serve", "--telegram-webhook-url", "https://x"}, nil, "TELEGRAM_WEBHOOK_SECRET"},
		{[]string{"serve", "--embedded-addr", "0.0.0.0:27017"}, nil, "loopback"},
		{[]string{"serve", "extra"}, nil, "unexpected argument"},
		{[]string{"serve", "--key-limit", "lots"}, nil, "1200:200"},
		{[]string{"serve"}, map[string]string{"CIVICDESK_ANON_LIMIT": "10:0"}, "CIVICDESK_ANON_LIMIT"},
		{[]string{"serve", "--trusted-proxies", "10.0.0.0/8,proxy.local"}, nil, "CIDRs"},
		{[]string{"frobnicate"}, nil, "unknown command"},
	}
	for _, tc := range cases {
		var out bytes.Buffer
		getenv := func(k string) string { return tc.env[k] }
		code := run(context.Background(), tc.args, getenv, nil, &out, &out)
		if code == 0 || !strings.Contains(out.String(), tc.want) {
			t.Errorf("%v: exit %d, output %q, want an error mentioning %q", tc.args, code, out.String(), tc.want)
		}
	}
}

func TestCatalogueCheck(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("city: {code: hue}\nwards: []\nbogus: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := run(context.Background(), []string{"catalogue", "check", bad}, noEnv, nil, &out, &out); code != 1 || !strings.Contains(out.String(), "bad.yaml") {
		t.Fatalf("bad catalogue: exit %d, %q", code, out.String())
	}
	out.Reset()
	good := filepath.Join("..", "..", "catalogue", "default.yaml")
	if code := run(context.Background(), []string{"catalogue", "check", good}, noEnv, nil, &out, &out); code != 0 || !strings.Contains(out.String(), "is valid") {
		t.Fatalf("default catalogue: exit %d, %q", code, out.String())
	}
}

// serve with no configuration but a data folder: the embedded database,
// the built-in catalogue, a generated admin password printed once, health
// and readiness, and a clean shutdown when the context ends. A second start
// on the same folder finds everything again.
func TestServeStartsShutsDownAndRestarts(t *testing.T) {
	dataDir := t.TempDir()
	first := serveOnce(t, dataDir)
	if !strings.Contains(first.stdout, "admin account") {
		t.Errorf("first start did not print the admin password: %q", first.stdout)
	}
	if !strings.Contains(first.stderr, "TELEGRAM_BOT_TOKEN") {
		t.Errorf("log does not say the bot is off: %q", first.stderr)
	}
	pw := strings.TrimSpace(strings.Split(strings.SplitAfter(first.stdout, "password:")[1], "Note")[0])
	if strings.Contains(first.stderr, pw) {
		t.Error("the admin password was written to the log")
	}
	second := serveOnce(t, dataDir)
	if strings.Contains(second.stdout, "admin account") {
		t.Errorf("the restart created another admin: %q", second.stdout)
	}
}

type served struct{ stdout, stderr string }

// serveOnce runs serve until it is ready, then stops it cleanly.
func serveOnce(t *testing.T, dataDir string) served {
	t.Helper()
	r := startServe(t, []string{"--data-dir", dataDir, "--sweep-interval", "1h"}, nil)
	r.waitReady()
	r.stop()
	return served{r.stdout.String(), r.stderr.String()}
}

func TestChatAndStatsRebuild(t *testing.T) {
	dir := t.TempDir()
	var out syncBuffer
	in := strings.NewReader("/start\n/status KL-26-99999\n")
	code := run(context.Background(), []string{"chat", "--data-dir", dir, "--log-level", "warn"}, noEnv, in, &out, &out)
	if code != 0 || !strings.Contains(out.String(), "phản ánh") || !strings.Contains(out.String(), "KL-26-99999") {
		t.Fatalf("chat: exit %d, output %q", code, out.String())
	}
	var out2 syncBuffer
	code = run(context.Background(), []string{"stats", "rebuild", "--data-dir", dir}, noEnv, nil, &out2, &out2)
	if code != 0 || !strings.Contains(out2.String(), "statistics rebuilt") {
		t.Fatalf("stats rebuild: exit %d, output %q", code, out2.String())
	}
}

func TestLimitsAndProxiesAreRead(t *testing.T) {
	env := map[string]string{"CIVICDESK_KEY_LIMIT": "600:50", "CIVICDESK_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"}
	c, err := parseConfig("serve", []string{"--anon-limit", "off", "--login-limit", "30"}, func(k string) string { return env[k] }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.KeyLimit.PerMinute != 600 || c.KeyLimit.Burst != 50 || c.AnonLimit.PerMinute != -1 || c.LoginLimit.PerMinute != 30 || c.LoginLimit.Burst != 30 {
		t.Errorf("limits: key %+v anon %+v login %+v", c.KeyLimit, c.AnonLimit, c.LoginLimit)
	}
	if len(c.TrustedProxies) != 2 || c.TrustedProxies[1] != "10.0.0.0/8" {
		t.Errorf("trusted proxies %q", c.TrustedProxies)
	}
}

func TestHSTSFollowsThePublicURL(t *testing.T) {
	for url, want := range map[string]bool{"https://civicdesk.hue.gov.vn": true, "HTTPS://x": true, "http://localhost:8080": false, "": false} {
		if got := hsts(url); got != want {
			t.Errorf("hsts(%q) = %v, want %v", url, got, want)
		}
	}
}
