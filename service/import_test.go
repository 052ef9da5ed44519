package service_test

import (
	"strings"
	"testing"
	"time"

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
