package service_test

import (
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
)

func TestPublicListsAreSharedForAFewSeconds(t *testing.T) {
	svc, _, clk := testenv.Service(t, nil)
	fileIssue(t, svc, "environment")
	f := models.IssueFilter{Sort: models.SortCreated, Desc: true, Limit: 20}
	page, err := svc.SharedPublicIssues(ctx, f)
	if err != nil || len(page.Issues) != 1 {
		t.Fatalf("first list: %d issues, err %v", len(page.Issues), err)
	}
	if page.Issues[0].Reporter.Contact.Phone != "" {
		t.Fatal("the public list shows a phone number")
	}
	fileIssue(t, svc, "environment")
	if page, _ := svc.SharedPublicIssues(ctx, f); len(page.Issues) != 1 {
		t.Fatalf("within the cache time the list changed: %d issues", len(page.Issues))
	}
	// Another filter is its own list.
	if page, _ := svc.SharedPublicIssues(ctx, models.IssueFilter{Sort: models.SortCreated, Limit: 20}); len(page.Issues) != 2 {
		t.Fatalf("another list: %d issues", len(page.Issues))
	}
	clk.Advance(31 * time.Second)
	if page, _ := svc.SharedPublicIssues(ctx, f); len(page.Issues) != 2 {
		t.Fatalf("after the cache time: %d issues", len(page.Issues))
	}
	// The uncached list is current.
	fileIssue(t, svc, "environment")
	if page, _ := svc.PublicIssues(ctx, f); len(page.Issues) != 3 {
		t.Fatalf("uncached list: %d issues", len(page.Issues))
	}
	// Bad filters are still refused.
	if _, err := svc.SharedPublicIssues(ctx, models.IssueFilter{Wards: []string{"atlantis"}}); models.ErrorCodeOf(err) != models.EInvalid {
		t.Fatalf("bad filter: %v", err)
	}
}
