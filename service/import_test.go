package service_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// The day after the districts were abolished: Tuesday 1 July 2025, 09:00 in Huế.
var july1 = time.Date(2025, 7, 1, 9, 0, 0, 0, testenv.HCM)

func backlogRecord(ref string, created time.Time) service.ImportRecord {
	return service.ImportRecord{
		Ref: ref, CreatedAt: created, Category: "infrastructure", Ward: "kim-long",
		Title:       "Đèn đường hỏng ở kiệt 44 Kim Long",
		Description: "Cụm đèn chiếu sáng ở kiệt 44 Kim Long không sáng đã 12 ngày.",
		Address:     "kiệt 44 Kim Long", Contact: models.Contact{Name: "Trần Thị Lan", Phone: "0905111222"},
		Source: "backlog.csv", Line: 7,
	}
}

func TestImportKeepsTheOriginalDateAndMarksPassedDeadlines(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	clk.Set(july1)
	created := time.Date(2025, 3, 3, 8, 0, 0, 0, testenv.HCM)
	iss, existing, err := svc.ImportIssue(ctx, backlogRecord("PX-HS-2025-0001", created))
	if err != nil || existing {
		t.Fatalf("import: %v (existing %v)", err, existing)
	}
	if !strings.HasPrefix(iss.Code, "KL-25-") {
		t.Errorf("code %q: want the ward's prefix and the original year, KL-25-…", iss.Code)
	}
	if !iss.CreatedAt.Equal(created) {
		t.Errorf("created %v, want the original %v", iss.CreatedAt, created)
	}
	if iss.Routing.Department != "kim-long-infra" || iss.Reporter.Kind != models.ReporterImported || iss.Reporter.Channel != models.ChannelImport {
		t.Errorf("routed to %s, reporter %s/%s", iss.Routing.Department, iss.Reporter.Kind, iss.Reporter.Channel)
	}
	// Deadlines from the original date: 80 working hours after 3 March is in March.
	if iss.SLA.ResolutionDue == nil || iss.SLA.ResolutionDue.After(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("resolution due %v: not computed from the original date", iss.SLA.ResolutionDue)
	}
	if !iss.SLA.ResponseOverdue || !iss.SLA.ResolutionOverdue {
		t.Errorf("a record months past its deadlines is not overdue: %+v", iss.SLA)
	}
	// The catalogue auto-escalates overdue ward issues; imports stay with the ward.
	if iss.Routing.Level != models.LevelWard || iss.Status != models.StatusRouted {
		t.Errorf("imported record moved: %s at %s level", iss.Status, iss.Routing.Level)
	}
	stored, err := st.GetIssue(ctx, iss.Code)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range stored.Timeline {
		types = append(types, string(e.Type))
	}
	want := "created routed imported response_overdue resolution_overdue"
	if strings.Join(types, " ") != want {
		t.Fatalf("timeline %v, want %s", types, want)
	}
	imp := stored.Timeline[2]
	if imp.Public || !strings.Contains(imp.Message, "backlog.csv") || !strings.Contains(imp.Message, "line 7") || !strings.Contains(imp.Message, "PX-HS-2025-0001") {
		t.Errorf("imported event %+v: want an internal note naming the file, line and reference", imp)
	}
	if !stored.Timeline[0].At.Equal(created) || !imp.At.Equal(july1) {
		t.Errorf("event times %v / %v", stored.Timeline[0].At, imp.At)
	}
	if strings.Contains(stored.StatusNote, "backlog.csv") {
		t.Errorf("the import note became the public status note: %q", stored.StatusNote)
	}
	// Received counts on the original day, not on the day of the import.
	days, err := st.StatsDays(ctx, "2025-03-03", "2025-03-03")
	if err != nil || len(days) != 1 {
		t.Fatalf("stats of 3 March: %v %v", days, err)
	}
	var received int64
	for _, c := range days[0].Cells {
		received += c.Received
	}
	if received != 1 {
		t.Errorf("received on 3 March = %d, want 1", received)
	}
	today, _ := st.StatsDays(ctx, "2025-07-01", "2025-07-01")
	if len(today) != 0 {
		t.Errorf("the import day counts something: %+v", today)
	}
	// Already marked: the sweeper has nothing to do, and does not escalate it.
	if n, err := svc.Sweep(ctx); err != nil || n != 0 {
		t.Errorf("sweep after import changed %d issues (%v)", n, err)
	}
}

