// Package server is civicdesk's REST API for officials, mass
// organisations and monitors, plus the public transparency endpoints and
// the operational ones (health, readiness, metrics, OpenAPI).
//
// The server holds no business rule: every handler parses its input,
// resolves who is calling, calls the service (which authorizes) and
// renders the answer. Errors are mapped to HTTP in one place (errors.go).
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/internal/keyed"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// Idempotency stores the first answer to a request that carried an
// Idempotency-Key; *store.Store satisfies it.
type Idempotency interface {
	GetIdempotent(ctx context.Context, id string) (*models.IdempotentResponse, error)
	// PutIdempotent inserts a record; a second insert of one id is a conflict.
	PutIdempotent(ctx context.Context, r *models.IdempotentResponse) error
	// SaveIdempotent writes a record over an earlier one (the answer over
	// the reservation of an issue code).
	SaveIdempotent(ctx context.Context, r *models.IdempotentResponse) error
}

// Mount adds routes owned by another package (Open311, the web dashboard)
// to the same app, behind the same recovery, logging, metrics, CORS, rate
// limits, body limits and request deadlines.
type Mount struct {
	// Prefix is where the routes live, e.g. "/open311/v2"; "" or "/" mounts
	// at the root.
	Prefix string
	// Register adds the routes to the router for Prefix.
	Register func(r fiber.Router)
	// Paths are OpenAPI 3.0 path items for the mounted routes, keyed by the
	// full path in OpenAPI form ("/open311/v2/requests/{id}.json"). Every
	// route under /api or /open311 must be described (see Undocumented).
	Paths map[string]any
	// Unlimited, when set, names the mount's paths that are never rate
	// limited (static files). path is the full path.
	Unlimited func(path string) bool
	// Fail, when set, answers the errors raised before the mount's
	// handlers (rate limit, body too large) in the mount's own format,
	// e.g. Open311's XML error list; Retry-After is already set.
	Fail func(c *fiber.Ctx, status int, message string) error
}

// RateLimit allows PerMinute requests a minute on average with bursts of
// up to Burst requests. PerMinute < 0 disables the limit.
type RateLimit struct {
	PerMinute int
	Burst     int
}

// Config holds the server's settings; cmd fills it from flags and the
// environment. Zero values take the defaults noted on each field.
type Config struct {
	// BodyLimit bounds every request body (photo uploads); 12 MB.
	BodyLimit int
	// JSONLimit bounds bodies that are not multipart (JSON); 1 MB.
	JSONLimit int
	// ReadTimeout, WriteTimeout and IdleTimeout bound connections; 30 s,
	// 60 s and 120 s.
	ReadTimeout  time.Duration
	WriteTimeout time.Duration
	IdleTimeout  time.Duration
	// RequestTimeout is the deadline of the context every handler passes
	// to the service; 15 s.
	RequestTimeout time.Duration
	// ShutdownTimeout bounds a graceful shutdown in Listen; 20 s.
	ShutdownTimeout time.Duration

	// CORSOrigins are the origins allowed to call the API from a browser,
	// e.g. "https://civicdesk.hue.gov.vn"; empty allows none (same origin).
	CORSOrigins []string
	// TrustedProxies are the reverse proxies (CIDRs or addresses) whose
	// X-Forwarded-For gives the client address; from anyone else the
	// header is ignored. Empty: the connection's address is the client's.
	TrustedProxies []string

	// KeyRate limits each credential (bearer token, or API key sent as
	// X-API-Key or api_key); 1200/min, burst 200: three Open311 clients
	// and a validator (about 55 requests in one second each) at once.
	KeyRate RateLimit
	// IPRate limits anonymous requests per client address; 300/min, burst
	// 100. Static files do not count.
	IPRate RateLimit
	// LoginRate limits sign-in attempts, and failed authentications with
	// a token or key, per client address; 20/min, burst 20 (an office of
	// officials may share one address).
	LoginRate RateLimit
	// ReportRate limits reports from the public web page per address;
	// 2/min, burst 5. SupportRate limits its "me too"; 10/min, burst 20.
	ReportRate  RateLimit
	SupportRate RateLimit

	// TelegramBot is the bot's username (without @), for deep links such
	// as https://t.me/<bot>?start=<token>; empty returns tokens only.
	TelegramBot string

	// Idempotency stores answers to requests with an Idempotency-Key; when
	// nil, the header is rejected rather than silently ignored.
	Idempotency Idempotency
	// Clock tells the time for rate limits and idempotency records;
	// defaults to the system clock.
	Clock service.Clock

	// Mounts are extra routers (Open311, the web dashboard).
	Mounts []Mount

	// #10. MetricsToken, when set, is the bearer token /metrics requires;
	// when empty, /metrics answers only clients on a loopback address.
	MetricsToken string
	// HSTS sends Strict-Transport-Security: set it when civicdesk is
	// reached over https (its public URL).
	HSTS bool
}

