package server

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/service"
)

// maxBuckets bounds the limiter's memory: past it, buckets that are full
// again (idle clients) are dropped.
const maxBuckets = 100_000

// limiter is a token bucket per key, on an injectable clock so tests need
// no sleeping.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	clock   service.Clock
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(r RateLimit, clock service.Clock) *limiter {
	if r.PerMinute < 0 {
		return nil
	}
	return &limiter{rate: float64(r.PerMinute) / 60, burst: float64(max(r.Burst, 1)), clock: clock, buckets: map[string]*bucket{}}
}

// allow takes a token for key, or says how long until one is available.
// key must be a copy, not a view into a request buffer: it is kept.
func (l *limiter) allow(key string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(l.burst, b.tokens+el*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	if l.rate == 0 {
		return false, time.Hour
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// peek says whether key has a token left, without taking it.
func (l *limiter) peek(key string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		return true, 0
	}
	tokens := math.Min(l.burst, b.tokens+max(now.Sub(b.last).Seconds(), 0)*l.rate)
	if tokens >= 1 {
		return true, 0
	}
	if l.rate == 0 {
		return false, time.Hour
	}
	return false, time.Duration((1 - tokens) / l.rate * float64(time.Second))
}

func (l *limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

type limiters struct {
	key, ip, login *limiter
}

func newLimiters(cfg Config) *limiters {
	return &limiters{
		key:   newLimiter(cfg.KeyRate, cfg.Clock),
		ip:    newLimiter(cfg.IPRate, cfg.Clock),
		login: newLimiter(cfg.LoginRate, cfg.Clock),
	}
}

// credentialKey identifies the caller's token or API key without keeping
// the secret itself in memory.
func credentialKey(c *fiber.Ctx) string {
	cred := c.Request().Header.Peek(fiber.HeaderAuthorization)
	if len(cred) == 0 {
		cred = c.Request().Header.Peek(headerAPIKey)
	}
	if len(cred) == 0 {
		// Telegram's webhook calls come from a few addresses at a rate set
		// by residents' messages: they count as one key-holding caller,
		// not as anonymous visitors. A wrong secret is refused by the bot.
		cred = c.Request().Header.Peek("X-Telegram-Bot-Api-Secret-Token")
	}
	if len(cred) == 0 {
		return ""
	}
	h := sha256.Sum256(cred)
	return "cred:" + hex.EncodeToString(h[:12])
}

// rateLimit limits each token or API key, and anonymous callers per
// address. The credential is not checked here (that costs a database
// read); a caller inventing tokens only spreads its requests over buckets
// that each fail authentication.
func (s *Server) rateLimit(c *fiber.Ctx) error {
	if key := credentialKey(c); key != "" {
		return s.limited(c, s.limits.key, key)
	}
	return s.limited(c, s.limits.ip, "ip:"+c.IP())
}

// loginRateLimit limits sign-in attempts per address, against guessing.
// Failed authentications with a token or key draw on the same allowance
// (see requireSignIn), so guessing tokens is limited too.
func (s *Server) loginRateLimit(c *fiber.Ctx) error {
	return s.limited(c, s.limits.login, guessKey(c))
}

func guessKey(c *fiber.Ctx) string { return "guess:" + c.IP() }

func (s *Server) limited(c *fiber.Ctx, l *limiter, key string) error {
	ok, wait := l.allow(key) // key is a new string: concatenation copies
	if ok {
		return c.Next()
	}
	return tooMany(c, wait)
}

func tooMany(c *fiber.Ctx, wait time.Duration) error {
	secs := int(math.Ceil(wait.Seconds()))
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(secs, 1)))
	return &httpError{status: http.StatusTooManyRequests, code: codeRateLimited,
		message: "too many requests; wait " + strconv.Itoa(max(secs, 1)) + " s and try again"}
}
