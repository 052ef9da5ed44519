package store

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func openEmbedded(t *testing.T, dir string) *Store {
	t.Helper()
	st, err := Open(context.Background(), Config{EmbeddedDir: dir, Logger: quiet})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return st
}

func sampleIssue(i int) *models.Issue {
	at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	code := fmt.Sprintf("KL-26-%05d", i)
	due := at.Add(48 * time.Hour)
	return &models.Issue{ID: code, Code: code, Version: 1, Title: "Đèn đường hỏng " + code, Category: "lighting",
		Status: models.StatusRouted, CreatedAt: at, UpdatedAt: at, DueSort: due, SearchText: models.Fold("Đèn đường hỏng " + code),
		Location: models.Location{WardCode: "kim-long"}, Routing: models.Routing{Department: "kim-long-infra", Level: models.LevelWard},
		SLA:        models.SLA{ResolutionDue: &due},
		EventCount: 1, Timeline: []models.Event{{Seq: 1, At: at, Type: models.EventCreated, Public: true}}}
}

func countAll(t *testing.T, st *Store, f models.IssueFilter) int64 {
	t.Helper()
	n, err := st.CountIssues(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// FerretDB's own _id index is never used; civicdesk's is, on every
// collection, including one created after start.
func TestEmbeddedIDLookupsUseAnIndex(t *testing.T) {
	ctx := context.Background()
	st := openEmbedded(t, t.TempDir())
	defer st.Close(ctx)
	for _, col := range knownCollections {
		ok, err := st.IDLookupsIndexed(ctx, col)
		if err != nil || !ok {
			t.Fatalf("collection %s: _id lookups indexed %v (%v)", col, ok, err)
		}
	}
	if _, err := st.c("created_later").InsertOne(ctx, bson.M{"_id": "x"}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := st.IDLookupsIndexed(ctx, "created_later"); ok {
		t.Fatal("a new FerretDB table already has civicdesk's index: the check proves nothing")
	}
	if n, err := st.EnsureIDIndexes(ctx); err != nil || n != 1 {
		t.Fatalf("EnsureIDIndexes created %d (%v), want 1", n, err)
	}
	if ok, _ := st.IDLookupsIndexed(ctx, "created_later"); !ok {
		t.Fatal("the collection created later has no _id index")
	}
}

// A crash between the FerretDB write and the read model's update leaves a
// pending mark; the next start re-reads that issue. Here the "crash" is a
// write straight to FerretDB after marking, as writeIssue does before it
// would have updated the row.
func TestReadModelRepairsPendingIssuesAtStart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openEmbedded(t, dir)
	for i := 1; i <= 3; i++ {
		if err := st.InsertIssue(ctx, sampleIssue(i)); err != nil {
			t.Fatal(err)
		}
	}
	changed := sampleIssue(2)
	changed.Version = 2
	changed.Status = models.StatusResolved
	changed.SearchText = "da sua xong"
	if err := st.rm.markPending(ctx, changed.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.c(colIssues).ReplaceOne(ctx, bson.M{"_id": changed.ID}, changed); err != nil {
		t.Fatal(err)
	}
	// Filed while "crashing": stored, never indexed.
	lost := sampleIssue(4)
	if err := st.rm.markPending(ctx, lost.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.c(colIssues).InsertOne(ctx, lost); err != nil {
		t.Fatal(err)
	}
	// A mark whose write never happened.
	if err := st.rm.markPending(ctx, "KL-26-09999"); err != nil {
		t.Fatal(err)
	}
	if n := countAll(t, st, models.IssueFilter{Statuses: []models.Status{models.StatusResolved}}); n != 0 {
		t.Fatalf("before the restart the index already shows %d resolved: the test proves nothing", n)
	}
	st.Close(ctx)

	st = openEmbedded(t, dir)
	defer st.Close(ctx)
	if n := countAll(t, st, models.IssueFilter{}); n != 4 {
		t.Fatalf("after the restart %d issues, want 4", n)
	}
	if n := countAll(t, st, models.IssueFilter{Statuses: []models.Status{models.StatusResolved}, Text: "da sua"}); n != 1 {
		t.Fatalf("the change made before the crash is not in the index (%d)", n)
	}
	if ids, _ := st.rm.pendingIDs(ctx); len(ids) != 0 {
		t.Fatalf("marks left after repair: %v", ids)
	}
}

// A missing index file, or one from another database, is rebuilt from the
// issues; a normal restart does not rebuild.
func TestReadModelRebuildsWhenMissingOrForeign(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openEmbedded(t, dir)
	if err := st.InsertIssues(ctx, []*models.Issue{sampleIssue(1), sampleIssue(2), sampleIssue(3)}); err != nil {
		t.Fatal(err)
	}
	epoch, _ := st.rm.meta(ctx, "epoch")
	st.Close(ctx)

	st = openEmbedded(t, dir)
	if again, _ := st.rm.meta(ctx, "epoch"); again != epoch {
		t.Fatal("a clean restart rebuilt the index")
	}
	st.Close(ctx)

	for _, f := range []string{readModelFile, readModelFile + "-wal", readModelFile + "-shm"} {
		_ = os.Remove(filepath.Join(dir, f))
	}
	st = openEmbedded(t, dir)
	if n := countAll(t, st, models.IssueFilter{Text: "den duong"}); n != 3 {
		t.Fatalf("rebuilt index finds %d issues, want 3", n)
	}
	// Another database's index file: its epoch differs, so it is rebuilt.
	if err := st.rm.setMeta(ctx, "epoch", "someone-else"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.rm.db.ExecContext(ctx, `DELETE FROM issues`); err != nil {
		t.Fatal(err)
	}
	st.Close(ctx)
	st = openEmbedded(t, dir)
	defer st.Close(ctx)
	if n := countAll(t, st, models.IssueFilter{}); n != 3 {
		t.Fatalf("foreign index not rebuilt: %d issues", n)
	}
}

// A data folder written by the previous release (no index file, issues
// without next_due, the retired open_issues and deadlines collections)
// opens with no manual step.
func TestDataFolderFromThePreviousReleaseOpens(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openEmbedded(t, dir)
	old := sampleIssue(7)
	old.NextDueAt = nil
	if _, err := st.c(colIssues).InsertOne(ctx, old); err != nil {
		t.Fatal(err)
	}
	for _, c := range retiredCollections {
		if _, err := st.c(c).InsertOne(ctx, bson.M{"_id": old.ID}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close(ctx)
	for _, f := range []string{readModelFile, readModelFile + "-wal", readModelFile + "-shm"} {
		_ = os.Remove(filepath.Join(dir, f))
	}
	st = openEmbedded(t, dir)
	defer st.Close(ctx)
	due, err := st.DueDeadlines(ctx, old.SLA.ResolutionDue.Add(time.Minute), 10)
	if err != nil || len(due) != 1 || due[0].IssueID != old.ID {
		t.Fatalf("due deadlines after upgrade: %v (%v)", due, err)
	}
	names, _ := st.db.ListCollectionNames(ctx, bson.M{})
	for _, n := range names {
		for _, r := range retiredCollections {
			if n == r {
				t.Fatalf("retired collection %s still there", n)
			}
		}
	}
}
