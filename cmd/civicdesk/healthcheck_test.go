package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// healthcheck against a running serve: 0 while it runs (found through
// CIVICDESK_ADDR, as in the image), 1 once it has stopped.
func TestHealthcheckAgainstARunningServer(t *testing.T) {
	r := startServe(t, []string{"--data-dir", t.TempDir(), "--sweep-interval", "1h"}, nil)
	r.waitReady()
	env := map[string]string{"CIVICDESK_ADDR": r.addr}
	getenv := func(k string) string { return env[k] }
	var out syncBuffer
	if code := run(context.Background(), []string{"healthcheck"}, getenv, nil, &out, &out); code != 0 {
		t.Fatalf("healthcheck of a running server: exit %d: %s", code, out.String())
	}
	if !strings.Contains(out.String(), "healthy") {
		t.Errorf("output %q", out.String())
	}
	var quiet syncBuffer
	if code := run(context.Background(), []string{"healthcheck", "--quiet"}, getenv, nil, &quiet, &quiet); code != 0 || quiet.String() != "" {
		t.Errorf("--quiet: exit %d, output %q", code, quiet.String())
	}
	r.stop()
	var down syncBuffer
	if code := run(context.Background(), []string{"healthcheck"}, getenv, nil, &down, &down); code != 1 || !strings.Contains(down.String(), "unhealthy") {
		t.Errorf("healthcheck of a stopped server: exit %d, output %q", code, down.String())
	}
}

// A server that answers but is not ready (503) is unhealthy.
func TestHealthcheckNotReady(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":"database unreachable"}`, http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	var out syncBuffer
	code := run(context.Background(), []string{"healthcheck", "--url", srv.URL + "/readyz"}, noEnv, nil, &out, &out)
	if code != 1 || !strings.Contains(out.String(), "503") {
		t.Errorf("exit %d, output %q", code, out.String())
	}
	out = syncBuffer{}
	if code := run(context.Background(), []string{"healthcheck", "--timeout", "0s"}, noEnv, nil, &out, &out); code == 0 {
		t.Errorf("zero timeout accepted: %q", out.String())
	}
}

func TestReadyURLFromListenAddress(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":         "http://127.0.0.1:8080/readyz",
		"0.0.0.0:9000":  "http://127.0.0.1:9000/readyz",
		"[::]:9000":     "http://127.0.0.1:9000/readyz",
		"10.0.0.5:8080": "http://10.0.0.5:8080/readyz",
	} {
		if got, err := readyURL(addr); err != nil || got != want {
			t.Errorf("readyURL(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
	if _, err := readyURL("8080"); err == nil {
		t.Error("a port without a colon was accepted")
	}
	docker, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(docker), `HEALTHCHECK`) || !strings.Contains(string(docker), `"/civicdesk", "healthcheck"`) {
		t.Error("the Dockerfile has no HEALTHCHECK running civicdesk healthcheck")
	}
}
