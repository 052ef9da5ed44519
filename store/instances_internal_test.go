package store

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// openShared opens a store on the MongoDB path (no read model) over a
// FerretDB that several stores share, as civicdesk instances share a
// MongoDB deployment.
func openShared(t *testing.T, uri string) *Store {
	t.Helper()
	st, err := Open(context.Background(), Config{URI: uri, Database: "leases", SingleConnection: true, Logger: quiet, LeaseCheckEvery: time.Nanosecond})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	if st.lease == nil {
		t.Fatal("a store on the MongoDB path holds no lease")
	}
	return st
}

func leaseIDs(t *testing.T, st *Store) map[string]bool {
	t.Helper()
	var docs []leaseDoc
	cur, err := st.c(colInstances).Find(context.Background(), bson.M{})
	if err == nil {
		err = cur.All(context.Background(), &docs)
	}
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, d := range docs {
		ids[d.ID] = true
	}
	return ids
}

// plantLease writes the lease a process leaves when it is killed: it was
// refreshed last `ago`.
func plantLease(t *testing.T, st *Store, id string, ago time.Duration) {
	t.Helper()
	at := time.Now().UTC().Add(-ago)
	if _, err := st.c(colInstances).InsertOne(context.Background(), leaseDoc{ID: id, Host: "ward-pc", PID: 4242, Started: at.Add(-time.Hour), Beat: at}); err != nil {
		t.Fatal(err)
	}
}

func takeUnclean(t *testing.T, st *Store) int {
	t.Helper()
	n, err := st.TakeUncleanStops(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// On MongoDB a process that died is found by its stale lease, counted
// once by exactly one live instance, whether at its start or while it
// runs; live and cleanly closed instances are never counted.
func TestDeadInstancesAreFoundByTheirLeases(t *testing.T) {
	e, err := StartEmbedded(context.Background(), EmbeddedConfig{Dir: t.TempDir(), Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })

	a := openShared(t, e.URI())
	if n := takeUnclean(t, a); n != 0 {
		t.Fatalf("a fresh database reports %d unclean stops", n)
	}
	// A process killed while a and b run: a live peer (beat 10 s ago) is
	// left alone, the dead one (beat 10 minutes ago) is claimed once.
	plantLease(t, a, "killed", 10*time.Minute)
	plantLease(t, a, "alive", 10*time.Second)
	b := openShared(t, e.URI())
	if n := takeUnclean(t, b); n != 1 {
		t.Fatalf("the instance that started found %d unclean stops, want 1", n)
	}
	if n := takeUnclean(t, a); n != 0 {
		t.Fatalf("a second instance counted the same dead lease again (%d)", n)
	}
	if n := takeUnclean(t, b); n != 0 {
		t.Fatalf("an unclean stop was reported twice (%d)", n)
	}
	ids := leaseIDs(t, a)
	if ids["killed"] || !ids["alive"] || !ids[a.lease.id] || !ids[b.lease.id] || len(ids) != 3 {
		t.Fatalf("leases after the claim: %v", ids)
	}

	// A peer dying while a runs is found at a's next look.
	plantLease(t, a, "killed-later", leaseStaleAfter+time.Second)
	if n := takeUnclean(t, a); n != 1 {
		t.Fatalf("a running instance found %d unclean stops, want 1", n)
	}

	// A clean stop removes its lease: nobody recounts after it.
	bID := b.lease.id
	if err := b.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ids := leaseIDs(t, a); ids[bID] {
		t.Fatal("a closed instance left its lease behind")
	}
	c := openShared(t, e.URI())
	defer c.Close(context.Background())
	if n := takeUnclean(t, c); n != 0 {
		t.Fatalf("a clean stop was counted as unclean (%d)", n)
	}
	_ = a.Close(context.Background())
}

// The embedded database reports no unclean stop on a new folder or after
// a clean stop. (A real kill -9 is cmd/civicdesk's crash test.)
func TestEmbeddedUncleanStopReportedOnce(t *testing.T) {
	dir := t.TempDir()
	st := openEmbedded(t, dir)
	if n := takeUnclean(t, st); n != 0 {
		t.Fatalf("a new folder: %d unclean stops", n)
	}
	if err := st.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	st = openEmbedded(t, dir)
	defer st.Close(context.Background())
	if n := takeUnclean(t, st); n != 0 {
		t.Fatalf("after a clean stop: %d unclean stops", n)
	}
}