func TestImportOfARecentRecordRunsItsClock(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	clk.Set(july1)
	iss, _, err := svc.ImportIssue(ctx, backlogRecord("PX-HS-2025-0400", time.Date(2025, 6, 30, 14, 0, 0, 0, testenv.HCM)))
	if err != nil {
		t.Fatal(err)
	}
	if iss.SLA.Overdue() {
		t.Fatalf("a record of yesterday is overdue: %+v", iss.SLA)
	}
	due, err := st.DueDeadlines(ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 10)
	if err != nil || len(due) != 1 || due[0].IssueID != iss.ID {
		t.Fatalf("deadline entry for the sweeper: %+v %v", due, err)
	}
	clk.Set(time.Date(2025, 8, 1, 9, 0, 0, 0, testenv.HCM))
	if n, err := svc.Sweep(ctx); err != nil || n != 1 {
		t.Fatalf("sweep a month later changed %d (%v), want 1", n, err)
	}
}

func TestImportIsIdempotent(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	clk.Set(july1)
	rec := backlogRecord("PX-HS-2025-0042", time.Date(2025, 5, 5, 8, 0, 0, 0, testenv.HCM))
	first, _, err := svc.ImportIssue(ctx, rec)
	if err != nil {
		t.Fatal(err)
	}
	again, existing, err := svc.ImportIssue(ctx, rec)
	if err != nil || !existing || again.Code != first.Code {
		t.Fatalf("second import: %v existing=%v code %s, want %s", err, existing, again.Code, first.Code)
	}
	// A crash after the reference was recorded but before the issue was
	// written: the next run writes the issue under the recorded code.
	if err := st.InsertImportRef(ctx, &models.ImportRef{Ref: "PX-HS-2025-0043", IssueID: "KL-25-00777", Source: "backlog.csv", Line: 8, ImportedAt: july1}); err != nil {
		t.Fatal(err)
	}
	rec.Ref = "PX-HS-2025-0043"
	resumed, existing, err := svc.ImportIssue(ctx, rec)
	if err != nil || existing || resumed.Code != "KL-25-00777" {
		t.Fatalf("resumed import: %v existing=%v code %s", err, existing, resumed.Code)
	}
	n, err := st.CountIssues(ctx, models.IssueFilter{})
	if err != nil || n != 2 {
		t.Errorf("%d issues (%v), want 2", n, err)
	}
}

func TestImportRejectsBadRecordsWithReasons(t *testing.T) {
	svc, _, clk := testenv.Service(t, nil)
	clk.Set(july1)
	good := backlogRecord("R", time.Date(2025, 5, 5, 8, 0, 0, 0, testenv.HCM))
	cases := []struct {
		name string
		edit func(*service.ImportRecord)
		want string
	}{
		{"future", func(r *service.ImportRecord) { r.CreatedAt = july1.AddDate(0, 0, 1) }, "future"},
		{"no date", func(r *service.ImportRecord) { r.CreatedAt = time.Time{} }, "created_at"},
		{"category", func(r *service.ImportRecord) { r.Category = "giao-thong" }, "unknown category"},
		{"no ref", func(r *service.ImportRecord) { r.Ref = " " }, "ref"},
		{"title", func(r *service.ImportRecord) { r.Title = "Hỏng" }, "title"},
		{"ward", func(r *service.ImportRecord) { r.Ward = "phu-hau" }, "unknown ward"},
		{"outside", func(r *service.ImportRecord) { r.Ward = ""; r.Lat, r.Lon = f64(16.52), f64(107.40) }, "outside Huế"},
	}
	for _, tc := range cases {
		r := good
		tc.edit(&r)
		_, _, err := svc.ImportIssue(ctx, r)
		if models.ErrorCodeOf(err) != models.EInvalid || !strings.Contains(models.ErrorMessageOf(err), tc.want) {
			t.Errorf("%s: %v, want invalid mentioning %q", tc.name, err, tc.want)
		}
	}
}

