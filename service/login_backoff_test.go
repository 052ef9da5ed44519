package service_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// Repeated failed sign-ins make the account rest, whatever the address,
// for a time that doubles but never exceeds MaxLoginBackoff; the right
// password works again once the rest is over, and the log says what
// happened without the passwords.
func TestLoginBacksOffPerAccount(t *testing.T) {
	st := testenv.Store(t)
	clk := testenv.NewClock(testenv.Monday9)
	var logs bytes.Buffer
	svc := service.New(st, clk, slog.New(slog.NewTextHandler(&logs, nil)), service.Config{})
	if err := svc.LoadCatalogue(ctx, catalogue.Default(), "test", false); err != nil {
		t.Fatal(err)
	}
	const good, wrong = "Correct-Horse-Battery-9", "wrong-guess-Zebra-42"
	if _, err := svc.CreateUser(ctx, testenv.Admin(), service.NewUser{Username: "lan.official", Name: "Lan", Role: models.RoleOfficial,
		Department: "kim-long-infra", Password: good}); err != nil {
		t.Fatal(err)
	}
	login := func(pw string) error {
		_, _, _, err := svc.Login(ctx, "lan.official", pw)
		return err
	}
	resting := func(err error) time.Duration {
		var b *service.LoginBackoffError
		if errors.As(err, &b) {
			if models.ErrorCodeOf(err) != models.EUnauthorized {
				t.Fatalf("back-off error code %q", models.ErrorCodeOf(err))
			}
			return b.Wait
		}
		return 0
	}

	// The first failures cost nothing.
	for i := 1; i < service.FreeLoginFailures; i++ {
		if err := login(wrong); resting(err) != 0 || models.ErrorCodeOf(err) != models.EUnauthorized {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	// The next one starts a rest of 1 s: even the right password waits.
	if err := login(wrong); resting(err) != 0 {
		t.Fatalf("failure %d was refused unchecked: %v", service.FreeLoginFailures, err)
	}
	if w := resting(login(good)); w != time.Second {
		t.Fatalf("right password during the rest: wait %v, want 1s", w)
	}
	clk.Advance(time.Second)
	if err := login(good); err != nil {
		t.Fatalf("right password after the rest: %v", err)
	}
	// Success clears the count: the next failure is free again.
	if err := login(wrong); resting(err) != 0 {
		t.Fatal("a success did not clear the failures")
	}

	// An attacker keeps guessing as soon as each rest ends: the rest
	// doubles up to the cap and no further.
	var last time.Duration
	for i := 0; i < 40; i++ {
		err := login(wrong)
		if w := resting(err); w > 0 {
			if w > service.MaxLoginBackoff {
				t.Fatalf("rest of %v, over the cap %v", w, service.MaxLoginBackoff)
			}
			last = w
			clk.Advance(w)
			i--
			continue
		}
	}
	if last != service.MaxLoginBackoff {
		t.Fatalf("after 40 guesses the rest is %v, want the cap %v", last, service.MaxLoginBackoff)
	}
	// Guessing during a rest does not lengthen it: the official gets in at
	// most MaxLoginBackoff after the attacker's last counted guess.
	clk.Advance(service.MaxLoginBackoff - time.Minute)
	for i := 0; i < 20; i++ {
		if resting(login(wrong)) == 0 {
			t.Fatal("a guess during the rest was checked")
		}
	}
	clk.Advance(time.Minute)
	if err := login(good); err != nil {
		t.Fatalf("the official is still locked out after the capped rest: %v", err)
	}

	// Unknown usernames rest the same way, so the rest reveals no account.
	for i := 0; i <= service.FreeLoginFailures; i++ {
		_, _, _, _ = svc.Login(ctx, "no.such.user", wrong)
	}
	if _, _, _, err := svc.Login(ctx, "no.such.user", wrong); resting(err) == 0 {
		t.Error("an unknown username does not back off")
	}

	out := logs.String()
	if !strings.Contains(out, "backing off") || !strings.Contains(out, "lan.official") {
		t.Errorf("the back-off is not logged:\n%s", out)
	}
	if strings.Contains(out, wrong) || strings.Contains(out, good) {
		t.Error("a password reached the log")
	}
}
