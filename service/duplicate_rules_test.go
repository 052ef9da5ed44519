package service_test

import (
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// An official may only mark an issue as a duplicate of one their own
// department handles: the original gains a supporter and a public entry.
func TestDuplicateOfAnotherDepartmentsIssueIsRefused(t *testing.T) {
	svc, st, _ := testenv.Service(t, nil)
	mine := fileIssue(t, svc, "infrastructure") // kim-long-infra
	theirs := fileIssue(t, svc, "security")
	if theirs.Routing.Department == mine.Routing.Department {
		t.Fatalf("both issues are with %s", mine.Routing.Department)
	}
	_, err := svc.Do(ctx, official("kim-long-infra"), mine.Code, service.Action{Type: service.ActDuplicate, DuplicateOf: theirs.Code})
	wantCode(t, err, models.EInvalid)
	if !strings.Contains(models.ErrorMessageOf(err), theirs.Routing.Department) {
		t.Errorf("the refusal does not say who handles the original: %v", err)
	}
	got, _ := st.GetIssue(ctx, theirs.Code)
	if got.Supporters != 0 || len(got.Timeline) != len(theirs.Timeline) {
		t.Fatalf("the other department's issue changed: %d supporters, %d events", got.Supporters, len(got.Timeline))
	}
	// The ward's supervisor, who oversees both departments, can.
	do(t, svc, supervisor("kim-long"), mine.Code, service.Action{Type: service.ActDuplicate, DuplicateOf: theirs.Code})
}

// The same person counts once on the original, however many duplicates
// name them: filing again and marking it a duplicate cannot pump the count.
func TestDuplicateSupportCountsAPersonOnce(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	off := official("kim-long-infra")
	orig := fileIssue(t, svc, "infrastructure")
	fileFor := func(phone string) *models.Issue {
		iss, err := svc.CreateIssue(ctx, off, service.NewIssue{Title: "Đèn đường hỏng lần nữa", Description: "Như trên.", Category: "infrastructure",
			Ward: "kim-long", Contact: models.Contact{Name: "Bà Tư", Phone: phone}})
		if err != nil {
			t.Fatal(err)
		}
		return iss
	}
	for _, phone := range []string{"0905 111 222", "0905111222", "0905 111 222"} {
		dup := fileFor(phone)
		do(t, svc, off, dup.Code, service.Action{Type: service.ActDuplicate, DuplicateOf: orig.Code})
	}
	got, _ := svc.GetIssue(ctx, off, orig.Code)
	if got.Supporters != 2 { // "0905 111 222" and "0905111222" read as two people
		t.Fatalf("%d supporters after three duplicates from two contacts, want 2", got.Supporters)
	}
	// Filed by an official for nobody in particular: once per official.
	for i := 0; i < 3; i++ {
		dup := fileFor("")
		do(t, svc, off, dup.Code, service.Action{Type: service.ActDuplicate, DuplicateOf: orig.Code})
	}
	got, _ = svc.GetIssue(ctx, off, orig.Code)
	if got.Supporters != 3 {
		t.Fatalf("%d supporters after three contact-less duplicates by one official, want 3", got.Supporters)
	}
}

// A caller who may not act on an issue learns nothing from a stale
// version: authorization is checked first (#10).
func TestAuthorizationBeforeVersionCheck(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "infrastructure")
	for _, p := range []models.Principal{official("kim-long-police"), monitor(), resident("tg:999")} {
		_, err := svc.Do(ctx, p, iss.Code, service.Action{Type: service.ActNote, Message: "x", IfVersion: 99})
		if c := models.ErrorCodeOf(err); c != models.EForbidden {
			t.Fatalf("%+v with a stale version: %v, want forbidden", p, err)
		}
		if strings.Contains(err.Error(), "version") {
			t.Errorf("the refusal mentions the version: %v", err)
		}
	}
}
