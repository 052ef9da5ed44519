package service_test

import (
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, testenv.HCM)
}

// Deadlines of an environment issue (8 h response, 40 h resolution)
// filed at different moments.
func TestDeadlinesInWorkingTime(t *testing.T) {
	cases := []struct {
		name          string
		filed         time.Time
		response, res time.Time
	}{
		// A working day is 7.5 h (07:30–11:30, 13:30–17:00); 40 h is five
		// working days and 2.5 h.
		{"monday morning", at(2026, 11, 23, 9, 0), at(2026, 11, 24, 9, 30), at(2026, 11, 30, 11, 30)},
		{"friday afternoon spans the weekend", at(2026, 11, 27, 16, 0), at(2026, 11, 30, 16, 30), at(2026, 12, 7, 9, 0)},
		{"saturday starts on monday", at(2026, 11, 28, 10, 0), at(2026, 12, 1, 8, 0), at(2026, 12, 7, 10, 0)},
		{"at lunch starts at 13:30", at(2026, 11, 23, 12, 0), at(2026, 11, 24, 14, 0), at(2026, 11, 30, 16, 0)},
		{"after hours starts next morning", at(2026, 11, 23, 18, 0), at(2026, 11, 25, 8, 0), at(2026, 12, 1, 10, 0)},
		// Tết 2026: Feb 16–20 are holidays, Feb 14–15 and 21–22 a weekend.
		{"before Tết", at(2026, 2, 13, 15, 0), at(2026, 2, 23, 15, 30), at(2026, 3, 2, 8, 0)},
		// National Day: Sep 1 and 2 are holidays.
		{"national day", at(2026, 8, 31, 17, 0), at(2026, 9, 4, 8, 0), at(2026, 9, 10, 10, 0)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, _, clk := testenv.Service(t, nil)
			clk.Set(tc.filed)
			iss := fileIssue(t, svc, "environment")
			if got := iss.SLA.ResponseDue.In(testenv.HCM); !got.Equal(tc.response) {
				t.Errorf("response due %v, want %v", got, tc.response)
			}
			if got := iss.SLA.ResolutionDue.In(testenv.HCM); !got.Equal(tc.res) {
				t.Errorf("resolution due %v, want %v", got, tc.res)
			}
		})
	}
}

func TestPauseKeepsRemainingWorkingTime(t *testing.T) {
	svc, _, clk := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "environment") // Monday 09:00, resolution due next Monday 11:30 (40 h)
	off := official("kim-long-infra")
	clk.Set(at(2026, 11, 24, 9, 0)) // Tuesday 09:00: 7.5 h used, 32.5 h left
	do(t, svc, off, iss.Code, service.Action{Type: service.ActRequestInfo, Message: "Ảnh chụp rõ hơn?"})
	clk.Set(at(2026, 11, 26, 9, 0)) // two working days later the resident answers
	iss = do(t, svc, resident("tg:100"), iss.Code, service.Action{Type: service.ActProvideInfo, Message: "Đây ạ"})
	// Thursday 09:00 + 32.5 h: 6 h on Thursday, 7.5 h on each of Friday,
	// Monday and Tuesday, 4 h on Wednesday morning.
	want := at(2026, 12, 2, 11, 30)
	if got := iss.SLA.ResolutionDue.In(testenv.HCM); !got.Equal(want) {
		t.Fatalf("resumed deadline %v, want %v", got, want)
	}
	clk.Set(at(2026, 12, 1, 10, 0))
	iss = do(t, svc, off, iss.Code, service.Action{Type: service.ActResolve, Message: "Đã thu gom"})
	if !*iss.SLA.ResolvedOnTime {
		t.Fatal("resolved before the resumed deadline but not on time")
	}
}

func TestSweeperMarksOverdueOnceAndEscalates(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "environment")
	// Just before the response deadline nothing happens.
	clk.Set(at(2026, 11, 24, 9, 29))
	if n, err := svc.Sweep(ctx); err != nil || n != 0 {
		t.Fatalf("early sweep changed %d (err %v)", n, err)
	}
	clk.Set(at(2026, 11, 24, 9, 30))
	if n, err := svc.Sweep(ctx); err != nil || n != 1 {
		t.Fatalf("sweep at response deadline changed %d (err %v)", n, err)
	}
	if n, _ := svc.Sweep(ctx); n != 0 {
		t.Fatalf("second sweep changed %d issues; it must be idempotent", n)
	}
	got, _ := st.GetIssue(ctx, iss.ID)
	if !got.SLA.ResponseOverdue || got.SLA.ResolutionOverdue {
		t.Fatalf("flags after response deadline: %+v", got.SLA)
	}
	// Past the resolution deadline the ward issue goes to the city.
	clk.Set(at(2026, 11, 30, 11, 29))
	if n, _ := svc.Sweep(ctx); n != 0 {
		t.Fatalf("sweep before the resolution deadline changed %d", n)
	}
	clk.Set(at(2026, 11, 30, 11, 30))
	if n, err := svc.Sweep(ctx); err != nil || n != 1 {
		t.Fatalf("sweep at resolution deadline changed %d (err %v)", n, err)
	}
	got, _ = st.GetIssue(ctx, iss.ID)
	if got.Routing.Level != models.LevelCity || got.Routing.EscalatedFrom != "kim-long-infra" {
		t.Fatalf("not escalated: %+v", got.Routing)
	}
	var overdue, escalated int
	for _, e := range got.Timeline {
		switch e.Type {
		case models.EventResponseOverdue, models.EventResolutionOverdue:
			overdue++
		case models.EventEscalated:
			escalated++
		}
	}
	if overdue != 2 || escalated != 1 {
		t.Fatalf("timeline has %d overdue and %d escalation events, want 2 and 1", overdue, escalated)
	}
	if n, _ := svc.Sweep(ctx); n != 0 {
		t.Fatalf("sweep after escalation changed %d", n)
	}
}

func TestConcurrentSweepersMarkOnce(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	second := secondProcess(t, svc, st, clk)
	iss := fileIssue(t, svc, "security")
	clk.Set(at(2026, 12, 31, 9, 0))
	done := make(chan int, 4)
	for i := 0; i < 4; i++ {
		sweeper := svc
		if i%2 == 1 {
			sweeper = second
		}
		go func() {
			n, _ := sweeper.Sweep(ctx)
			done <- n
		}()
	}
	total := 0
	for i := 0; i < 4; i++ {
		total += <-done
	}
	got, _ := st.GetIssue(ctx, iss.ID)
	var marks int
	for _, e := range got.Timeline {
		if e.Type == models.EventResolutionOverdue {
			marks++
		}
	}
	if marks != 1 || total != 1 {
		t.Fatalf("%d overdue events from %d reported changes, want exactly 1", marks, total)
	}
}
