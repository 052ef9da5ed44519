package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"time"
)

// opTally is what one operation got: its times and its answers.
type opTally struct {
	kind int
	op   string
	durs []time.Duration
	code loadCodes
}

// loadCodes counts answers by class; 409 and 429 are apart from the
// other 4xx, since a lost race and a rate limit mean something else than
// a refused request.
type loadCodes struct {
	OK        int `json:"2xx"`
	Client    int `json:"4xx"`
	Conflict  int `json:"409"`
	Limited   int `json:"429"`
	Server    int `json:"5xx"`
	NoAnswer  int `json:"no_answer"`
	Redirects int `json:"3xx,omitempty"`
}

func (c *loadCodes) count(status int) {
	switch {
	case status == 0:
		c.NoAnswer++
	case status == 409:
		c.Conflict++
	case status == 429:
		c.Limited++
	case status >= 500:
		c.Server++
	case status >= 400:
		c.Client++
	case status >= 300:
		c.Redirects++
	default:
		c.OK++
	}
}

func (c *loadCodes) add(o loadCodes) {
	c.OK += o.OK
	c.Client += o.Client
	c.Conflict += o.Conflict
	c.Limited += o.Limited
	c.Server += o.Server
	c.NoAnswer += o.NoAnswer
	c.Redirects += o.Redirects
}

// tally is one client's results by operation; clients keep their own,
// merged at the end, so recording takes no lock.
type tally struct {
	ops      map[string]*opTally
	order    []string
	failures []loadFailure
}

// loadFailure is a request answered 5xx or not at all, kept for the report.
type loadFailure struct {
	Kind   string `json:"kind"`
	Op     string `json:"op"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	Answer string `json:"answer"`
}

const keptFailures = 20

func newTally() *tally { return &tally{ops: map[string]*opTally{}} }

func (t *tally) record(kind int, op string, d time.Duration, status int) {
	key := kindNames[kind] + "\x00" + op
	o := t.ops[key]
	if o == nil {
		o = &opTally{kind: kind, op: op}
		t.ops[key] = o
		t.order = append(t.order, key)
	}
	o.durs = append(o.durs, d)
	o.code.count(status)
}

func (t *tally) fail(f loadFailure) {
	if len(t.failures) < keptFailures {
		t.failures = append(t.failures, f)
	}
}

// merge adds another client's results.
func (t *tally) merge(o *tally) {
	for _, key := range o.order {
		src := o.ops[key]
		dst := t.ops[key]
		if dst == nil {
			dst = &opTally{kind: src.kind, op: src.op}
			t.ops[key] = dst
			t.order = append(t.order, key)
		}
		dst.durs = append(dst.durs, src.durs...)
		dst.code.add(src.code)
	}
	for _, f := range o.failures {
		t.fail(f)
	}
}

// loadRow is one line of the report: a kind, an operation, or all.
type loadRow struct {
	Kind      string  `json:"kind"`
	Op        string  `json:"op,omitempty"`
	Requests  int     `json:"requests"`
	PerSecond float64 `json:"per_second"`
	P50ms     float64 `json:"p50_ms"`
	P99ms     float64 `json:"p99_ms"`
	MaxMs     float64 `json:"max_ms"`
	loadCodes
}

// loadResult is a run's outcome.
type loadResult struct {
	Clients  int           `json:"clients"`
	Issues   int64         `json:"issues"`
	Seconds  float64       `json:"seconds"`
	Settings string        `json:"settings"`
	Kinds    []loadRow     `json:"kinds"`
	All      loadRow       `json:"all"`
	Ops      []loadRow     `json:"operations"`
	Failures []loadFailure `json:"failures,omitempty"`
}

func row(kind, op string, durs []time.Duration, codes loadCodes, elapsed time.Duration) loadRow {
	r := loadRow{Kind: kind, Op: op, Requests: len(durs), loadCodes: codes}
	if len(durs) == 0 {
		return r
	}
	s := slices.Clone(durs)
	slices.Sort(s)
	r.PerSecond = math.Round(float64(len(s))/elapsed.Seconds()*10) / 10
	r.P50ms, r.P99ms, r.MaxMs = msFloat(percentile(s, 0.50)), msFloat(percentile(s, 0.99)), msFloat(s[len(s)-1])
	return r
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func msFloat(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/100) / 10 }

// result turns the merged tally into the report's rows.
func (t *tally) result(clients int, issues int64, elapsed time.Duration, settings string) *loadResult {
	res := &loadResult{Clients: clients, Issues: issues, Seconds: math.Round(elapsed.Seconds()*10) / 10, Settings: settings, Failures: t.failures}
	var all []time.Duration
	var allCodes loadCodes
	for k := 0; k < kindCount; k++ {
		var durs []time.Duration
		var codes loadCodes
		var ops []string
		for _, key := range t.order {
			if o := t.ops[key]; o.kind == k {
				ops = append(ops, key)
			}
		}
		slices.Sort(ops)
		for _, key := range ops {
			o := t.ops[key]
			durs = append(durs, o.durs...)
			codes.add(o.code)
			res.Ops = append(res.Ops, row(kindNames[k], o.op, o.durs, o.code, elapsed))
		}
		res.Kinds = append(res.Kinds, row(kindNames[k], "", durs, codes, elapsed))
		all = append(all, durs...)
		allCodes.add(codes)
	}
	res.All = row("all", "", all, allCodes, elapsed)
	return res
}

// failed is how many requests got a 5xx or no answer.
func (r *loadResult) failed() int { return r.All.Server + r.All.NoAnswer }

func (r *loadResult) print(w io.Writer) {
	fmt.Fprintf(w, "\n%d clients for %.1f s on %d issues; %s\n\n", r.Clients, r.Seconds, r.Issues, r.Settings)
	head := "%-34s %9s %8s %8s %8s %8s %7s %6s %6s %6s %6s %9s\n"
	line := "%-34s %9d %8.1f %8.1f %8.1f %8.1f %7d %6d %6d %6d %6d %9d\n"
	fmt.Fprintf(w, head, "kind", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "2xx", "4xx", "409", "429", "5xx", "no answer")
	for _, k := range append(slices.Clone(r.Kinds), r.All) {
		fmt.Fprintf(w, line, k.Kind, k.Requests, k.PerSecond, k.P50ms, k.P99ms, k.MaxMs, k.OK, k.Client, k.Conflict, k.Limited, k.Server, k.NoAnswer)
	}
	fmt.Fprintf(w, "\n"+head, "operation", "requests", "req/s", "p50 ms", "p99 ms", "max ms", "2xx", "4xx", "409", "429", "5xx", "no answer")
	kind := ""
	for _, o := range r.Ops {
		if o.Kind != kind {
			kind = o.Kind
			fmt.Fprintf(w, "%s:\n", kind)
		}
		fmt.Fprintf(w, line, "  "+o.Op, o.Requests, o.PerSecond, o.P50ms, o.P99ms, o.MaxMs, o.OK, o.Client, o.Conflict, o.Limited, o.Server, o.NoAnswer)
	}
	if len(r.Failures) == 0 {
		fmt.Fprintln(w, "\nno 5xx, no request without an answer")
		return
	}
	fmt.Fprintf(w, "\n%d requests got a 5xx or no answer; the first ones:\n", r.failed())
	for _, f := range r.Failures {
		fmt.Fprintf(w, "  %s %s (%s): %d %s\n", f.Method, f.Path, f.Op, f.Status, f.Answer)
	}
}

func (r *loadResult) writeJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
