package service_test

import (
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
)

// A monitor flags an issue; the department answers; open flags are
// counted for the monitor's group and the department.
func TestMonitorFlags(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "infrastructure")
	// Monitor accounts have no ward today, so every monitor sees every
	// open flag; a ward-scoped monitor would see only its ward's group.
	mon := monitor()
	wardMon := models.Principal{Kind: models.ActorOfficial, User: &models.User{ID: "m2", Name: "HĐND Phú Xuân", Role: models.RoleMonitor, Ward: "phu-xuan"}}
	off := official(iss.Routing.Department)

	_, err := svc.FlagIssue(ctx, off, iss.Code, "x")
	wantCode(t, err, models.EForbidden)
	_, err = svc.FlagIssue(ctx, mon, iss.Code, "  ")
	wantCode(t, err, models.EInvalid)
	f, err := svc.FlagIssue(ctx, mon, iss.Code, "Đề nghị phường trả lời người dân sớm.")
	if err != nil || f.ID != 1 {
		t.Fatalf("flag: %+v %v", f, err)
	}
	count := func(p models.Principal) int {
		t.Helper()
		l, err := svc.OpenFlags(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return len(l)
	}
	if count(mon) != 1 || count(off) != 1 || count(wardMon) != 0 || count(official("phu-xuan-infra")) != 0 || count(testenv.Admin()) != 1 {
		t.Errorf("open flags: monitor %d, official %d, other group's monitor %d", count(mon), count(off), count(wardMon))
	}
	_, err = svc.AnswerFlag(ctx, official("phu-xuan-infra"), iss.Code, 1, "không phải việc của tôi")
	wantCode(t, err, models.EForbidden)
	_, err = svc.AnswerFlag(ctx, off, iss.Code, 2, "?")
	wantCode(t, err, models.ENotFound)
	a, err := svc.AnswerFlag(ctx, off, iss.Code, 1, "Đã gọi điện cho người dân, sẽ sửa trong tuần.")
	if err != nil || a.Open() {
		t.Fatalf("answer: %+v %v", a, err)
	}
	_, err = svc.AnswerFlag(ctx, off, iss.Code, 1, "lần nữa")
	wantCode(t, err, models.EConflict)
	if count(mon) != 0 || count(off) != 0 {
		t.Error("the answered flag is still open")
	}
	list, err := svc.IssueFlags(ctx, mon, iss.Code)
	if err != nil || len(list) != 1 || list[0].Answer == "" {
		t.Errorf("issue flags %+v %v", list, err)
	}
}
