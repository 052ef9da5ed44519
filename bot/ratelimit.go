package bot

import (
	"context"
	"sync"
	"time"
)

// Telegram's limits for bots: about one message a second in a private
// chat (short bursts are tolerated), 20 a minute in a group, 30 a second
// overall. Above them it answers 429.
var (
	limitGlobal  = rate{per: time.Second / 30, burst: 30}
	limitPrivate = rate{per: time.Second, burst: 3}
	limitGroup   = rate{per: time.Minute / 20, burst: 5}
)

type rate struct {
	per   time.Duration // one token is added every per
	burst int
}

// bucket is a token bucket; paused holds it empty until a time (after a
// 429 told us how long to wait).
type bucket struct {
	r      rate
	tokens float64
	last   time.Time
	paused time.Time
}

func newBucket(r rate, now time.Time) *bucket {
	return &bucket{r: r, tokens: float64(r.burst), last: now}
}

func (b *bucket) refill(now time.Time) {
	if now.After(b.last) {
		b.tokens += float64(now.Sub(b.last)) / float64(b.r.per)
		if b.tokens > float64(b.r.burst) {
			b.tokens = float64(b.r.burst)
		}
		b.last = now
	}
}

// wait is how long until a token is available (0: now).
func (b *bucket) wait(now time.Time) time.Duration {
	b.refill(now)
	if now.Before(b.paused) {
		return b.paused.Sub(now)
	}
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(b.r.per))
}

// limiter keeps outgoing messages within Telegram's limits: one bucket for
// the bot and one per chat. Every message, reply or notification, takes a
// token from both.
type limiter struct {
	clock  Clock
	mu     sync.Mutex
	global *bucket
	chats  map[int64]*bucket
}

func newLimiter(c Clock) *limiter {
	return &limiter{clock: c, global: newBucket(limitGlobal, c.Now()), chats: map[int64]*bucket{}}
}

// isGroup: group and channel ids are negative, private chats positive.
func isGroup(chatID int64) bool { return chatID < 0 }

func (l *limiter) chat(chatID int64, now time.Time) *bucket {
	b := l.chats[chatID]
	if b == nil {
		if len(l.chats) > 10000 {
			l.prune(now)
		}
		r := limitPrivate
		if isGroup(chatID) {
			r = limitGroup
		}
		b = newBucket(r, now)
		l.chats[chatID] = b
	}
	return b
}

// prune forgets chats whose bucket is full again: they are not limited.
func (l *limiter) prune(now time.Time) {
	for id, b := range l.chats {
		b.refill(now)
		if b.tokens >= float64(b.r.burst) && !now.Before(b.paused) {
			delete(l.chats, id)
		}
	}
}

// reserve takes a token for chatID if both buckets have one, or says how
// long to wait.
func (l *limiter) reserve(chatID int64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	c := l.chat(chatID, now)
	d := max(l.global.wait(now), c.wait(now))
	if d > 0 {
		return d
	}
	l.global.tokens--
	c.tokens--
	return 0
}

// wait blocks until a message may be sent to chatID.
func (l *limiter) wait(ctx context.Context, chatID int64) error {
	for {
		d := l.reserve(chatID)
		if d == 0 {
			return nil
		}
		if err := l.clock.Sleep(ctx, d); err != nil {
			return err
		}
	}
}

// pause holds a chat back for d, as a 429's retry_after asks.
func (l *limiter) pause(chatID int64, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	c := l.chat(chatID, now)
	if until := now.Add(d); until.After(c.paused) {
		c.paused = until
	}
}
