package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

const sample = "../../testdata/backlog-phu-xuan.csv"

// The bad rows of the sample and why each is rejected.
var sampleRejected = map[int]string{
	18:  "title",
	44:  "unknown category",
	89:  "created_at",
	122: "future",
	151: "outside Huế",
	177: "title",
	204: "also on line 200",
	231: "lat",
	263: `"phu-hau"`,
	292: "description",
	319: "latitude and longitude",
	356: "ref",
	379: "has 5 fields",
}

var rejectedLine = regexp.MustCompile(`(?m)^  line (\d+): (.*)$`)

func TestImportTheSampleBacklog(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 400 rows")
	}
	dir := t.TempDir()
	var out, errOut syncBuffer
	code := run(context.Background(), []string{"import", "--data-dir", dir, "--log-level", "warn", "--progress", "plain", sample}, noEnv, nil, &out, &errOut)
	if code != 1 {
		t.Fatalf("import with bad rows: exit %d, want 1\n%s\n%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "401 rows: 388 imported (388 already overdue), 0 imported before, 13 rejected") {
		t.Errorf("summary:\n%s", out.String())
	}
	got := map[int]string{}
	for _, m := range rejectedLine.FindAllStringSubmatch(out.String(), -1) {
		var n int
		fmt.Sscan(m[1], &n)
		got[n] = m[2]
	}
	for line, why := range sampleRejected {
		if !strings.Contains(got[line], why) {
			t.Errorf("line %d: rejected for %q, want a reason mentioning %q", line, got[line], why)
		}
	}
	if len(got) != len(sampleRejected) {
		t.Errorf("rejected lines %v, want %d of them", got, len(sampleRejected))
	}
	if !strings.Contains(errOut.String(), "import: 401/401 rows (100%)") || !strings.Contains(errOut.String(), "rows/s") {
		t.Errorf("no plain progress lines:\n%s", errOut.String())
	}

	// Again: nothing new.
	out, errOut = syncBuffer{}, syncBuffer{}
	run(context.Background(), []string{"import", "--data-dir", dir, "--log-level", "warn", "--progress", "none", sample}, noEnv, nil, &out, &errOut)
	if !strings.Contains(out.String(), "401 rows: 0 imported (0 already overdue), 388 imported before, 13 rejected\nnothing new: the 388 valid rows were imported before\n") {
		t.Errorf("re-run summary:\n%s", out.String())
	}
	if errOut.String() != "civicdesk: 13 row(s) rejected; fix them and run the import again (imported rows are skipped)\n" {
		t.Errorf("--progress none printed progress: %q", errOut.String())
	}

	// What was written: 388 issues, each with its imported event.
	c, err := parseConfig("check", []string{"--data-dir", dir}, noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	st, svc, err := openCore(context.Background(), c, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	if n, err := st.CountIssues(context.Background(), models.IssueFilter{}); err != nil || n != 388 {
		t.Errorf("%d issues stored (%v), want 388", n, err)
	}
	m, err := st.GetImportRef(context.Background(), "PX-HS-2025-0002")
	if err != nil {
		t.Fatal(err)
	}
	iss, err := st.GetIssue(context.Background(), m.IssueID)
	if err != nil {
		t.Fatal(err)
	}
	var imported *models.Event
	for i, e := range iss.Timeline {
		if e.Type == models.EventImported {
			imported = &iss.Timeline[i]
		}
	}
	if imported == nil || !strings.Contains(imported.Message, "backlog-phu-xuan.csv, line 3") {
		t.Errorf("imported event of line 3: %+v", imported)
	}
	if !strings.HasPrefix(iss.Code, "KL-25-") || iss.CreatedAt.Year() != 2025 || !iss.SLA.ResolutionOverdue {
		t.Errorf("issue %s created %v overdue %v", iss.Code, iss.CreatedAt, iss.SLA.ResolutionOverdue)
	}
	if dept := iss.Routing.Department; dept != "kim-long-infra" {
		t.Errorf("a Kim Long land record went to %s", dept)
	}
	if n := figuresEqualRecount(t, svc); n != 388 {
		t.Errorf("the figures count %d received, want 388", n)
	}
}

// figuresEqualRecount fails unless the counters give the figures a recount
// from the issues gives, over 2025 and 2026 by department × ward × level ×
// category, and returns how many issues they count as received.
func figuresEqualRecount(t *testing.T, svc *service.Service) int64 {
	t.Helper()
	q := service.StatsQuery{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
		GroupBy: []string{"department", "ward", "level", "category"}}
	live, err := svc.Figures(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	recount, err := svc.RecountFigures(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(live, recount) {
		t.Fatalf("the figures differ from a recount:\ncounters %+v\nrecount  %+v", live, recount)
	}
	var received int64
	for _, f := range live {
		received += f.Received
	}
	return received
}

func TestImportFileFormats(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// CSV without a BOM, columns in another order and case.
	rows, err := readImportFile(strings.NewReader("Title,REF,created_at,category,description\n" +
		"Đèn đường hỏng ở kiệt 12,A1,2025-06-01,infrastructure,Tối\n" +
		"\"multi\nline title\",A2,2025-06-01,infrastructure,x\n" +
		"Rác,A3,2025-06-01\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].line != 2 || rows[0].fields["ref"] != "A1" || rows[1].line != 3 || rows[2].line != 5 || rows[2].err == "" {
		t.Errorf("rows %+v", rows)
	}
	// With a BOM the first column is still "ref".
	rows, err = readImportFile(strings.NewReader("\xEF\xBB\xBFref,created_at,category,title,description\nA,2025-06-01,land,Một tiêu đề,x\n"))
	if err != nil || len(rows) != 1 || rows[0].fields["ref"] != "A" {
		t.Errorf("BOM: %+v %v", rows, err)
	}
	// Whole-file problems are errors naming the column.
	for in, want := range map[string]string{
		"ref,created_at,category,title,description,colour\n": `unknown column "colour"`,
		"ref,created_at,category,title\n":                    "missing required column(s): description",
		"":                                                   "empty",
		`{"ref":"A"}`:                                        "array",
	} {
		if _, err := readImportFile(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
	// JSON: line numbers of each record's start; numbers as numbers.
	rows, err = readImportFile(strings.NewReader(`[
  {"ref": "J1", "created_at": "2025-06-01", "category": "land", "title": "Một tiêu đề", "description": "x",
   "lat": 16.465, "lon": 107.54},
  {"ref": "J2", "created_at": "2025-06-01", "category": "land", "title": "Một tiêu đề", "description": "x", "size": 3},
  {"ref": "J3", "created_at": "2025-06-01", "category": "land", "title": ["x"], "description": "x"}
]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].line != 2 || rows[0].fields["lat"] != "16.465" || rows[1].line != 4 || !strings.Contains(rows[1].err, "size") || rows[2].line != 5 || !strings.Contains(rows[2].err, "title") {
		t.Errorf("JSON rows %+v", rows)
	}

	// End to end with JSON: one good record, one rejected with its line.
	p := write("records.json", `[
{"ref": "J1", "created_at": "2025-06-01 08:00", "category": "environment", "ward": "kim-long",
 "title": "Rác tồn đọng ở chợ Kim Long", "description": "Rác không được thu gom ba ngày."},
{"ref": "J2", "created_at": "01/06/2025", "category": "environment", "ward": "kim-long",
 "title": "Rác tồn đọng ở chợ Kim Long", "description": ""}
]`)
	var out syncBuffer
	code := run(context.Background(), []string{"import", "--data-dir", filepath.Join(dir, "db"), "--log-level", "warn", "--progress", "none", p}, noEnv, nil, &out, &out)
	if code != 1 || !strings.Contains(out.String(), "2 rows: 1 imported") || !strings.Contains(out.String(), "line 4: the record is invalid: description") {
		t.Errorf("JSON import: exit %d\n%s", code, out.String())
	}
	out = syncBuffer{}
	if code := run(context.Background(), []string{"import", "--progress", "sometimes", p}, noEnv, nil, &out, &out); code == 0 || !strings.Contains(out.String(), "progress") {
		t.Errorf("bad --progress: exit %d %q", code, out.String())
	}
	out = syncBuffer{}
	if code := run(context.Background(), []string{"import"}, noEnv, nil, &out, &out); code == 0 || !strings.Contains(out.String(), "FILE") {
		t.Errorf("no file: exit %d %q", code, out.String())
	}
}

func TestProgressBarAndLines(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	var bar strings.Builder
	p := newProgress(&bar, "bar", "import", 400, clock)
	now = now.Add(10 * time.Second)
	p.step(100)
	if !strings.Contains(bar.String(), "\rimport [=======                       ] 100/400  25%  10.0 rows/s  30s left\x1b[K") {
		t.Errorf("bar %q", bar.String())
	}
	var lines strings.Builder
	p = newProgress(&lines, "auto", "import", 20, clock) // a strings.Builder is no terminal
	for i := 0; i < 20; i++ {
		now = now.Add(time.Second)
		p.step(1)
	}
	ls := strings.Split(strings.TrimSpace(lines.String()), "\n")
	if len(ls) != 10 || ls[9] != "import: 20/20 rows (100%), 1.0 rows/s, 0s left" || strings.Contains(lines.String(), "\r") {
		t.Errorf("plain lines %q", lines.String())
	}
}

// writeBacklog writes an import file of n valid rows: the sample's good
// rows over and over, each with a reference of its own (K9-00000, ...).
func writeBacklog(t *testing.T, n int) string {
	t.Helper()
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	var good []string
	for i, l := range lines[1:] {
		if _, bad := sampleRejected[i+2]; !bad {
			good = append(good, l[strings.Index(l, ","):])
		}
	}
	var b strings.Builder
	b.WriteString(lines[0] + "\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "K9-%05d%s\n", i, good[i%len(good)])
	}
	p := filepath.Join(t.TempDir(), "backlog.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A real import process stopped with SIGTERM, then killed with SIGKILL in
// the middle of a batch, then run again to the end: every row is imported
// exactly once
// (one issue per reference, one "imported" event each, naming its line),
// and the figures equal a recount from the issues.
func TestImportKilledMidwayLosesAndDoublesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills real processes")
	}
	const rows = 1000
	dir := t.TempDir()
	file := writeBacklog(t, rows)
	args := []string{"import", "--data-dir", dir, "--log-level", "warn", "--progress", "plain", file}
	open := func() (*store.Store, *service.Service) {
		c, err := parseConfig("check", []string{"--data-dir", dir}, noEnv, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		st, svc, err := openCore(context.Background(), c, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		return st, svc
	}

	// Asked to stop (SIGTERM, as Ctrl-C): it ends after the batch under
	// way, says so, and counts what it imported.
	p := startProcess(t, nil, args...)
	p.waitLine("import: 200/1000 rows")
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(30 * time.Second); code != 1 || !strings.Contains(p.log.String(), "run the import again to finish it") {
		t.Fatalf("stopped import: exit %d\n%s", code, p.log.String())
	}
	st, svc := open()
	if _, err := st.BulkFilingMark(context.Background()); models.ErrorCodeOf(err) != models.ENotFound {
		t.Errorf("a stopped import left its mark: %v", err)
	}
	n, err := st.CountIssues(context.Background(), models.IssueFilter{})
	if err != nil || n < 200 || n == rows {
		t.Errorf("%d issues after the stop (%v)", n, err)
	}
	if got := figuresEqualRecount(t, svc); got != n {
		t.Errorf("the figures count %d received, %d issues stored", got, n)
	}
	st.Close(context.Background())

	// Killed (SIGKILL) while a batch is under way.
	p = startProcess(t, nil, args...)
	p.waitLine("import: 600/1000 rows")
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	p.wait(30 * time.Second)

	var out, errOut syncBuffer
	if code := run(context.Background(), args, noEnv, nil, &out, &errOut); code != 0 {
		t.Fatalf("the run after the kills: exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	var imported, before int
	if _, err := fmt.Sscanf(out.String()[strings.Index(out.String(), "1000 rows"):], "1000 rows: %d imported", &imported); err != nil {
		t.Fatalf("summary %q: %v", out.String(), err)
	}
	fmt.Sscanf(out.String()[strings.Index(out.String(), "overdue), ")+len("overdue), "):], "%d imported before", &before)
	if before < 600 || imported+before != rows {
		t.Errorf("after the kills: %d imported now, %d before; want at least 600 before and %d in all:\n%s", imported, before, rows, out.String())
	}
	if !strings.Contains(errOut.String(), "recounting the figures") {
		t.Errorf("the killed run's uncounted issues were not recounted:\n%s", errOut.String())
	}

	st, svc = open()
	defer st.Close(context.Background())
	if n, err := st.CountIssues(context.Background(), models.IssueFilter{}); err != nil || n != rows {
		t.Errorf("%d issues stored (%v), want %d", n, err, rows)
	}
	for i := 0; i < rows; i++ {
		m, err := st.GetImportRef(context.Background(), fmt.Sprintf("K9-%05d", i))
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		iss, err := st.GetIssue(context.Background(), m.IssueID)
		if err != nil {
			t.Fatalf("row %d: its issue %s: %v", i, m.IssueID, err)
		}
		var notes []string
		for _, e := range iss.Timeline {
			if e.Type == models.EventImported {
				notes = append(notes, e.Message)
			}
		}
		if want := fmt.Sprintf("backlog.csv, line %d, reference K9-%05d", i+2, i); len(notes) != 1 || !strings.Contains(notes[0], want) {
			t.Fatalf("row %d: imported events %q, want one naming %q", i, notes, want)
		}
	}
	if n := figuresEqualRecount(t, svc); n != rows {
		t.Errorf("the figures count %d received, want %d", n, rows)
	}
}
