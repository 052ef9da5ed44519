package store_test

import (
	"testing"

	"github.com/civicdesk/civicdesk/store"
)

// The embedded database keeps its data across restarts, and opening it
// again (indexes already there) works.
func TestEmbeddedReopens(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 3; i++ {
		st, err := store.Open(ctx, store.Config{EmbeddedDir: dir})
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		n, err := st.NextSequence(ctx, "restarts")
		if err != nil || n != int64(i+1) {
			t.Fatalf("open #%d: sequence %d, err %v: data was not kept", i+1, n, err)
		}
		if err := st.Close(ctx); err != nil {
			t.Fatal(err)
		}
	}
}
