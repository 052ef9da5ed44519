package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

// knownCollections are created at start on the embedded database, so that
// each has its table, and with it civicdesk's _id index, before first use.
var knownCollections = []string{
	colIssues, colEvents, colSequences, colStatsDays, colStatsGauges, colUsers, colSessions,
	colAPIKeys, colOrganisations, colOrgMembers, colInvites, colResidents, colOutbox, colOutboxSent,
	colIdempotency, colPhotos, colPhotoThumbs, colCatalogue, colLocks, colMeta,
	colBotConversations, colBotMeta, colBotUpdates, colBotCards, colBotPrompts, colBotCardChats,
	colImports,
}

// idIndexCheckEvery is how often the embedded database's tables are checked
// for a missing _id index (a collection created after start by a newer
// feature, or by someone with mongosh).
const idIndexCheckEvery = 5 * time.Minute

// openEmbeddedHelpers sets up what makes the embedded database fast: the
// _id indexes FerretDB lacks and the read model.
func (s *Store) openEmbeddedHelpers(ctx context.Context, cfg Config) error {
	dir, err := filepath.Abs(cfg.EmbeddedDir)
	if err != nil {
		return err
	}
	if err := s.createKnownCollections(ctx); err != nil {
		return err
	}
	for _, name := range retiredCollections {
		if err := s.c(name).Drop(ctx); err != nil {
			return fmt.Errorf("drop retired collection %s: %w", name, err)
		}
	}
	db, err := openFerretFile(dir, s.db.Name())
	if err != nil {
		return fmt.Errorf("embedded database: %w", err)
	}
	s.ferretFile = db
	n, err := ensureIDIndexes(ctx, db)
	if err != nil {
		return fmt.Errorf("embedded database: %w", err)
	}
	if n > 0 {
		s.log.InfoContext(ctx, "embedded database: created _id indexes", "tables", n)
	}
	s.log.DebugContext(ctx, "opening the database", "phase", "_id indexes checked")
	if err := s.openReadModel(ctx, dir); err != nil {
		return err
	}
	maintCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.stopMaint, s.maintDone = cancel, make(chan struct{})
	go s.maintainIDIndexes(maintCtx)
	return nil
}

func (s *Store) createKnownCollections(ctx context.Context) error {
	have, err := s.db.ListCollectionNames(ctx, bson.M{})
	if err != nil {
		return fmt.Errorf("list collections: %w", err)
	}
	exists := map[string]bool{}
	for _, n := range have {
		exists[n] = true
	}
	for _, n := range knownCollections {
		if exists[n] {
			continue
		}
		if err := s.db.CreateCollection(ctx, n); err != nil {
			var ce mongo.CommandError
			if !(errors.As(err, &ce) && ce.Name == "NamespaceExists") {
				return fmt.Errorf("create collection %s: %w", n, err)
			}
		}
	}
	return nil
}

func (s *Store) maintainIDIndexes(ctx context.Context) {
	defer close(s.maintDone)
	t := time.NewTicker(idIndexCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := ensureIDIndexes(ctx, s.ferretFile); err != nil && ctx.Err() == nil {
				s.log.WarnContext(ctx, "embedded database: cannot check _id indexes", "err", err)
			} else if n > 0 {
				s.log.InfoContext(ctx, "embedded database: created _id indexes", "tables", n)
			}
		}
	}
}

// EnsureIDIndexes creates any missing _id index on the embedded database
// now, and returns how many it created; a no-op on MongoDB.
func (s *Store) EnsureIDIndexes(ctx context.Context) (int, error) {
	if s.ferretFile == nil {
		return 0, nil
	}
	return ensureIDIndexes(ctx, s.ferretFile)
}

// IDLookupsIndexed reports whether every collection of the embedded
// database answers _id lookups from an index (always true on MongoDB).
func (s *Store) IDLookupsIndexed(ctx context.Context, collection string) (bool, error) {
	if s.ferretFile == nil {
		return true, nil
	}
	t, err := ferretTable(ctx, s.ferretFile, collection)
	if err != nil {
		return false, err
	}
	return idLookupUsesIndex(ctx, s.ferretFile, t)
}

// readModelMeta is the document in FerretDB that names the read model
// built from this database.
type readModelMeta struct {
	ID    string `bson:"_id"`
	Epoch string `bson:"epoch"`
}

const readModelMetaID = "read_model"

// openReadModel opens the read model in dir and brings it up to date:
// rebuilt from the issues when it is missing or belongs to another
// database, repaired issue by issue after a crash.
func (s *Store) openReadModel(ctx context.Context, dir string) error {
	var meta readModelMeta
	err := s.c(colMeta).FindOne(ctx, bson.M{"_id": readModelMetaID}).Decode(&meta)
	if err != nil && models.ErrorCodeOf(mapErr(err, "")) != models.ENotFound {
		return fmt.Errorf("read model: %w", err)
	}
	rm, current, err := openReadModel(ctx, dir, meta.Epoch)
	if err != nil {
		return err
	}
	s.rm = rm
	s.stats = newStatsCache()
	// "clean" is 1 only between a Close and the next open: anything else
	// means the last process died (kill -9, power cut) and the derived
	// counters may have missed its last changes. A database that never had
	// a read model (meta.Epoch empty) is new: nobody ran on it.
	if clean, _ := rm.meta(ctx, "clean"); clean != "1" && meta.Epoch != "" {
		s.uncleanStop = true
	}
	if err := rm.setMeta(ctx, "clean", "0"); err != nil {
		return fmt.Errorf("read model: %w", err)
	}
	if !current {
		return s.rebuildReadModel(ctx)
	}
	ids, err := rm.pendingIDs(ctx)
	if err != nil {
		return fmt.Errorf("read model: %w", err)
	}
	for _, id := range ids {
		if err := s.repairIssue(ctx, id); err != nil {
			return err
		}
	}
	if len(ids) > 0 {
		s.log.InfoContext(ctx, "issue index: repaired issues changed when the process stopped", "issues", len(ids))
	}
	return nil
}