func (c *Config) defaults() {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defd := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.BodyLimit, 12<<20)
	def(&c.JSONLimit, 1<<20)
	defd(&c.ReadTimeout, 30*time.Second)
	defd(&c.WriteTimeout, 60*time.Second)
	defd(&c.IdleTimeout, 120*time.Second)
	defd(&c.RequestTimeout, 15*time.Second)
	defd(&c.ShutdownTimeout, 20*time.Second)
	rate := func(r *RateLimit, perMin, burst int) {
		def(&r.PerMinute, perMin)
		def(&r.Burst, burst)
	}
	rate(&c.KeyRate, 1200, 200)
	rate(&c.IPRate, 300, 100)
	rate(&c.LoginRate, 20, 20)
	rate(&c.ReportRate, 2, 5)
	rate(&c.SupportRate, 10, 20)
	if c.Clock == nil {
		c.Clock = service.SystemClock{}
	}
}

// Server is the HTTP server.
type Server struct {
	cfg     Config
	svc     *service.Service
	log     *slog.Logger
	app     *fiber.App
	routes  []*route
	metrics *metrics
	limits  *limiters
	proxies proxies
	idem    keyed.Mutex
	docOnce sync.Once
	doc     map[string]any
}

// New builds the server and its routes.
func New(cfg Config, svc *service.Service, log *slog.Logger) *Server {
	cfg.defaults()
	if log == nil {
		log = slog.Default()
	}
	s := &Server{cfg: cfg, svc: svc, log: log}
	s.metrics = newMetrics(svc)
	s.limits = newLimiters(cfg)
	// cmd has checked the list (CheckTrustedProxies); a wrong entry here
	// trusts nobody rather than everybody.
	s.proxies, _ = parseProxies(cfg.TrustedProxies)
	s.app = fiber.New(fiber.Config{
		AppName:      "civicdesk",
		ErrorHandler: s.handleError,
		BodyLimit:    cfg.BodyLimit,
		ReadTimeout:  cfg.ReadTimeout,
		WriteTimeout: cfg.WriteTimeout,
		IdleTimeout:  cfg.IdleTimeout,
		// Fiber believes X-Forwarded-Proto and -Host only from these; the
		// client address is read by clientIP.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          cfg.TrustedProxies,
		DisableStartupMessage:   true,
		// Browsers and clients get the same answer for /x and /x/.
		StrictRouting: false,
		CaseSensitive: true,
	})
	s.middleware()
	s.register()
	for _, m := range cfg.Mounts {
		if m.Register == nil {
			continue
		}
		if m.Prefix == "" || m.Prefix == "/" {
			m.Register(s.app)
		} else {
			m.Register(s.app.Group(m.Prefix))
		}
	}
	return s
}

// App is the Fiber app, for tests (app.Test) and for cmd to add to.
func (s *Server) App() *fiber.App { return s.app }

// Listen serves on addr until ctx ends, then shuts down gracefully: it
// stops accepting connections and waits (at most ShutdownTimeout) for
// requests in flight. It returns within ShutdownTimeout of ctx ending,
// even when ctx ends before the server got to accept anything: the
// listener is opened here and closed by us, so a shutdown can never run
// before the server starts and leave it serving (issue #10).
func (s *Server) Listen(ctx context.Context, addr string) error {
	if err := ctx.Err(); err != nil {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is Listen on a listener the caller opened; it closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.app.Listener(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	err := s.app.ShutdownWithContext(sctx)
	// Closing the listener ourselves ends the accept loop even if the
	// shutdown above ran before the server had registered it.
	_ = ln.Close()
	select {
	case lerr := <-errc:
		if lerr != nil && err == nil && !errors.Is(lerr, net.ErrClosed) {
			err = lerr
		}
	case <-sctx.Done():
		err = sctx.Err()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		s.log.Warn("shutdown timed out; some requests were cut off")
	}
	return err
}
