package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/server/request"
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

// LocalAuthFailed is the Fiber local a mounted handler sets (to true) when
// the credential it was sent is wrong (Open311's api_key answers 403, not
// 401): the failure then draws on the caller's guessing allowance, as a
// wrong token does on the REST routes.
const LocalAuthFailed = "civicdesk.auth_failed"

// credential is the secret the caller sent, whichever way it arrived:
// Authorization: Bearer, X-API-Key, or an api_key query, form or multipart
// parameter (Open311 clients send it so). Telegram's webhook secret counts
// too: its calls come from a few addresses at a rate set by residents'
// messages, so they are one key-holding caller, not anonymous visitors
// (a wrong secret is refused by the bot). The same key sent two ways
// draws on one allowance.
func credential(c *fiber.Ctx) []byte {
	h := &c.Request().Header
	if auth := bytes.TrimSpace(h.Peek(fiber.HeaderAuthorization)); len(auth) > 0 {
		if scheme, rest, ok := bytes.Cut(auth, []byte(" ")); ok && bytes.EqualFold(scheme, []byte("Bearer")) {
			return bytes.TrimSpace(rest)
		}
		return auth
	}
	for _, name := range []string{headerAPIKey, "X-Telegram-Bot-Api-Secret-Token"} {
		if v := bytes.TrimSpace(h.Peek(name)); len(v) > 0 {
			return v
		}
	}
	if v := c.Request().URI().QueryArgs().Peek("api_key"); len(v) > 0 {
		return v
	}
	if c.Method() != fiber.MethodPost {
		return nil
	}
	if request.IsMultipart(c) {
		// fasthttp keeps the parsed form for the handler, so this costs
		// one parse, not two.
		if form, err := c.MultipartForm(); err == nil && len(form.Value["api_key"]) > 0 {
			return []byte(form.Value["api_key"][0])
		}
		return nil
	}
	return c.Request().PostArgs().Peek("api_key")
}

// credentialKey identifies the caller's token or API key without keeping
// the secret itself in memory.
func credentialKey(c *fiber.Ctx) string {
	cred := credential(c)
	if len(cred) == 0 {
		return ""
	}
	h := sha256.Sum256(cred)
	return "cred:" + hex.EncodeToString(h[:12])
}

// rateLimit limits each token or API key, and anonymous callers per
// address. The credential is not checked here (that costs a database
// read); a caller inventing keys only spreads its requests over buckets
// that each fail authentication, and each failure draws on the address's
// guessing allowance, which is checked first. Static files are never
// limited: a page's stylesheet and scripts must not use up the allowance
// its data needs.
func (s *Server) rateLimit(c *fiber.Ctx) error {
	if s.unlimited(c.Path()) {
		return c.Next()
	}
	key := credentialKey(c)
	if key == "" {
		return s.limited(c, s.limits.ip, "ip:"+s.clientIP(c))
	}
	if ok, wait := s.limits.login.peek(s.guessKey(c)); !ok {
		return tooMany(c, wait)
	}
	if ok, wait := s.limits.key.allow(key); !ok {
		return tooMany(c, wait)
	}
	err := c.Next()
	if failed, _ := c.Locals(LocalAuthFailed).(bool); failed {
		s.limits.login.allow(s.guessKey(c))
	}
	return err
}

// unlimited says whether a path belongs to a mount's static files.
func (s *Server) unlimited(path string) bool {
	for _, m := range s.cfg.Mounts {
		if m.Unlimited != nil && m.Unlimited(path) {
			return true
		}
	}
	return false
}

// loginRateLimit limits sign-in attempts per address, against guessing.
// Failed authentications with a token or key draw on the same allowance
// (see requireSignIn), so guessing tokens is limited too.
func (s *Server) loginRateLimit(c *fiber.Ctx) error {
	return s.limited(c, s.limits.login, s.guessKey(c))
}

func (s *Server) guessKey(c *fiber.Ctx) string { return "guess:" + s.clientIP(c) }

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
	return httpErr(http.StatusTooManyRequests, codeRateLimited, "http.rate_limited", "seconds", strconv.Itoa(max(secs, 1)))
}
