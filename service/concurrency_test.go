package service_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// FerretDB v1 loses concurrent updates unless the store serializes them;
// these tests prove nothing is lost. Two service instances over one store
// stand for two processes, so the version check (not only the in-process
// lock) is exercised.
func TestConcurrentChangesToOneIssueAreAllRecorded(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	second := secondProcess(t, svc, st, clk)
	iss := fileIssue(t, svc, "infrastructure")
	before := len(iss.Timeline)
	off := official("kim-long-infra")

	const workers, each = 16, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s := svc
			if w%2 == 1 {
				s = second
			}
			for i := 0; i < each; i++ {
				var a service.Action
				p := off
				switch w % 4 {
				case 0, 1:
					a = service.Action{Type: service.ActNote, Message: fmt.Sprintf("note %d-%d", w, i)}
				case 2:
					p = resident(fmt.Sprintf("tg:%d-%d", w, i))
					a = service.Action{Type: service.ActSupport}
				case 3:
					a = service.Action{Type: service.ActAnswer, Message: fmt.Sprintf("answer %d-%d", w, i)}
				}
				if _, err := s.Do(ctx, p, iss.Code, a); err != nil {
					errs <- err
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := st.GetIssue(ctx, iss.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(got.Timeline) - before; n != workers*each {
		t.Fatalf("%d events recorded, want %d", n, workers*each)
	}
	if got.Supporters != workers/4*each {
		t.Fatalf("%d supporters, want %d", got.Supporters, workers/4*each)
	}
	for i, e := range got.Timeline {
		if e.Seq != i+1 {
			t.Fatalf("event %d has seq %d: the timeline is not append-only", i, e.Seq)
		}
	}
	if got.Version != int64(1+workers*each) {
		t.Fatalf("version %d, want %d", got.Version, 1+workers*each)
	}
}

func TestConcurrentFilingGivesDistinctCodes(t *testing.T) {
	svc, st, _ := testenv.Service(t, nil)
	const workers, each = 16, 50
	var mu sync.Mutex
	codes := map[string]bool{}
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				iss, err := svc.CreateIssue(ctx, resident(fmt.Sprintf("tg:%d", w)), service.NewIssue{
					Title: fmt.Sprintf("Phản ánh %d-%d", w, i), Description: "Nội dung", Category: "environment", Ward: "kim-long"})
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				codes[iss.Code] = true
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(codes) != workers*each {
		t.Fatalf("%d distinct codes for %d issues", len(codes), workers*each)
	}
	n, _ := st.CountIssues(ctx, models.IssueFilter{})
	if n != workers*each {
		t.Fatalf("%d issues stored, want %d", n, workers*each)
	}
	figs, err := svc.Figures(ctx, service.StatsQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if figs[0].Received != workers*each || figs[0].OpenNow != workers*each {
		t.Fatalf("figures %+v, want %d received and open", figs[0], workers*each)
	}
}
