package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Embedded is an in-process FerretDB (SQLite backend) that speaks the MongoDB
// wire protocol, so the same driver code serves development and production.
type Embedded struct {
	uri     string
	cancel  context.CancelFunc
	done    chan struct{}
	release func()
}

// EmbeddedConfig says where the embedded database keeps its files and on
// which address it listens.
type EmbeddedConfig struct {
	// Dir holds the SQLite files; it is created if missing.
	Dir string
	// Addr is the TCP address to listen on. Empty picks a free loopback port;
	// set it (for example 127.0.0.1:27017) to let mongosh or Compass connect.
	Addr string
	// Logger receives FerretDB's own log lines; only errors are passed on.
	Logger *slog.Logger
}

// StartEmbedded starts FerretDB in-process and returns once it accepts
// connections. Stop it with Close.
func StartEmbedded(ctx context.Context, cfg EmbeddedConfig) (*Embedded, error) {
	if cfg.Dir == "" {
		return nil, errors.New("embedded database: data directory is empty")
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("embedded database: data directory %q: %w", cfg.Dir, err)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("embedded database: cannot create data directory %q: %w", dir, err)
	}
	release, err := lockDir(dir)
	if err != nil {
		return nil, fmt.Errorf("embedded database: %w", err)
	}
	addr := cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	// Check the address up front: FerretDB only reports a busy port in its log.
	probe, err := net.Listen("tcp", addr)
	if err != nil {
		release()
		return nil, fmt.Errorf("embedded database: cannot listen on %s: %w", addr, err)
	}
	if cfg.Addr == "" {
		addr = probe.Addr().String()
	}
	_ = probe.Close()

	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	quiet := slog.New(errorsOnly{logger.Handler()})

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		Logger:    quiet,
	})
	if err != nil {
		release()
		return nil, fmt.Errorf("embedded database: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	e := &Embedded{cancel: cancel, done: make(chan struct{}), release: release}
	go func() {
		defer close(e.done)
		_ = f.Run(runCtx)
	}()
	e.uri = f.MongoDBURI()
	// Wait until the listener accepts connections.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			_ = c.Close()
			break
		}
		if time.Now().After(deadline) {
			e.Close()
			return nil, fmt.Errorf("embedded database did not start on %s: %w", addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return e, nil
}

// URI is the MongoDB connection string of the embedded database.
func (e *Embedded) URI() string { return e.uri }

// Close stops the embedded database and waits for it to flush.
func (e *Embedded) Close() {
	e.cancel()
	<-e.done
	e.release()
}

// errorsOnly passes on records at error level and above: FerretDB logs every
// connection at info level, which would drown civicdesk's own log.
type errorsOnly struct{ slog.Handler }

func (h errorsOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError && h.Handler.Enabled(ctx, l)
}
func (h errorsOnly) WithAttrs(a []slog.Attr) slog.Handler { return errorsOnly{h.Handler.WithAttrs(a)} }
func (h errorsOnly) WithGroup(n string) slog.Handler      { return errorsOnly{h.Handler.WithGroup(n)} }
