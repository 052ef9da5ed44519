package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// On MongoDB several civicdesk processes share one database and none of
// them owns it, so "the last process did not close the database" cannot
// be a flag as on the embedded database. Instead each process holds a
// lease, a document in `instances` that it refreshes while it runs and
// deletes when it closes. A lease that has not been refreshed for
// leaseStaleAfter belongs to a process that died (kill -9, power cut,
// OOM): the first live process to delete it counts one unclean stop, and
// the service recounts the figures that process may have left short.

const colInstances = "instances"

// Lease timing. A beat every 30 s and 3 minutes of silence leave room for
// clock skew between hosts and a slow database.
const (
	leaseBeatEvery  = 30 * time.Second
	leaseStaleAfter = 3 * time.Minute
	// leaseCheckEvery bounds how often TakeUncleanStops looks for dead
	// leases; the sweeper calls it at every pass.
	leaseCheckEvery = 30 * time.Second
)

type leaseDoc struct {
	ID      string    `bson:"_id"`
	Host    string    `bson:"host"`
	PID     int       `bson:"pid"`
	Started time.Time `bson:"started_at"`
	Beat    time.Time `bson:"beat_at"`
}

// instanceLease is this process's lease and the unclean stops it found.
type instanceLease struct {
	id        string
	stop      context.CancelFunc
	done      chan struct{}
	mu        sync.Mutex
	found     int // dead leases claimed and not yet taken
	lastCheck time.Time
}

// startLease writes this process's lease and keeps it fresh until Close.
func (s *Store) startLease(ctx context.Context) error {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	host, _ := os.Hostname()
	now := time.Now().UTC()
	l := &instanceLease{id: hex.EncodeToString(b), done: make(chan struct{})}
	doc := leaseDoc{ID: l.id, Host: host, PID: os.Getpid(), Started: now, Beat: now}
	if _, err := s.c(colInstances).InsertOne(ctx, doc); err != nil {
		return mapErr(err, "instance lease")
	}
	// Dead leases are claimed only by TakeUncleanStops, whose caller
	// recounts: a command that opens the store for something else must
	// not take a recount away from the serving instances.
	s.lease = l
	beatCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	l.stop = cancel
	go s.beatLease(beatCtx)
	return nil
}

func (s *Store) beatLease(ctx context.Context) {
	defer close(s.lease.done)
	t := time.NewTicker(leaseBeatEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		_, err := s.c(colInstances).UpdateOne(ctx, bson.M{"_id": s.lease.id}, bson.M{"$set": bson.M{"beat_at": time.Now().UTC()}})
		if err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "cannot refresh this instance's lease", "err", err)
		}
	}
}

// claimDeadLeases deletes the leases nobody refreshed for leaseStaleAfter.
// Each delete names the beat it read, so when two processes race for the
// same dead lease only one of them counts it; only that one recounts.
func (s *Store) claimDeadLeases(ctx context.Context) error {
	cutoff := time.Now().UTC().Add(-leaseStaleAfter)
	cur, err := s.c(colInstances).Find(ctx, bson.M{"beat_at": bson.M{"$lt": cutoff}})
	if err != nil {
		return mapErr(err, "instance leases")
	}
	var dead []leaseDoc
	if err := cur.All(ctx, &dead); err != nil {
		return mapErr(err, "instance leases")
	}
	claimed := 0
	for _, d := range dead {
		if d.ID == s.lease.id {
			continue // our own beat failed for a while; we are alive
		}
		res, err := s.c(colInstances).DeleteOne(ctx, bson.M{"_id": d.ID, "beat_at": d.Beat})
		if err != nil {
			return mapErr(err, "instance lease")
		}
		if res.DeletedCount == 1 {
			claimed++
			s.log.WarnContext(ctx, "a civicdesk process stopped without closing the database",
				"host", d.Host, "pid", d.PID, "started_at", d.Started, "last_seen", d.Beat)
		}
	}
	s.lease.mu.Lock()
	s.lease.found += claimed
	s.lease.lastCheck = time.Now()
	s.lease.mu.Unlock()
	return nil
}

// endLease stops the beat and deletes the lease: a clean stop.
func (s *Store) endLease(ctx context.Context) {
	if s.lease == nil {
		return
	}
	if s.lease.stop != nil {
		s.lease.stop()
		<-s.lease.done
	}
	_, _ = s.c(colInstances).DeleteOne(ctx, bson.M{"_id": s.lease.id})
}

// TakeUncleanStops reports how many processes stopped without closing the
// database since the last call (a kill -9, a power cut): counters written
// after an issue may have missed their last changes, and the caller should
// recount them. On the embedded database that is the process before this
// one; on MongoDB any instance whose lease went stale, found by the first
// live instance that looks. Cheap enough to call at every sweep.
func (s *Store) TakeUncleanStops(ctx context.Context) (int, error) {
	if s.lease == nil {
		s.uncleanMu.Lock()
		defer s.uncleanMu.Unlock()
		if s.uncleanStop {
			s.uncleanStop = false
			return 1, nil
		}
		return 0, nil
	}
	s.lease.mu.Lock()
	due := time.Since(s.lease.lastCheck) >= s.leaseCheckEvery
	s.lease.mu.Unlock()
	if due {
		if err := s.claimDeadLeases(ctx); err != nil {
			return 0, err
		}
	}
	s.lease.mu.Lock()
	defer s.lease.mu.Unlock()
	n := s.lease.found
	s.lease.found = 0
	return n, nil
}
