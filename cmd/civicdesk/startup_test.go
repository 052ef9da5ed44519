package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// cancelOnLog is serve's log: it records every line and, the first time
// a line contains trigger, cancels serve's context — as a SIGTERM arriving
// at exactly that moment of the start-up would (main turns signals into
// the end of this context).
type cancelOnLog struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	trigger string
	cancel  context.CancelFunc
	fired   bool
}

func (w *cancelOnLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.fired && strings.Contains(string(p), w.trigger) {
		w.fired = true
		w.cancel()
	}
	return w.buf.Write(p)
}

func (w *cancelOnLog) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// A stop asked for at any moment of the start-up ends serve promptly,
// with a non-zero status and a clear message, and it never starts
// serving (issue #10: it used to log "shutting down", then listen and
// answer /readyz, ignoring further signals).
func TestSignalDuringStartUpStopsCleanly(t *testing.T) {
	dataDir := t.TempDir()
	serveOnce(t, dataDir) // a database with its admin, as on a restart
	moments := []struct {
		trigger string
		started bool // the line comes once serving has begun
	}{
		{"starting the embedded database", false},
		{"Telegram bot is off", false},
		{"civicdesk is listening", true},
	}
	for _, m := range moments {
		t.Run(m.trigger, func(t *testing.T) {
			addr := freeAddr(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			logw := &cancelOnLog{trigger: m.trigger, cancel: cancel}
			var stdout syncBuffer
			env := map[string]string{"CIVICDESK_ADDR": addr}
			done := make(chan int, 1)
			go func() {
				done <- run(ctx, []string{"serve", "--data-dir", dataDir, "--sweep-interval", "1h"},
					func(k string) string { return env[k] }, nil, &stdout, logw)
			}()
			var code int
			select {
			case code = <-done:
			case <-time.After(40 * time.Second): // far above the 20 s shutdown timeout
				t.Fatalf("serve did not stop after a signal at %q:\n%s", m.trigger, logw.String())
			}
			out := logw.String()
			if !logw.fired {
				t.Fatalf("the start-up never logged %q:\n%s", m.trigger, out)
			}
			if m.started {
				if code != 0 {
					t.Fatalf("stop once serving: exit %d:\n%s", code, out)
				}
			} else {
				if code == 0 {
					t.Fatalf("a start-up interrupted at %q exited 0:\n%s", m.trigger, out)
				}
				if !strings.Contains(out, "asked to stop during start-up") {
					t.Fatalf("no clear message for a start-up interrupted at %q:\n%s", m.trigger, out)
				}
				if strings.Contains(out, "civicdesk is listening") {
					t.Fatalf("serve listened after a signal at %q:\n%s", m.trigger, out)
				}
			}
			// Whatever the moment, nothing answers afterwards.
			if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
				res.Body.Close()
				t.Fatalf("/readyz answers %d after serve returned", res.StatusCode)
			}
		})
	}
	// The interrupted starts left the data folder usable.
	serveOnce(t, dataDir)
}