// figuresEqualRecount fails unless the counters give the figures a recount
// from the issues gives, month by month from the first of from's month to
// the clock's day and per department × ward × level × category, and
// returns how many issues they count as received.
func figuresEqualRecount(t *testing.T, svc *service.Service, from time.Time) int64 {
	t.Helper()
	by := []string{"department", "ward", "level", "category"}
	end := svc.Now().In(testenv.HCM)
	var received int64
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, testenv.HCM); !m.After(end); m = m.AddDate(0, 1, 0) {
		q := service.StatsQuery{From: m, To: m.AddDate(0, 1, -1), GroupBy: by}
		live, err := svc.Figures(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		recount, err := svc.RecountFigures(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(live, recount) {
			t.Fatalf("figures of %s differ from a recount:\ncounters %+v\nrecount  %+v", m.Format("2006-01"), live, recount)
		}
		for _, f := range live {
			received += f.Received
		}
	}
	return received
}

// backlogBatch is n valid records of March to June 2025 over two wards and
// three categories, the first one's reference being PX-<first>.
func backlogBatch(first, n int) []service.ImportRecord {
	cats := []string{"infrastructure", "environment", "land"}
	var recs []service.ImportRecord
	for i := first; i < first+n; i++ {
		r := backlogRecord(fmt.Sprintf("PX-%04d", i), time.Date(2025, time.Month(3+i%4), 1+i%28, 8+i%9, 0, 0, 0, testenv.HCM))
		r.Category = cats[i%len(cats)]
		if i%5 == 0 {
			r.Ward, r.Lat, r.Lon = "", f64(kimLongLat), f64(kimLongLon) // placed by its position
		}
		if i%7 == 0 {
			r.CreatedAt = july1.Add(-2 * time.Hour) // this morning: not overdue yet
		}
		r.Line = i + 1
		recs = append(recs, r)
	}
	return recs
}

func TestImportBatchGoesThroughTheBulkPath(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	clk.Set(july1)
	recs := backlogBatch(1, 40)
	bad := backlogRecord("PX-BAD", time.Date(2025, 5, 5, 8, 0, 0, 0, testenv.HCM))
	bad.Title, bad.Line = "Hỏng", 99
	twice := recs[3]
	twice.Line = 100
	recs = append(recs, bad, twice)

	imp, err := svc.StartImport(ctx, "backlog.csv")
	if err != nil {
		t.Fatal(err)
	}
	res, err := imp.File(ctx, recs)
	if err != nil {
		t.Fatal(err)
	}
	if err := imp.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	if len(res) != len(recs) {
		t.Fatalf("%d results for %d records", len(res), len(recs))
	}
	codes := map[string]bool{}
	overdue := 0
	for i, r := range res[:40] {
		if r.Err != nil || r.Existing || r.Issue == nil {
			t.Fatalf("record %d: %+v", i, r)
		}
		if codes[r.Issue.Code] || !strings.HasPrefix(r.Issue.Code, "KL-25-") {
			t.Errorf("record %d: code %s (twice, or not the ward's and the original year's)", i, r.Issue.Code)
		}
		codes[r.Issue.Code] = true
		if !r.Issue.CreatedAt.Equal(recs[i].CreatedAt) || r.Issue.Routing.Department == "" || r.Issue.SLA.ResolutionDue == nil {
			t.Errorf("record %d: created %v, routed to %q, due %v", i, r.Issue.CreatedAt, r.Issue.Routing.Department, r.Issue.SLA.ResolutionDue)
		}
		if r.Issue.SLA.Overdue() {
			overdue++
		}
	}
	if overdue == 0 || overdue == 40 {
		t.Errorf("%d of 40 overdue: want the old ones only", overdue)
	}
	if r := res[40]; models.ErrorCodeOf(r.Err) != models.EInvalid || !strings.Contains(models.ErrorMessageOf(r.Err), "title") {
		t.Errorf("a bad title: %+v", r)
	}
	if r := res[41]; models.ErrorCodeOf(r.Err) != models.EInvalid || !strings.Contains(models.ErrorMessageOf(r.Err), "also on line 5") {
		t.Errorf("a reference given twice: %+v", r)
	}
	// Each issue as a single import leaves it: its imported event names
	// the file and its own line.
	stored, err := st.GetIssue(ctx, res[9].Issue.Code)
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	for _, e := range stored.Timeline {
		if e.Type == models.EventImported {
			notes = append(notes, e.Message)
		}
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "backlog.csv, line 11, reference PX-0010") {
		t.Errorf("imported events %q", notes)
	}
	if n := figuresEqualRecount(t, svc, time.Date(2025, 3, 1, 0, 0, 0, 0, testenv.HCM)); n != 40 {
		t.Errorf("figures count %d received, want 40", n)
	}
	if _, err := st.BulkFilingMark(ctx); models.ErrorCodeOf(err) != models.ENotFound {
		t.Errorf("the bulk filing mark is left after a finished import: %v", err)
	}

	// The same batch again: nothing new, the same codes.
	imp, err = svc.StartImport(ctx, "backlog.csv")
	if err != nil {
		t.Fatal(err)
	}
	again, err := imp.File(ctx, recs[:40])
	if err != nil || imp.Finish(ctx) != nil {
		t.Fatal(err)
	}
	for i, r := range again {
		if !r.Existing || r.Issue == nil || r.Issue.Code != res[i].Issue.Code {
			t.Fatalf("again, record %d: %+v, want the existing %s", i, r, res[i].Issue.Code)
		}
	}
	if n := figuresEqualRecount(t, svc, time.Date(2025, 3, 1, 0, 0, 0, 0, testenv.HCM)); n != 40 {
		t.Errorf("after a re-run the figures count %d received, want 40", n)
	}
}

// A run killed in the middle of a batch: it had recorded the references
// of the whole batch with their codes and written the issues of part of
// it, without counting them. The next run writes the missing issues under
// the recorded codes, imports nothing twice, and the figures equal a
// recount.
func TestImportResumesAfterACrashInTheMiddleOfABatch(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	clk.Set(july1)
	recs := backlogBatch(1, 30)

	// The killed run: records 0–9 written (references, issues) but never
	// counted, the references of 10–14 recorded with their codes and
	// their issues not written.
	imp, err := svc.StartImport(ctx, "backlog.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := imp.File(ctx, recs[:10]); err != nil {
		t.Fatal(err)
	}
	recorded := map[string]string{}
	for i := 10; i < 15; i++ {
		code := fmt.Sprintf("KL-25-%05d", 900+i)
		recorded[recs[i].Ref] = code
		if err := st.InsertImportRef(ctx, &models.ImportRef{Ref: recs[i].Ref, IssueID: code, Source: "backlog.csv", Line: recs[i].Line, ImportedAt: july1}); err != nil {
			t.Fatal(err)
		}
	}
	// (imp.Finish is never called: the process died.)
	if _, err := st.BulkFilingMark(ctx); err != nil {
		t.Fatalf("no mark left by the killed run: %v", err)
	}
	days, _ := st.StatsDays(ctx, "2025-01-01", "2025-12-31")
	if len(days) != 0 {
		t.Fatalf("the killed run counted issues: %+v", days)
	}

	// Restart, and run the whole file again.
	clk.Advance(time.Hour)
	svc = service.New(st, clk, nil, service.Config{})
	if err := svc.LoadCatalogue(ctx, catalogue.Default(), "default catalogue", false); err != nil {
		t.Fatal(err)
	}
	imp, err = svc.StartImport(ctx, "backlog.csv")
	if err != nil {
		t.Fatal(err)
	}
	var res []service.ImportResult
	for i := 0; i < len(recs); i += 12 {
		part, err := imp.File(ctx, recs[i:min(i+12, len(recs))])
		if err != nil {
			t.Fatal(err)
		}
		res = append(res, part...)
	}
	if err := imp.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		switch {
		case r.Err != nil || r.Issue == nil:
			t.Fatalf("record %d: %+v", i, r)
		case i < 10 && !r.Existing, i >= 10 && r.Existing:
			t.Errorf("record %d: existing = %v", i, r.Existing)
		case recorded[recs[i].Ref] != "" && r.Issue.Code != recorded[recs[i].Ref]:
			t.Errorf("record %d written as %s, not under its recorded code %s", i, r.Issue.Code, recorded[recs[i].Ref])
		}
	}
	if n, err := st.CountIssues(ctx, models.IssueFilter{}); err != nil || n != 30 {
		t.Errorf("%d issues (%v), want 30", n, err)
	}
	if n := figuresEqualRecount(t, svc, time.Date(2025, 3, 1, 0, 0, 0, 0, testenv.HCM)); n != 30 {
		t.Errorf("figures count %d received, want 30", n)
	}
	if _, err := st.BulkFilingMark(ctx); models.ErrorCodeOf(err) != models.ENotFound {
		t.Errorf("mark left after the resumed run: %v", err)
	}
}

// A bulk filing that stopped after writing its issues but before counting
// them is repaired by the next one even when that one has nothing to
// write (a re-run of an import that had written everything).
func TestImportRerunRepairsTheFiguresOfAStoppedRun(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	clk.Set(july1)
	recs := backlogBatch(1, 8)
	imp, err := svc.StartImport(ctx, "backlog.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := imp.File(ctx, recs); err != nil {
		t.Fatal(err)
	}
	// Killed before Finish.
	imp, err = svc.StartImport(ctx, "backlog.csv")
	if err != nil {
		t.Fatal(err)
	}
	res, err := imp.File(ctx, recs)
	if err != nil || imp.Finish(ctx) != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if !r.Existing {
			t.Errorf("record %d imported again", i)
		}
	}
	if n := figuresEqualRecount(t, svc, time.Date(2025, 3, 1, 0, 0, 0, 0, testenv.HCM)); n != 8 {
		t.Errorf("figures count %d received, want 8", n)
	}
	if _, err := st.BulkFilingMark(ctx); models.ErrorCodeOf(err) != models.ENotFound {
		t.Errorf("mark left after the repairing run: %v", err)
	}
}
