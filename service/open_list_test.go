package service_test

import (
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

var openStatuses = []models.Status{models.StatusNew, models.StatusRouted, models.StatusInProgress, models.StatusWaiting}

func codesOf(p models.IssuePage) map[string]int64 {
	out := map[string]int64{}
	for _, iss := range p.Issues {
		out[iss.Code] = iss.Version
	}
	return out
}

// Lists of open issues follow every change.
func TestOpenIssueListFollowsChanges(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	off := official("kim-long-infra")
	a := fileIssue(t, svc, "infrastructure")
	b := fileIssue(t, svc, "infrastructure")
	b = do(t, svc, off, b.Code, service.Action{Type: service.ActStart})
	do(t, svc, off, a.Code, service.Action{Type: service.ActResolve, Message: "Đã sửa"})

	open := models.IssueFilter{Statuses: openStatuses}
	page, err := svc.ListIssues(ctx, off, open)
	if err != nil {
		t.Fatal(err)
	}
	got := codesOf(page)
	if len(got) != 1 || got[b.Code] != b.Version || page.Issues[0].Status != models.StatusInProgress {
		t.Fatalf("open list %v, want only %s at version %d", got, b.Code, b.Version)
	}
	all, _ := svc.ListIssues(ctx, off, models.IssueFilter{})
	if len(all.Issues) != 2 {
		t.Fatalf("full list has %d issues, want 2", len(all.Issues))
	}

	// Reopening puts an issue back.
	do(t, svc, resident("tg:100"), a.Code, service.Action{Type: service.ActReopen, Message: "Lại hỏng"})
	if page, _ := svc.ListIssues(ctx, off, open); len(page.Issues) != 2 {
		t.Fatalf("after reopening, %d open issues", len(page.Issues))
	}
}
