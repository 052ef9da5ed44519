package service_test

import (
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func TestLifecycleEndToEnd(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "infrastructure")
	off := official("kim-long-infra")
	owner := resident("tg:100")

	clk.Advance(time.Hour)
	iss = do(t, svc, off, iss.Code, service.Action{Type: service.ActStart})
	if iss.Status != models.StatusInProgress || iss.SLA.FirstResponseAt == nil {
		t.Fatalf("after start: %s, first response %v", iss.Status, iss.SLA.FirstResponseAt)
	}
	iss = do(t, svc, off, iss.Code, service.Action{Type: service.ActRequestInfo, Message: "Số nhà chính xác là gì?"})
	if iss.Status != models.StatusWaiting || iss.SLA.PausedAt == nil || iss.SLA.ResolutionDue != nil {
		t.Fatalf("after request_info: %s paused %v due %v", iss.Status, iss.SLA.PausedAt, iss.SLA.ResolutionDue)
	}
	iss = do(t, svc, owner, iss.Code, service.Action{Type: service.ActProvideInfo, Message: "Số 5 kiệt 12"})
	if iss.Status != models.StatusInProgress || iss.SLA.ResolutionDue == nil {
		t.Fatalf("after provide_info: %s due %v", iss.Status, iss.SLA.ResolutionDue)
	}
	iss = do(t, svc, off, iss.Code, service.Action{Type: service.ActNote, Message: "Đã báo đội điện"})
	iss = do(t, svc, off, iss.Code, service.Action{Type: service.ActResolve, Message: "Đã thay bóng đèn"})
	if iss.Status != models.StatusResolved || iss.SLA.ResolvedOnTime == nil || !*iss.SLA.ResolvedOnTime {
		t.Fatalf("after resolve: %s on time %v", iss.Status, iss.SLA.ResolvedOnTime)
	}
	iss = do(t, svc, owner, iss.Code, service.Action{Type: service.ActRate, Rating: 5})
	if iss.Rating != 5 {
		t.Fatalf("rating %d", iss.Rating)
	}
	// The owner sees public events only: the internal note is hidden.
	for _, e := range iss.Timeline {
		if e.Type == models.EventNote {
			t.Fatal("resident sees an internal note")
		}
	}
	iss = do(t, svc, owner, iss.Code, service.Action{Type: service.ActClose})
	if iss.Status != models.StatusClosed {
		t.Fatalf("after close: %s", iss.Status)
	}
	_, err := svc.Do(ctx, off, iss.Code, service.Action{Type: service.ActAnswer, Message: "late"})
	wantCode(t, err, models.EConflict)

	full, _ := st.GetIssue(ctx, iss.Code)
	types := []models.EventType{}
	for _, e := range full.Timeline {
		types = append(types, e.Type)
	}
	want := []models.EventType{models.EventCreated, models.EventRouted, models.EventStarted, models.EventInfoRequested,
		models.EventInfoProvided, models.EventNote, models.EventResolved, models.EventRated, models.EventClosed}
	if len(types) != len(want) {
		t.Fatalf("timeline %v, want %v", types, want)
	}
	for i := range want {
		if types[i] != want[i] || full.Timeline[i].Seq != i+1 {
			t.Fatalf("timeline %v, want %v", types, want)
		}
	}
}

func TestIllegalTransitionsAreConflicts(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	off := official("kim-long-infra")
	iss := fileIssue(t, svc, "infrastructure")
	cases := []struct {
		name string
		p    models.Principal
		a    service.Action
		code models.ErrorCode
	}{
		{"close an open issue", off, service.Action{Type: service.ActClose}, models.EConflict},
		{"reopen an open issue", resident("tg:100"), service.Action{Type: service.ActReopen}, models.EConflict},
		{"provide info when not asked", resident("tg:100"), service.Action{Type: service.ActProvideInfo, Message: "x"}, models.EConflict},
		{"rate before resolution", resident("tg:100"), service.Action{Type: service.ActRate, Rating: 4}, models.EConflict},
		{"return a ward issue", off, service.Action{Type: service.ActReturn, Message: "x"}, models.EConflict},
		{"resolve without text", off, service.Action{Type: service.ActResolve}, models.EInvalid},
		{"rating out of range", resident("tg:100"), service.Action{Type: service.ActRate, Rating: 6}, models.EInvalid},
		{"unknown action", off, service.Action{Type: "explode"}, models.EInvalid},
		{"reject with unknown reason", off, service.Action{Type: service.ActReject, Reason: "boring"}, models.EInvalid},
		{"transfer to unknown department", off, service.Action{Type: service.ActTransfer, Department: "nasa"}, models.EInvalid},
		{"other department acts", official("kim-long-police"), service.Action{Type: service.ActStart}, models.EForbidden},
		{"monitor acts", monitor(), service.Action{Type: service.ActNote, Message: "x"}, models.EForbidden},
		{"stranger provides info", resident("tg:999"), service.Action{Type: service.ActRate, Rating: 3}, models.EForbidden},
		{"reporter supports own issue", resident("tg:100"), service.Action{Type: service.ActSupport}, models.EConflict},
		{"stale version", off, service.Action{Type: service.ActStart, IfVersion: 99}, models.EConflict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Do(ctx, tc.p, iss.Code, tc.a)
			wantCode(t, err, tc.code)
		})
	}
	after, err := svc.GetIssue(ctx, off, iss.Code)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != iss.Version || len(after.Timeline) != len(iss.Timeline) {
		t.Fatalf("refused actions changed the issue: version %d→%d", iss.Version, after.Version)
	}
}

