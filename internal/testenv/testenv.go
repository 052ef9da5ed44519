// Package testenv gives tests a real database: the embedded FerretDB,
// started once per test binary, or the MongoDB named by MONGODB_URI when it
// is set. Every call gets a fresh database, so tests do not see each other.
package testenv

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

var (
	once     sync.Once
	sharedDB *store.Embedded
	startErr error
	counter  atomic.Int64
)

// URI returns the database URI the tests use, and whether it is the
// embedded database (which needs a single connection).
func URI(t testing.TB) (string, bool) {
	if uri := os.Getenv("MONGODB_URI"); uri != "" {
		return uri, false
	}
	once.Do(func() {
		dir, err := os.MkdirTemp("", "civicdesk-test-*")
		if err != nil {
			startErr = err
			return
		}
		sharedDB, startErr = store.StartEmbedded(context.Background(), store.EmbeddedConfig{Dir: dir, Logger: quietLogger()})
	})
	if startErr != nil {
		t.Fatalf("start embedded database: %v", startErr)
	}
	return sharedDB.URI(), true
}

// Store opens a fresh, empty database for one test and drops it afterwards.
func Store(t testing.TB) *store.Store {
	t.Helper()
	uri, embedded := URI(t)
	name := fmt.Sprintf("t%d_%d_%s", os.Getpid(), counter.Add(1), sanitize(t.Name()))
	if len(name) > 60 {
		name = name[:60]
	}
	ctx := context.Background()
	cfg := store.Config{URI: uri, Database: name, SingleConnection: embedded, Logger: quietLogger()}
	if embedded {
		// As in production: the embedded database answers lists from the
		// read model the store keeps beside it.
		cfg.ReadModelDir = t.TempDir()
	}
	st, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		_ = st.DropDatabase(context.Background())
		_ = st.Close(context.Background())
	})
	return st
}

// PlainStore opens a fresh database without the embedded database's read
// model: the plain MongoDB query path, run here on FerretDB. The contract
// tests compare it with Store.
func PlainStore(t testing.TB) *store.Store {
	t.Helper()
	uri, embedded := URI(t)
	name := fmt.Sprintf("p%d_%d_%s", os.Getpid(), counter.Add(1), sanitize(t.Name()))
	if len(name) > 60 {
		name = name[:60]
	}
	// Dead instances are looked for at every call, not every 30 s.
	st, err := store.Open(context.Background(), store.Config{URI: uri, Database: name, SingleConnection: embedded, Logger: quietLogger(),
		LeaseCheckEvery: time.Nanosecond})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() {
		_ = st.DropDatabase(context.Background())
		_ = st.Close(context.Background())
	})
	return st
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, s)
}

func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}

// Clock is a settable clock for tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// HCM is Vietnam's time zone.
var HCM = func() *time.Location {
	l, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return l
}()

// Monday9 is Monday 2026-11-23 09:00 in Huế: a working morning.
var Monday9 = time.Date(2026, 11, 23, 9, 0, 0, 0, HCM)

// Service returns a service over a fresh database with the default
// catalogue (or cat, if not nil) loaded, and its clock.
func Service(t testing.TB, cat *models.Catalogue) (*service.Service, *store.Store, *Clock) {
	t.Helper()
	st := Store(t)
	clk := NewClock(Monday9)
	svc := service.New(st, clk, quietLogger(), service.Config{})
	if cat == nil {
		cat = catalogue.Default()
	}
	if err := svc.LoadCatalogue(context.Background(), cat, "default catalogue", false); err != nil {
		t.Fatalf("load catalogue: %v", err)
	}
	return svc, st, clk
}

// Admin is an admin principal for tests that need one without signing in.
func Admin() models.Principal {
	return models.Principal{Kind: models.ActorOfficial, User: &models.User{ID: "admin-test", Username: "admin", Name: "Admin", Role: models.RoleAdmin}}
}

// PNG is a structurally valid PNG (IHDR, IDAT with n bytes, IEND, with
// their checksums) that photo checks accept; its pixels need not decode.
func PNG(n int) []byte {
	chunk := func(typ string, data []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		b = append(append(b, typ...), data...)
		return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0})...)
	out = append(out, chunk("IDAT", bytes.Repeat([]byte{7}, n))...)
	return append(out, chunk("IEND", nil)...)
}
