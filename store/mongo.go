// Package store keeps civicdesk's data in MongoDB through the official
// driver. The same code serves a real MongoDB (replica set) in production and
// the embedded FerretDB used by default, so it sticks to what both support:
// no transactions, no $lookup/$facet, no positional updates, no TTL or
// partial indexes.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/internal/keyed"
	"github.com/civicdesk/civicdesk/models"
)

// Config selects the database.
type Config struct {
	// URI of a MongoDB deployment. Empty starts the embedded database.
	URI string
	// Database name; default "civicdesk".
	Database string
	// EmbeddedDir is where the embedded database keeps its files.
	EmbeddedDir string
	// EmbeddedAddr exposes the embedded database on this address (loopback
	// only is sensible), for mongosh, Compass or mongodump.
	EmbeddedAddr string
	// SingleConnection limits the client to one connection. It is always on
	// for the embedded database; set it when URI points at a FerretDB v1
	// started elsewhere (tests share one embedded instance this way).
	SingleConnection bool
	// ReadModelDir, with SingleConnection and a URI, keeps the read model in
	// this folder as the embedded database does (tests use it to run both
	// query paths on one FerretDB). The embedded database always has one.
	ReadModelDir string
	// OperationTimeout bounds each database call that has no deadline of
	// its own; 30 s. The benchmark's raw full scans need longer.
	OperationTimeout time.Duration
	// LeaseCheckEvery is how often, at most, TakeUncleanStops looks for the
	// leases of MongoDB instances that died; 30 s. Tests make it tiny.
	LeaseCheckEvery time.Duration
	Logger          *slog.Logger
}

// Store is civicdesk's storage. All methods take a context whose deadline
// bounds the database call.
type Store struct {
	client   *mongo.Client
	db       *mongo.Database
	embedded *Embedded
	log      *slog.Logger
	// serialized is set when the client has a single connection to a
	// database no other process writes (the embedded one); see cas.go.
	serialized bool
	docLocks   keyed.Mutex
	// rm is the embedded database's read model (readmodel.go); nil on
	// MongoDB, which answers every query from its indexes.
	rm *readModel
	// ferretFile is a connection to the embedded database's SQLite file,
	// used only to keep civicdesk's _id indexes on it (embedded_idindex.go).
	ferretFile *sql.DB
	stopMaint  context.CancelFunc
	maintDone  chan struct{}
	stats      *statsCache
	// uncleanStop is set when the embedded database was not closed by the
	// last process that used it, until TakeUncleanStops reports it.
	uncleanStop bool
	uncleanMu   sync.Mutex
	// lease is this process's entry in `instances` on MongoDB, where
	// processes that die are found by their stale leases (instances.go).
	lease           *instanceLease
	leaseCheckEvery time.Duration
}

