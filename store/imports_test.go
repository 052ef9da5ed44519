package store_test

import (
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
)

// A batch of references with one recorded already: the others are written
// all the same, the error is a conflict, and reading them back tells which
// issue each names.
func TestImportRefsInBulk(t *testing.T) {
	st := testenv.Store(t)
	at := time.Date(2025, 7, 1, 2, 0, 0, 0, time.UTC)
	if err := st.InsertImportRef(ctx, &models.ImportRef{Ref: "B", IssueID: "KL-25-00001", Source: "a.csv", Line: 2, ImportedAt: at}); err != nil {
		t.Fatal(err)
	}
	batch := []*models.ImportRef{
		{Ref: "A", IssueID: "KL-25-00010", Source: "b.csv", Line: 2, ImportedAt: at},
		{Ref: "B", IssueID: "KL-25-00011", Source: "b.csv", Line: 3, ImportedAt: at},
		{Ref: "C", IssueID: "KL-25-00012", Source: "b.csv", Line: 4, ImportedAt: at},
	}
	if err := st.InsertImportRefs(ctx, batch); models.ErrorCodeOf(err) != models.EConflict {
		t.Fatalf("a batch with a recorded reference: %v, want a conflict", err)
	}
	got, err := st.GetImportRefs(ctx, []string{"A", "B", "C", "D"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got["A"].IssueID != "KL-25-00010" || got["B"].IssueID != "KL-25-00001" || got["C"].IssueID != "KL-25-00012" || got["C"].Line != 4 {
		t.Errorf("read back %+v", got)
	}
	if err := st.InsertImportRefs(ctx, nil); err != nil {
		t.Errorf("an empty batch: %v", err)
	}
}

func TestImportBulkFilingMark(t *testing.T) {
	st := testenv.Store(t)
	if _, err := st.BulkFilingMark(ctx); models.ErrorCodeOf(err) != models.ENotFound {
		t.Fatalf("a new database has a mark: %v", err)
	}
	since := time.Date(2025, 7, 1, 2, 0, 0, 0, time.UTC)
	if err := st.MarkBulkFiling(ctx, models.BulkFiling{What: "import of a.csv", Since: since}); err != nil {
		t.Fatal(err)
	}
	m, err := st.BulkFilingMark(ctx)
	if err != nil || m.What != "import of a.csv" || !m.Since.Equal(since) {
		t.Fatalf("mark %+v %v", m, err)
	}
	if err := st.ClearBulkFiling(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.BulkFilingMark(ctx); models.ErrorCodeOf(err) != models.ENotFound {
		t.Errorf("mark left after clearing: %v", err)
	}
	if err := st.ClearBulkFiling(ctx); err != nil {
		t.Errorf("clearing no mark: %v", err)
	}
}