func TestReopenWindow(t *testing.T) {
	svc, _, clk := testenv.Service(t, nil)
	off := official("kim-long-infra")
	owner := resident("tg:100")
	a := fileIssue(t, svc, "infrastructure")
	do(t, svc, off, a.Code, service.Action{Type: service.ActResolve, Message: "done"})
	clk.Advance(6 * 24 * time.Hour)
	a = do(t, svc, owner, a.Code, service.Action{Type: service.ActReopen, Message: "Đèn lại hỏng"})
	if a.Status != models.StatusInProgress || a.ReopenCount != 1 || a.SLA.ResolutionDue == nil {
		t.Fatalf("reopened: %s count %d due %v", a.Status, a.ReopenCount, a.SLA.ResolutionDue)
	}
	do(t, svc, off, a.Code, service.Action{Type: service.ActResolve, Message: "done again"})
	clk.Advance(8 * 24 * time.Hour)
	_, err := svc.Do(ctx, owner, a.Code, service.Action{Type: service.ActReopen})
	wantCode(t, err, models.EConflict)
}

func TestTransferEscalateReturn(t *testing.T) {
	svc, _, clk := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "infrastructure")
	ward := official("kim-long-infra")
	due := *iss.SLA.ResolutionDue

	clk.Advance(2 * time.Hour)
	// A department that does not handle the category cannot receive it.
	_, err := svc.Do(ctx, ward, iss.Code, service.Action{Type: service.ActTransfer, Department: "kim-long-committee"})
	wantCode(t, err, models.EInvalid)
	// The Phú Xuân infrastructure office handles it, e.g. when the lane is
	// on the ward border.
	iss = do(t, svc, ward, iss.Code, service.Action{Type: service.ActTransfer, Department: "phu-xuan-infra", Message: "Kiệt thuộc Phú Xuân"})
	if iss.Routing.Department != "phu-xuan-infra" || !iss.SLA.ResolutionDue.Equal(due) {
		t.Fatalf("transfer: %s due %v (want kept %v)", iss.Routing.Department, iss.SLA.ResolutionDue, due)
	}
	_, err = svc.Do(ctx, ward, iss.Code, service.Action{Type: service.ActStart})
	wantCode(t, err, models.EForbidden)

	px := official("phu-xuan-infra")
	_, err = svc.Do(ctx, px, iss.Code, service.Action{Type: service.ActEscalate})
	wantCode(t, err, models.EInvalid) // a reason is required
	iss = do(t, svc, px, iss.Code, service.Action{Type: service.ActEscalate, Message: "Cần vốn của thành phố"})
	if iss.Routing.Level != models.LevelCity || iss.Routing.EscalatedFrom != "phu-xuan-infra" {
		t.Fatalf("escalate: %+v", iss.Routing)
	}
	if iss.SLA.ResolutionDue.Equal(due) {
		t.Fatal("escalation should restart the resolution clock (default policy)")
	}
	city := official(iss.Routing.Department)
	_, err = svc.Do(ctx, city, iss.Code, service.Action{Type: service.ActEscalate, Message: "again"})
	wantCode(t, err, models.EConflict)
	iss = do(t, svc, city, iss.Code, service.Action{Type: service.ActReturn, Message: "Thuộc thẩm quyền phường"})
	if iss.Routing.Department != "phu-xuan-infra" || iss.Routing.Level != models.LevelWard {
		t.Fatalf("return: %+v", iss.Routing)
	}
	iss, err = svc.GetIssue(ctx, px, iss.Code)
	if err != nil {
		t.Fatal(err)
	}
	var moves []models.EventType
	for _, e := range iss.Timeline {
		switch e.Type {
		case models.EventTransferred, models.EventEscalated, models.EventReturned:
			moves = append(moves, e.Type)
			if e.From == "" || e.To == "" || !e.Public {
				t.Errorf("move event %+v lacks from/to or is not public", e)
			}
		}
	}
	if len(moves) != 3 {
		t.Fatalf("moves on timeline: %v", moves)
	}
}

func TestDuplicateMovesSupporters(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	off := official("kim-long-infra")
	orig := fileIssue(t, svc, "infrastructure")
	dup, err := svc.CreateIssue(ctx, resident("tg:200"), service.NewIssue{Title: "Đèn đường không sáng", Description: "Kiệt 12 tối om.", Category: "infrastructure", Ward: "kim-long"})
	if err != nil {
		t.Fatal(err)
	}
	do(t, svc, resident("tg:300"), dup.Code, service.Action{Type: service.ActSupport})
	dup = do(t, svc, off, dup.Code, service.Action{Type: service.ActDuplicate, DuplicateOf: orig.Code})
	if dup.Status != models.StatusRejected || dup.DuplicateOf != orig.Code {
		t.Fatalf("duplicate: %s of %q", dup.Status, dup.DuplicateOf)
	}
	got, _ := svc.GetIssue(ctx, off, orig.Code)
	if got.Supporters != 2 {
		t.Fatalf("original has %d supporters, want 2 (the duplicate's reporter and supporter)", got.Supporters)
	}
	_, err = svc.Do(ctx, off, orig.Code, service.Action{Type: service.ActDuplicate, DuplicateOf: orig.Code})
	wantCode(t, err, models.EInvalid)
}
