package service_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// The figures are the same on the embedded database (open and overdue
// counted from the read model) and on the plain MongoDB path (counters),
// through filing, answers, resolutions, transfers, overdue marking and a
// bulk import of past issues.
func TestFiguresAgreeOnBothPaths(t *testing.T) {
	clk := testenv.NewClock(testenv.Monday9)
	var svcs []*service.Service
	for _, st := range []service.Store{testenv.Store(t), testenv.PlainStore(t)} {
		svc := service.New(st, clk, nil, service.Config{})
		if err := svc.LoadCatalogue(ctx, catalogue.Default(), "default", false); err != nil {
			t.Fatal(err)
		}
		svcs = append(svcs, svc)
	}
	off := official("kim-long-infra")
	for round := 0; round < 2; round++ {
		for _, svc := range svcs {
			a := fileIssue(t, svc, "infrastructure")
			b := fileIssue(t, svc, "infrastructure")
			c := fileIssue(t, svc, "environment")
			do(t, svc, off, a.Code, service.Action{Type: service.ActStart})
			do(t, svc, off, a.Code, service.Action{Type: service.ActAnswer, Message: "Đã tiếp nhận"})
			do(t, svc, off, b.Code, service.Action{Type: service.ActResolve, Message: "Đã sửa"})
			_ = c
		}
		clk.Advance(30 * 24 * time.Hour) // every deadline passes
		for _, svc := range svcs {
			if _, err := svc.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	past := []service.PastIssue{{Title: "Sạt lở bờ sông Hương đoạn 3", Description: "Bờ sông sạt lở", Category: "river", Ward: "kim-long",
		FiledAt: testenv.Monday9.AddDate(0, -2, 0)}}
	for _, svc := range svcs {
		if _, err := svc.FilePastIssues(ctx, past); err != nil {
			t.Fatal(err)
		}
	}
	q := service.StatsQuery{From: testenv.Monday9.AddDate(0, -3, 0), To: clk.Now(), GroupBy: []string{"department", "ward", "category"}}
	var figs [][]models.Figures
	for _, svc := range svcs {
		f, err := svc.Figures(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		figs = append(figs, f)
	}
	if len(figs[0]) == 0 || !reflect.DeepEqual(figs[0], figs[1]) {
		t.Fatalf("figures differ:\nread model: %+v\nplain path: %+v", figs[0], figs[1])
	}
	var open, overdue int64
	for _, f := range figs[0] {
		open += f.OpenNow
		overdue += f.OverdueNow
	}
	// And they equal a recount from the issues themselves.
	admin := testenv.Admin()
	openSt := []models.Status{models.StatusNew, models.StatusRouted, models.StatusInProgress, models.StatusWaiting}
	yes := true
	var wantOpen, wantOverdue int64
	for _, f := range []models.IssueFilter{{Statuses: openSt, Limit: 100}, {Statuses: openSt, Overdue: &yes, Limit: 100}} {
		page, err := svcs[1].ListIssues(ctx, admin, f)
		if err != nil {
			t.Fatal(err)
		}
		if f.Overdue == nil {
			wantOpen = int64(len(page.Issues))
		} else {
			wantOverdue = int64(len(page.Issues))
		}
	}
	if open != wantOpen || overdue != wantOverdue || open != 5 || overdue == 0 {
		t.Fatalf("figures say open %d, overdue %d; the issues say %d and %d (want 5 open)", open, overdue, wantOpen, wantOverdue)
	}
	// The counters kept change by change add up to a recount from the
	// issues. (A recount files each count under the issue's current level,
	// so an escalated issue's cells can differ; the totals cannot.)
	for i, svc := range svcs {
		rep, err := svc.RepairStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.ReceivedBefore != rep.ReceivedAfter || rep.ReceivedAfter != 7 || rep.ResolvedBefore != rep.ResolvedAfter {
			t.Fatalf("path %d: a recount changed the counters: %+v", i, rep)
		}
	}
}
