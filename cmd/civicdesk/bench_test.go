package main

import (
	"context"
	"strings"
	"testing"
)

// The benchmark runs end to end on a small database: it seeds through the
// bulk path, restarts, and reports every operation with its raw twin.
func TestBenchRunsEveryOperation(t *testing.T) {
	var out syncBuffer
	code := run(context.Background(), []string{"bench", "--issues", "40", "--reps", "2", "--raw-reps", "1", "--data-dir", t.TempDir()}, noEnv, nil, &out, &out)
	if code != 0 {
		t.Fatalf("bench: exit %d\n%s", code, out.String())
	}
	text := out.String()
	for _, op := range []string{"file an issue", "take an issue", "answer an issue", "resolve an issue", "open an issue with its timeline",
		"department queue page", "all-status filtered page", "text search", "Open311 GET requests.json", "public portal home",
		"figures (30 days", "start to ready", "resident memory", "seeded 40/40 issues"} {
		if !strings.Contains(text, op) {
			t.Errorf("the report has no %q:\n%s", op, text)
		}
	}
	// Each operation row ends with its ratio to the raw operation.
	if strings.Contains(text, " -\n") {
		t.Errorf("rows without a raw figure:\n%s", text)
	}
}
