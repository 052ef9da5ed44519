// Package service holds every business rule of civicdesk: the issue
// lifecycle, routing between the ward and the city, deadlines in working
// time, statistics, notifications and who may do what. The HTTP server,
// the Telegram bot and the CLI are thin adapters over it.
package service

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/civicdesk/civicdesk/internal/keyed"
	"github.com/civicdesk/civicdesk/models"
)

// Clock tells the time; tests inject a fixed one so deadline logic is
// tested without sleeping.
type Clock interface{ Now() time.Time }

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// Config holds the service's settings; cmd reads them from flags and the
// environment.
type Config struct {
	// SessionTTL is how long a sign-in token stays valid.
	SessionTTL time.Duration
	// InviteTTL is how long an invite link stays valid.
	InviteTTL time.Duration
	// InstanceID names this process in locks (the sweeper).
	InstanceID string
}

// Service is the core of civicdesk.
type Service struct {
	store Store
	clock Clock
	log   *slog.Logger
	cfg   Config

	cat atomic.Pointer[catalogueState]
	// issueLocks serializes changes to one issue within this process, so
	// concurrent requests queue instead of retrying on version conflicts;
	// the version check still protects against other processes.
	issueLocks keyed.Mutex
	// publicLists caches the transparency portal's lists for a few seconds.
	publicLists publicListCache
	// lastHousekeeping is when the sweeper last pruned old sessions,
	// idempotency keys and sent notifications (unix nanoseconds).
	lastHousekeeping atomic.Int64
	// recountOwed is set while an unclean stop has been reported but
	// its recount has not succeeded yet (unclean_stop.go).
	recountOwed atomic.Bool
	// viewers knows who has an issue open in the dashboard (issue #8).
	viewers viewerMap
	// flagsMu serializes changes to monitors' flags (issue #8).
	flagsMu sync.Mutex
	// thumbSlots holds a place for each photo being made small (#7).
	thumbSlots chan struct{}
}

// New creates the service. Call LoadCatalogue before use.
func New(st Store, clock Clock, log *slog.Logger, cfg Config) *Service {
	if clock == nil {
		clock = SystemClock{}
	}
	if log == nil {
		log = slog.Default()
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.InviteTTL == 0 {
		cfg.InviteTTL = 7 * 24 * time.Hour
	}
	if cfg.InstanceID == "" {
		cfg.InstanceID = newID()
	}
	return &Service{store: st, clock: clock, log: log, cfg: cfg, thumbSlots: make(chan struct{}, thumbMakers)}
}

// now is the current time at the database's precision (milliseconds), so a
// value read back equals the value written.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Millisecond) }

// Now is the service's clock, for adapters that show or compare times.
func (s *Service) Now() time.Time { return s.now() }

// Ready reports whether the service can serve requests.
func (s *Service) Ready(ctx context.Context) error {
	if s.cat.Load() == nil {
		return models.E(models.EUnavailable, "catalogue.not_loaded")
	}
	return s.store.Ping(ctx)
}
