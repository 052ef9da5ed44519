package main

import (
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/civicdesk/civicdesk/store"
)

// The online backup docs/DEPLOY.md recommends for the embedded database:
// SQLite's .backup of civicdesk.sqlite while serve runs gives a database
// equal to the original.
func TestOnlineBackupOfTheEmbeddedDatabase(t *testing.T) {
	sqlite, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("no sqlite3 command")
	}
	dir, backup := t.TempDir(), t.TempDir()
	fillWard(t, dir, "hoi-phu-nu", 16.465, 107.540)
	r := startServe(t, []string{"--data-dir", dir, "--sweep-interval", "1h", "--log-level", "warn"}, nil)
	r.waitReady()
	out, err := exec.Command(sqlite, filepath.Join(dir, "civicdesk.sqlite"), ".backup '"+filepath.Join(backup, "civicdesk.sqlite")+"'").CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3 .backup while serve runs: %v %s", err, out)
	}
	r.stop()
	orig, copied := dump(t, store.Config{EmbeddedDir: dir}), dump(t, store.Config{EmbeddedDir: backup})
	// The sweeper's lease may be renewed after the backup was taken.
	delete(orig, "locks")
	delete(copied, "locks")
	// civicdesk_meta names the read model built from each copy: the backup,
	// opened without the original's index file, builds its own.
	delete(orig, "civicdesk_meta")
	delete(copied, "civicdesk_meta")
	if len(orig["issues"]) == 0 {
		t.Fatal("the original database has no issues")
	}
	if !reflect.DeepEqual(orig, copied) {
		for col, docs := range orig {
			if !reflect.DeepEqual(docs, copied[col]) {
				t.Errorf("collection %s differs in the backup (%d vs %d documents)", col, len(docs), len(copied[col]))
			}
		}
	}
}
