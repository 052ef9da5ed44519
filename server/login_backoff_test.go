package server

import (
	"strconv"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/service"
)

// After repeated failures on one account, its sign-in answers 429 with
// Retry-After from any address, then works once the rest is over.
func TestLoginBackoffAnswers429(t *testing.T) {
	e := newEnv(t, nil)
	e.auth("wardoff") // creates the account
	for i := 0; i < service.FreeLoginFailures; i++ {
		e.do("POST", "/api/v1/auth/login", nil, map[string]any{"username": "wardoff", "password": "not-it-" + strconv.Itoa(i)}).want(401)
	}
	a := e.do("POST", "/api/v1/auth/login", map[string]string{"X-Forwarded-For": "203.0.113.9"},
		map[string]any{"username": "wardoff", "password": testPassword}).want(429)
	if a.errorCode() != "rate_limited" || a.header.Get("Retry-After") != "1" {
		t.Fatalf("429 %s, Retry-After %q", a.body, a.header.Get("Retry-After"))
	}
	e.clk.Advance(time.Second)
	e.do("POST", "/api/v1/auth/login", nil, map[string]any{"username": "wardoff", "password": testPassword}).want(200)
}
