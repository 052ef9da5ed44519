package main

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"
)

// running is a `civicdesk serve` started by a test in the background.
type running struct {
	t              *testing.T
	addr           string
	stdout, stderr syncBuffer
	cancel         context.CancelFunc
	done           chan int
}

// freeAddr is a loopback address with a port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServe runs serve with args and env on a free address (given to it
// as CIVICDESK_ADDR) until stop is called.
func startServe(t *testing.T, args []string, env map[string]string) *running {
	t.Helper()
	r := &running{t: t, addr: freeAddr(t), done: make(chan int, 1)}
	all := map[string]string{"CIVICDESK_ADDR": r.addr}
	for k, v := range env {
		all[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	t.Cleanup(cancel)
	go func() {
		r.done <- run(ctx, append([]string{"serve"}, args...), func(k string) string { return all[k] }, nil, &r.stdout, &r.stderr)
	}()
	return r
}

// waitReady waits until /readyz answers 200.
func (r *running) waitReady() {
	r.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get("http://" + r.addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case code := <-r.done:
			r.t.Fatalf("serve exited with %d before it was ready: %s", code, r.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("not ready: %v\n%s", err, r.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop cancels serve's context and checks it shut down cleanly.
func (r *running) stop() {
	r.t.Helper()
	r.cancel()
	select {
	case code := <-r.done:
		if code != 0 {
			r.t.Fatalf("exit %d: %s", code, r.stderr.String())
		}
	case <-time.After(30 * time.Second):
		r.t.Fatal("serve did not shut down")
	}
}
