package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The load test runs end to end at a small size: serve with the bot on
// its webhook, every kind of traffic, no 5xx, and a report whose numbers
// parse, as a table and as JSON. No timing is asserted: speed is
// measured on a quiet machine and written in docs/PERFORMANCE.md.
func TestLoadtestRunsEveryKindWithout5xx(t *testing.T) {
	dir := t.TempDir()
	jsonPath := filepath.Join(dir, "load.json")
	var out, errs syncBuffer
	code := run(context.Background(), []string{"loadtest", "--issues", "300", "--clients", "4", "--duration", "5s",
		"--mix", "public=20,lists=20,filings=20,actions=20,bot=20", "--data-dir", filepath.Join(dir, "data"), "--json", jsonPath},
		noEnv, nil, &out, &errs)
	text := out.String()
	if code != 0 {
		t.Fatalf("loadtest: exit %d\n%s\nlog:\n%s", code, text, errs.String())
	}

	// The table: one row per kind and one for all, eleven numbers each.
	for _, kind := range append(kindNames[:], "all") {
		var nums []float64
		for _, line := range strings.Split(text, "\n") {
			rest, ok := strings.CutPrefix(line, kind+" ")
			if !ok {
				continue
			}
			for _, f := range strings.Fields(rest) {
				n, err := strconv.ParseFloat(f, 64)
				if err != nil {
					t.Fatalf("row %q: %q is not a number", line, f)
				}
				nums = append(nums, n)
			}
			break
		}
		if len(nums) != 11 {
			t.Fatalf("no row of eleven numbers for %q:\n%s", kind, text)
		}
		requests, ok2xx, fivexx, noAnswer := nums[0], nums[5], nums[9], nums[10]
		if requests < 1 || fivexx != 0 || noAnswer != 0 || ok2xx*10 < requests*7 {
			t.Errorf("%s: %v requests, %v 2xx, %v 5xx, %v without answer\n%s", kind, requests, ok2xx, fivexx, noAnswer, text)
		}
	}
	if !strings.Contains(text, "no 5xx, no request without an answer") {
		t.Errorf("the report does not say there was no 5xx:\n%s", text)
	}

	// The JSON says the same, operation by operation.
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var res loadResult
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatalf("JSON: %v\n%s", err, b)
	}
	if res.Clients != 4 || res.Issues != 300 || res.Seconds <= 0 || len(res.Kinds) != kindCount || res.All.Server != 0 || res.All.Requests < kindCount {
		t.Errorf("JSON totals: %+v", res)
	}
	ops := map[string]loadRow{}
	for _, o := range res.Ops {
		ops[o.Kind+"/"+o.Op] = o
	}
	for _, op := range []string{"public reads/portal list", "official lists/queue", "filings/filing", "bot updates//start"} {
		if o, ok := ops[op]; !ok || o.OK == 0 || o.P50ms <= 0 || o.P99ms < o.P50ms || o.MaxMs < o.P99ms {
			t.Errorf("operation %s: %+v", op, o)
		}
	}
}

// Wrong flags are a usage error, before anything is seeded.
func TestLoadtestRefusesWrongFlags(t *testing.T) {
	for _, args := range [][]string{{"--clients", "0"}, {"--mix", "public=1,robots=3"}, {"--key-limit", "fast"}, {"extra"}} {
		var out syncBuffer
		if code := run(context.Background(), append([]string{"loadtest"}, args...), noEnv, nil, &out, &out); code != 2 {
			t.Errorf("loadtest %v: exit %d, want 2\n%s", args, code, out.String())
		}
	}
}