// Open connects to MongoDB, or starts the embedded database when no URI is
// given, and creates the indexes.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	if cfg.Database == "" {
		cfg.Database = "civicdesk"
	}
	s := &Store{log: log, leaseCheckEvery: cfg.LeaseCheckEvery}
	if s.leaseCheckEvery <= 0 {
		s.leaseCheckEvery = leaseCheckEvery
	}
	began := time.Now()
	phase := func(name string) {
		log.DebugContext(ctx, "opening the database", "phase", name, "since_start", time.Since(began).Round(time.Millisecond))
	}
	if cfg.OperationTimeout <= 0 {
		cfg.OperationTimeout = 30 * time.Second
	}
	opts := options.Client().SetAppName("civicdesk").SetTimeout(cfg.OperationTimeout)
	if cfg.URI == "" {
		e, err := StartEmbedded(ctx, EmbeddedConfig{Dir: cfg.EmbeddedDir, Addr: cfg.EmbeddedAddr, Logger: log})
		if err != nil {
			return nil, err
		}
		s.embedded = e
		s.serialized = true
		// FerretDB v1 does not make single-document updates atomic across
		// connections (FerretDB issue #3040): with two connections a $inc can
		// be lost and two optimistic-concurrency writers can both win. One
		// connection serializes every operation, which makes them correct.
		opts.ApplyURI(e.URI()).SetMaxPoolSize(1)
	} else {
		opts.ApplyURI(cfg.URI)
		if cfg.SingleConnection {
			opts.SetMaxPoolSize(1)
			s.serialized = true
		}
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		s.closeEmbedded()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	s.client = client
	s.db = client.Database(cfg.Database)
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := client.Ping(pingCtx, nil); err != nil {
		_ = s.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("database is not reachable: %w", err)
	}
	phase("connected")
	if err := s.ensureIndexes(ctx); err != nil {
		_ = s.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	phase("indexes checked")
	if s.embedded != nil {
		if err := s.openEmbeddedHelpers(ctx, cfg); err != nil {
			_ = s.Close(context.WithoutCancel(ctx))
			return nil, err
		}
	} else if cfg.ReadModelDir != "" && s.serialized {
		// Tests run the read model over a shared FerretDB too.
		if err := s.openReadModel(ctx, cfg.ReadModelDir); err != nil {
			_ = s.Close(context.WithoutCancel(ctx))
			return nil, err
		}
	}
	if err := s.indexBotCards(ctx); err != nil {
		_ = s.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	phase("ready")
	if s.rm == nil {
		if err := s.backfillNextDue(ctx); err != nil {
			_ = s.Close(context.WithoutCancel(ctx))
			return nil, err
		}
		if err := s.startLease(ctx); err != nil {
			_ = s.Close(context.WithoutCancel(ctx))
			return nil, err
		}
	}
	return s, nil
}

// DatabaseName is the name of the database the store uses.
func (s *Store) DatabaseName() string { return s.db.Name() }

// Embedded reports whether the store runs on the embedded database.
func (s *Store) Embedded() bool { return s.embedded != nil }

// EmbeddedURI is the connection string of the embedded database, "" when
// running against MongoDB.
func (s *Store) EmbeddedURI() string {
	if s.embedded == nil {
		return ""
	}
	return s.embedded.URI()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx, nil); err != nil {
		return models.Wrap(models.EUnavailable, err, "the database is not reachable")
	}
	return nil
}

// Close disconnects and stops the embedded database.
func (s *Store) Close(ctx context.Context) error {
	var err error
	if s.stopMaint != nil {
		s.stopMaint()
		<-s.maintDone
	}
	s.endLease(ctx)
	if s.rm != nil {
		if s.embedded != nil && s.client != nil {
			_ = s.rm.setMeta(ctx, "clean", "1")
		}
		_ = s.rm.close()
	}
	if s.ferretFile != nil {
		_ = s.ferretFile.Close()
	}
	if s.client != nil {
		err = s.client.Disconnect(ctx)
	}
	s.closeEmbedded()
	return err
}

// DropDatabase removes every collection; tests use it for isolation.
func (s *Store) DropDatabase(ctx context.Context) error {
	if err := s.db.Drop(ctx); err != nil {
		return err
	}
	if s.stats != nil {
		s.stats.reset()
	}
	if s.rm != nil {
		return s.rebuildReadModel(ctx)
	}
	return nil
}

func (s *Store) closeEmbedded() {
	if s.embedded != nil {
		s.embedded.Close()
		s.embedded = nil
	}
}

func (s *Store) c(name string) *mongo.Collection { return s.db.Collection(name) }

// Collection names.
const (
	colIssues        = "issues"
	colEvents        = "events"
	colSequences     = "sequences"
	colStatsDays     = "stats_days"
	colStatsGauges   = "stats_gauges"
	colUsers         = "users"
	colSessions      = "sessions"
	colAPIKeys       = "api_keys"
	colOrganisations = "organisations"
	colOrgMembers    = "org_members"
	colInvites       = "invites"
	colResidents     = "residents"
	colOutbox        = "outbox"
	colOutboxSent    = "outbox_sent"
	colIdempotency   = "idempotency"
	colPhotos        = "photos"
	colCatalogue     = "catalogue"
	colLocks         = "locks"
	colMeta          = "civicdesk_meta"
)

// retiredCollections held derived data that earlier releases kept for the
// embedded database; the read model replaced them, so start-up drops them.
var retiredCollections = []string{"open_issues", "deadlines"}

func (s *Store) ensureIndexes(ctx context.Context) error {
	idx := map[string][]mongo.IndexModel{
		colIssues: {
			{Keys: bson.D{{Key: "code", Value: 1}}, Options: options.Index().SetUnique(true).SetName("code_unique")},
			{Keys: bson.D{{Key: "routing.department", Value: 1}, {Key: "status", Value: 1}, {Key: "created_at", Value: -1}}, Options: options.Index().SetName("dept_status_created")},
			{Keys: bson.D{{Key: "routing.ward", Value: 1}, {Key: "created_at", Value: -1}}, Options: options.Index().SetName("ward_created")},
			{Keys: bson.D{{Key: "status", Value: 1}, {Key: "category", Value: 1}, {Key: "location.ward", Value: 1}}, Options: options.Index().SetName("status_category_ward")},
			{Keys: bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}, Options: options.Index().SetName("created")},
			{Keys: bson.D{{Key: "updated_at", Value: -1}, {Key: "_id", Value: -1}}, Options: options.Index().SetName("updated")},
			{Keys: bson.D{{Key: "due_sort", Value: 1}, {Key: "_id", Value: 1}}, Options: options.Index().SetName("due")},
			{Keys: bson.D{{Key: "reporter.resident_id", Value: 1}, {Key: "created_at", Value: -1}}, Options: options.Index().SetName("resident")},
			{Keys: bson.D{{Key: "reporter.organisation_id", Value: 1}, {Key: "created_at", Value: -1}}, Options: options.Index().SetName("organisation")},
			{Keys: bson.D{{Key: "next_due", Value: 1}, {Key: "_id", Value: 1}}, Options: options.Index().SetName("next_due")},
			{Keys: bson.D{{Key: "status", Value: 1}, {Key: "due_sort", Value: 1}, {Key: "_id", Value: 1}}, Options: options.Index().SetName("status_due")},
			{Keys: bson.D{{Key: "status", Value: 1}, {Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}, Options: options.Index().SetName("status_created")},
			{Keys: bson.D{{Key: "routing.department", Value: 1}, {Key: "status", Value: 1}, {Key: "due_sort", Value: 1}}, Options: options.Index().SetName("dept_status_due")},
			{Keys: bson.D{{Key: "routing.co_handling", Value: 1}, {Key: "created_at", Value: -1}}, Options: options.Index().SetName("co_handling")},
			{Keys: bson.D{{Key: "location.ward", Value: 1}, {Key: "created_at", Value: -1}}, Options: options.Index().SetName("location_ward_created")},
			{Keys: bson.D{{Key: "category", Value: 1}, {Key: "created_at", Value: -1}}, Options: options.Index().SetName("category_created")},
		},
		colUsers: {
			{Keys: bson.D{{Key: "username", Value: 1}}, Options: options.Index().SetUnique(true).SetName("username_unique")},
			{Keys: bson.D{{Key: "telegram_user_id", Value: 1}}, Options: options.Index().SetName("telegram_user")},
		},
		colSessions: {
			{Keys: bson.D{{Key: "user_id", Value: 1}}, Options: options.Index().SetName("user")},
			{Keys: bson.D{{Key: "expires_at", Value: 1}}, Options: options.Index().SetName("expires")},
		},
		colAPIKeys: {
			{Keys: bson.D{{Key: "hash", Value: 1}}, Options: options.Index().SetUnique(true).SetName("hash_unique")},
			{Keys: bson.D{{Key: "organisation_id", Value: 1}}, Options: options.Index().SetName("organisation")},
		},
		colOrganisations: {
			{Keys: bson.D{{Key: "code", Value: 1}}, Options: options.Index().SetUnique(true).SetName("code_unique")},
		},
		colOrgMembers: {
			{Keys: bson.D{{Key: "organisation_id", Value: 1}}, Options: options.Index().SetName("organisation")},
		},
		colOutbox: {
			{Keys: bson.D{{Key: "status", Value: 1}, {Key: "next_attempt_at", Value: 1}}, Options: options.Index().SetName("due")},
			{Keys: bson.D{{Key: "issue_id", Value: 1}}, Options: options.Index().SetName("issue")},
		},
		colOutboxSent: {
			{Keys: bson.D{{Key: "issue_id", Value: 1}}, Options: options.Index().SetName("issue")},
			{Keys: bson.D{{Key: "sent_at", Value: 1}}, Options: options.Index().SetName("sent")},
		},
		colIdempotency: {
			{Keys: bson.D{{Key: "created_at", Value: 1}}, Options: options.Index().SetName("created")},
		},
		colPhotos: {
			{Keys: bson.D{{Key: "issue_id", Value: 1}}, Options: options.Index().SetName("issue")},
		},
	}
	for col, models := range idx {
		if err := s.createIndexes(ctx, col, models); err != nil {
			return err
		}
	}
	return s.ensureBotIndexes(ctx)
}

// createIndexes creates the indexes of a collection that do not exist yet.
// Only the missing ones are sent: FerretDB v1 crashes the connection when
// asked to create an index that already exists (seen on every restart of
// the embedded database), although MongoDB would accept it.
func (s *Store) createIndexes(ctx context.Context, col string, want []mongo.IndexModel) error {
	specs, err := s.c(col).Indexes().ListSpecifications(ctx)
	if err != nil {
		return fmt.Errorf("list indexes of %s: %w", col, err)
	}
	have := map[string]bool{}
	for _, sp := range specs {
		have[sp.Name] = true
	}
	var missing []mongo.IndexModel
	for _, m := range want {
		name := ""
		if m.Options != nil {
			var o options.IndexOptions
			for _, set := range m.Options.List() {
				_ = set(&o)
			}
			if o.Name != nil {
				name = *o.Name
			}
		}
		if name == "" || !have[name] {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if _, err := s.c(col).Indexes().CreateMany(ctx, missing); err != nil {
		return fmt.Errorf("create indexes on %s: %w", col, err)
	}
	return nil
}

// mapErr turns driver errors into typed errors: a missing document is "not
// found", a duplicate key a conflict, a timeout or network error
// "unavailable". what names the thing, for the message.
func mapErr(err error, what string) error {
	if err == nil {
		return nil
	}
	var me *models.Error
	switch {
	case errors.As(err, &me):
		return err
	case errors.Is(err, mongo.ErrNoDocuments):
		return models.Errorf(models.ENotFound, "%s not found", what)
	case mongo.IsDuplicateKeyError(err):
		return models.Wrap(models.EConflict, err, "%s already exists", what)
	case errors.Is(err, context.Canceled):
		return models.Wrap(models.EUnavailable, err, "the request was cancelled")
	case mongo.IsTimeout(err) || errors.Is(err, context.DeadlineExceeded):
		return models.Wrap(models.EUnavailable, err, "the database did not answer in time")
	case mongo.IsNetworkError(err):
		return models.Wrap(models.EUnavailable, err, "the database is not reachable")
	}
	return fmt.Errorf("%s: %w", what, err)
}
