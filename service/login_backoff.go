package service

import (
	"context"
	"math"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// Per-account sign-in back-off (#10). The server limits guesses per
// address; this limits them per account, whatever the addresses: after
// FreeLoginFailures failed sign-ins in a row, the account must rest 1 s,
// then 2 s, 4 s ... after each further failure, never more than
// MaxLoginBackoff, so an attacker can slow a real official down but not
// lock them out for long. While the account rests, sign-ins are refused
// without checking the password (nothing can be guessed meanwhile) and
// are not counted (hammering does not lengthen the rest). A successful
// sign-in clears the count; failures older than a day are forgotten.
const (
	FreeLoginFailures = 5
	MaxLoginBackoff   = 15 * time.Minute
	loginFailureTTL   = 24 * time.Hour
)

// LoginBackoffError refuses a sign-in while the account rests after
// repeated failures. It is an unauthorized error; Wait says how long.
type LoginBackoffError struct {
	Wait time.Duration
	err  *models.Error
}

func (e *LoginBackoffError) Error() string { return e.err.Error() }
func (e *LoginBackoffError) Unwrap() error { return e.err }

// loginBackoff is how long an account rests after its n-th failure in a row.
func loginBackoff(n int) time.Duration {
	if n < FreeLoginFailures {
		return 0
	}
	exp := n - FreeLoginFailures
	if exp >= 30 {
		return MaxLoginBackoff
	}
	return min(time.Duration(math.Pow(2, float64(exp)))*time.Second, MaxLoginBackoff)
}

// checkLoginBackoff refuses the sign-in if the account is resting.
func (s *Service) checkLoginBackoff(ctx context.Context, username string) error {
	f, err := s.store.LoginFailures(ctx, username)
	if err != nil {
		return err
	}
	now := s.now()
	if f.Failures == 0 || now.Sub(f.LastAt) > loginFailureTTL {
		return nil
	}
	until := f.LastAt.Add(loginBackoff(f.Failures))
	if !now.Before(until) {
		return nil
	}
	wait := until.Sub(now)
	s.log.WarnContext(ctx, "sign-in refused: the account is backing off after failed sign-ins",
		"username", username, "failures", f.Failures, "retry_in", wait.Round(time.Second).String())
	secs := int(math.Ceil(wait.Seconds()))
	return &LoginBackoffError{Wait: wait, err: models.Errorf(models.EUnauthorized,
		"too many failed sign-ins for this account; wait %d s and try again", secs)}
}

// recordLoginFailure counts a failed sign-in and logs when it starts or
// lengthens the account's rest. The password is never logged.
func (s *Service) recordLoginFailure(ctx context.Context, username string) {
	ctx = context.WithoutCancel(ctx)
	now := s.now()
	if f, err := s.store.LoginFailures(ctx, username); err == nil && f.Failures > 0 && now.Sub(f.LastAt) > loginFailureTTL {
		_ = s.store.ClearLoginFailures(ctx, username)
	}
	f, err := s.store.AddLoginFailure(ctx, username, now)
	if err != nil {
		s.log.ErrorContext(ctx, "cannot count a failed sign-in", "username", username, "err", err)
		return
	}
	if wait := loginBackoff(f.Failures); wait > 0 {
		s.log.WarnContext(ctx, "failed sign-ins for one account: backing off",
			"username", username, "failures", f.Failures, "backoff", wait.String())
	}
}

func (s *Service) clearLoginFailures(ctx context.Context, username string) {
	if err := s.store.ClearLoginFailures(context.WithoutCancel(ctx), username); err != nil {
		s.log.ErrorContext(ctx, "cannot clear failed sign-ins", "username", username, "err", err)
	}
}
