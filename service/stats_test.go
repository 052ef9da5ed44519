package service_test

import (
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func TestFiguresFollowTransitions(t *testing.T) {
	svc, _, clk := testenv.Service(t, nil)
	off := official("kim-long-infra")
	// Three environment issues (40 h to resolve) filed Monday 09:00.
	onTime := fileIssue(t, svc, "environment")
	late := fileIssue(t, svc, "environment")
	fileIssue(t, svc, "environment") // stays open
	fileIssue(t, svc, "security")    // stays open

	clk.Set(at(2026, 11, 24, 9, 0)) // Tuesday: 7.5 working hours later
	do(t, svc, off, onTime.Code, service.Action{Type: service.ActResolve, Message: "Đã dọn"})
	clk.Set(at(2026, 12, 2, 9, 0)) // well past the 40 h deadline
	do(t, svc, off, late.Code, service.Action{Type: service.ActResolve, Message: "Đã dọn, muộn"})
	// The sweeper marks the open one overdue (and escalates it to the city).
	if _, err := svc.Sweep(ctx); err != nil {
		t.Fatal(err)
	}

	all, err := svc.Figures(ctx, service.StatsQuery{From: at(2026, 11, 1, 0, 0), To: at(2026, 12, 31, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	f := all[0]
	if f.Received != 4 || f.Resolved != 2 || f.ResolvedOnTime != 1 || f.ResolvedLate != 1 || f.OpenNow != 2 || f.OverdueNow != 2 {
		t.Fatalf("figures %+v", f)
	}
	if f.OnTimeRate != 0.5 {
		t.Errorf("on-time rate %v, want 0.5", f.OnTimeRate)
	}
	// (1 resolved late + 2 overdue now) / (2 resolved + 2 open now)
	if f.OverdueRate != 0.75 {
		t.Errorf("overdue rate %v, want 0.75", f.OverdueRate)
	}
	if f.MedianResolutionHours == nil || *f.MedianResolutionHours <= 0 {
		t.Errorf("median resolution %v", f.MedianResolutionHours)
	}

	byLevel, err := svc.Figures(ctx, service.StatsQuery{From: at(2026, 11, 1, 0, 0), To: at(2026, 12, 31, 0, 0), GroupBy: []string{"level"}})
	if err != nil {
		t.Fatal(err)
	}
	levels := map[models.Level]models.Figures{}
	for _, g := range byLevel {
		levels[g.Group.Level] = g
	}
	if levels[models.LevelCity].OpenNow != 2 || levels[models.LevelWard].Resolved != 2 || levels[models.LevelWard].OpenNow != 0 {
		t.Fatalf("by level: %+v", byLevel)
	}

	// A period before anything happened has no activity but the gauges.
	empty, err := svc.Figures(ctx, service.StatsQuery{From: at(2025, 1, 1, 0, 0), To: at(2025, 1, 31, 0, 0)})
	if err != nil || empty[0].Received != 0 {
		t.Fatalf("empty period: %+v %v", empty, err)
	}

	// The counters rebuilt from the issues give the same figures.
	if err := svc.RebuildStats(ctx); err != nil {
		t.Fatal(err)
	}
	again, _ := svc.Figures(ctx, service.StatsQuery{From: at(2026, 11, 1, 0, 0), To: at(2026, 12, 31, 0, 0)})
	g := again[0]
	if g.Received != f.Received || g.Resolved != f.Resolved || g.ResolvedOnTime != f.ResolvedOnTime || g.OpenNow != f.OpenNow || g.OverdueNow != f.OverdueNow {
		t.Fatalf("rebuilt %+v differs from live %+v", g, f)
	}
}

func TestFiguresBadQuery(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	cases := []service.StatsQuery{
		{GroupBy: []string{"colour"}},
		{Department: "nasa"},
		{Ward: "atlantis"},
		{Level: "galaxy"},
		{Category: "volcano"},
		{From: at(2026, 5, 1, 0, 0), To: at(2026, 4, 1, 0, 0)},
		{From: at(2020, 1, 1, 0, 0), To: at(2026, 1, 1, 0, 0)},
	}
	for _, q := range cases {
		_, err := svc.Figures(ctx, q)
		wantCode(t, err, models.EInvalid)
	}
}

func TestPrivacyByRole(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "infrastructure")
	do(t, svc, official("kim-long-infra"), iss.Code, service.Action{Type: service.ActNote, Message: "Nội bộ: gọi 0905123456"})

	views := map[string]func() (*models.Issue, error){
		"monitor":  func() (*models.Issue, error) { return svc.GetIssue(ctx, monitor(), iss.Code) },
		"public":   func() (*models.Issue, error) { return svc.PublicIssue(ctx, iss.Code) },
		"resident": func() (*models.Issue, error) { return svc.GetIssue(ctx, resident("tg:100"), iss.Code) },
	}
	for name, get := range views {
		got, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, e := range got.Timeline {
			if !e.Public {
				t.Errorf("%s sees an internal event %s", name, e.Type)
			}
		}
		if name != "resident" && (got.Reporter.Contact != models.Contact{} || got.Reporter.ResidentID != "") {
			t.Errorf("%s sees the reporter's personal data: %+v", name, got.Reporter)
		}
	}
	staff, _ := svc.GetIssue(ctx, official("kim-long-infra"), iss.Code)
	if staff.Reporter.Contact.Phone == "" {
		t.Error("the handling official must see the contact")
	}
	_, err := svc.GetIssue(ctx, official("thuan-hoa-police"), iss.Code)
	wantCode(t, err, models.EForbidden)
	_, err = svc.GetIssue(ctx, resident("tg:999"), iss.Code)
	wantCode(t, err, models.EForbidden)
	_, err = svc.GetIssue(ctx, supervisor("thuan-hoa"), iss.Code)
	wantCode(t, err, models.EForbidden)
	if _, err := svc.GetIssue(ctx, supervisor("kim-long"), iss.Code); err != nil {
		t.Errorf("Kim Long supervisor: %v", err)
	}

	page, err := svc.ListIssues(ctx, monitor(), models.IssueFilter{})
	if err != nil || len(page.Issues) != 1 || page.Issues[0].Reporter.Contact.Phone != "" {
		t.Fatalf("monitor list: %+v %v", page, err)
	}
	page, err = svc.ListIssues(ctx, official("thuan-hoa-police"), models.IssueFilter{})
	if err != nil || len(page.Issues) != 0 {
		t.Fatalf("another department lists %d issues (err %v)", len(page.Issues), err)
	}
}