// rebuildReadModel fills the read model from every issue in FerretDB. It
// reads the whole collection, once: on the first start of this release or
// when the index file was lost.
func (s *Store) rebuildReadModel(ctx context.Context) error {
	start := time.Now()
	s.log.InfoContext(ctx, "issue index: building from the issues (first start, or the index file is missing)")
	if err := s.rm.clear(ctx); err != nil {
		return err
	}
	if s.stats != nil {
		s.stats.reset()
	}
	var batch []*models.Issue
	n := 0
	flush := func() error {
		if err := s.rm.put(ctx, batch...); err != nil {
			return err
		}
		n += len(batch)
		batch = batch[:0]
		return nil
	}
	cur, err := s.c(colIssues).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"pending_events": 0, "supporter_keys": 0}))
	if err != nil {
		return mapErr(err, "issues")
	}
	defer cur.Close(ctx)
	missingNextDue := map[string]time.Time{}
	for cur.Next(ctx) {
		iss := new(models.Issue)
		if err := cur.Decode(iss); err != nil {
			return mapErr(err, "issues")
		}
		if t, ok := iss.NextDue(); ok && iss.NextDueAt == nil {
			missingNextDue[iss.ID] = t // written by an earlier release
		}
		batch = append(batch, iss)
		if len(batch) == 500 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := cur.Err(); err != nil {
		return mapErr(err, "issues")
	}
	if err := flush(); err != nil {
		return err
	}
	// While every issue is being read anyway, store next_due where an
	// earlier release did not, so the data moves to MongoDB complete.
	for id, t := range missingNextDue {
		if _, err := s.c(colIssues).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"next_due": t}}); err != nil {
			return mapErr(err, "issues")
		}
	}
	if err := s.markNextDueBackfilled(ctx); err != nil {
		return err
	}
	epoch := newEpoch()
	_, err = s.c(colMeta).ReplaceOne(ctx, bson.M{"_id": readModelMetaID}, readModelMeta{ID: readModelMetaID, Epoch: epoch}, options.Replace().SetUpsert(true))
	if err != nil {
		return mapErr(err, "read model")
	}
	for k, v := range map[string]string{"schema": readModelSchema, "epoch": epoch, "complete": "1"} {
		if err := s.rm.setMeta(ctx, k, v); err != nil {
			return fmt.Errorf("read model: %w", err)
		}
	}
	s.log.InfoContext(ctx, "issue index: built", "issues", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// repairIssue copies an issue's stored state into the read model.
func (s *Store) repairIssue(ctx context.Context, id string) error {
	var iss models.Issue
	err := s.c(colIssues).FindOne(ctx, bson.M{"_id": id}, options.FindOne().SetProjection(bson.M{"pending_events": 0, "supporter_keys": 0})).Decode(&iss)
	if err != nil {
		if models.ErrorCodeOf(mapErr(err, "")) == models.ENotFound {
			return s.rm.remove(ctx, id)
		}
		return mapErr(err, "issue "+id)
	}
	return s.rm.put(ctx, &iss)
}

func newEpoch() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// backfillNextDue stores next_due on open issues written by a release
// that did not keep it (MongoDB path; the read model computes it itself).
func (s *Store) backfillNextDue(ctx context.Context) error {
	if err := s.c(colMeta).FindOne(ctx, bson.M{"_id": nextDueBackfilled}).Err(); err == nil {
		return nil // done once; every later write keeps next_due itself
	}
	var open bson.A
	for _, st := range models.AllStatuses {
		if st.Open() {
			open = append(open, string(st))
		}
	}
	cur, err := s.c(colIssues).Find(ctx, bson.M{"status": bson.M{"$in": open}, "next_due": bson.M{"$exists": false}},
		options.Find().SetProjection(bson.M{"pending_events": 0, "supporter_keys": 0}))
	if err != nil {
		return mapErr(err, "issues")
	}
	var list []models.Issue
	if err := cur.All(ctx, &list); err != nil {
		return mapErr(err, "issues")
	}
	for i := range list {
		if t, ok := list[i].NextDue(); ok {
			if _, err := s.c(colIssues).UpdateOne(ctx, bson.M{"_id": list[i].ID}, bson.M{"$set": bson.M{"next_due": t}}); err != nil {
				return mapErr(err, "issues")
			}
		}
	}
	return s.markNextDueBackfilled(ctx)
}

const nextDueBackfilled = "next_due_backfilled"

func (s *Store) markNextDueBackfilled(ctx context.Context) error {
	_, err := s.c(colMeta).ReplaceOne(ctx, bson.M{"_id": nextDueBackfilled}, bson.M{"_id": nextDueBackfilled, "at": time.Now().UTC()}, options.Replace().SetUpsert(true))
	return mapErr(err, "issues")
}
