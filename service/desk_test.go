package service_test

import (
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func TestDeskColleaguesCannedRepliesAndViewers(t *testing.T) {
	svc, _, clk := testenv.Service(t, nil)
	for _, u := range []service.NewUser{
		{Username: "an.kl", Name: "An", Role: models.RoleOfficial, Department: "kim-long-infra", Password: "Str0ng-Passw0rd!"},
		{Username: "binh", Name: "Bình", Role: models.RoleOfficial, Department: "kim-long-infra", Password: "Str0ng-Passw0rd!"},
		{Username: "cuong", Name: "Cường", Role: models.RoleOfficial, Department: "phu-xuan-infra", Password: "Str0ng-Passw0rd!"},
	} {
		if _, err := svc.CreateUser(ctx, testenv.Admin(), u); err != nil {
			t.Fatal(err)
		}
	}
	off := official("kim-long-infra")
	list, err := svc.Colleagues(ctx, off, "")
	if err != nil || len(list) != 2 || list[0].Name != "An" {
		t.Fatalf("colleagues %v %v", list, err)
	}
	_, err = svc.Colleagues(ctx, off, "phu-xuan-infra")
	wantCode(t, err, models.EForbidden)

	_, err = svc.SetCannedReplies(ctx, off, "kim-long-infra", []models.CannedReply{{Title: "", Text: "x"}, {Title: "A", Text: "y"}, {Title: "a", Text: "z"}})
	wantCode(t, err, models.EInvalid)
	if _, err := svc.SetCannedReplies(ctx, off, "kim-long-infra", []models.CannedReply{{Title: "Đã tiếp nhận", Text: "Phường đã tiếp nhận và sẽ kiểm tra."}}); err != nil {
		t.Fatal(err)
	}
	c, err := svc.CannedReplies(ctx, off, "kim-long-infra")
	if err != nil || len(c.Replies) != 1 || c.Replies[0].Title != "Đã tiếp nhận" {
		t.Fatalf("canned replies %+v %v", c, err)
	}
	_, err = svc.CannedReplies(ctx, official("phu-xuan-infra"), "kim-long-infra")
	wantCode(t, err, models.EForbidden)

	// Two officials on one issue see each other; after a while, no more.
	iss := fileIssue(t, svc, "infrastructure")
	other := models.Principal{Kind: models.ActorOfficial, User: &models.User{ID: "u2", Name: "Bình", Role: models.RoleOfficial, Department: "kim-long-infra"}}
	if v, _ := svc.Viewing(ctx, off, iss.Code); len(v) != 0 {
		t.Errorf("alone, others = %v", v)
	}
	if v, _ := svc.Viewing(ctx, other, iss.Code); len(v) != 1 || v[0].Name != off.User.Name {
		t.Errorf("others = %v", v)
	}
	clk.Advance(5 * time.Minute)
	if v, _ := svc.Viewing(ctx, other, iss.Code); len(v) != 0 {
		t.Errorf("after 5 minutes, others = %v", v)
	}
}

// A reply the resident gave by phone resumes the clock like one in
// Telegram; an "after" photo comes with the resolution.
func TestRecordReplyAndAfterPhoto(t *testing.T) {
	svc, _, clk := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "infrastructure")
	off := official(iss.Routing.Department)
	w := do(t, svc, off, iss.Code, service.Action{Type: service.ActRequestInfo, Message: "Đèn ở số nhà nào?"})
	if w.SLA.ResolutionDue != nil {
		t.Fatalf("the clock did not stop: %+v", w.SLA)
	}
	clk.Advance(2 * time.Hour)
	r := do(t, svc, off, iss.Code, service.Action{Type: service.ActRecordReply, Message: "Số 5, chị Lan gọi điện báo."})
	if r.Status != models.StatusInProgress || r.SLA.ResolutionDue == nil {
		t.Fatalf("after the recorded reply: %s %+v", r.Status, r.SLA)
	}
	_, err := svc.Do(ctx, off, iss.Code, service.Action{Type: service.ActRecordReply, Message: "lần nữa"})
	wantCode(t, err, models.EConflict)
	png := testenv.PNG(64)
	_, err = svc.Do(ctx, off, iss.Code, service.Action{Type: service.ActNote, Message: "ảnh", Photos: []service.PhotoUpload{{Data: png}}})
	wantCode(t, err, models.EInvalid)
	res := do(t, svc, off, iss.Code, service.Action{Type: service.ActResolve, Message: "Đã thay bóng.", Photos: []service.PhotoUpload{{Data: png}}})
	if len(res.Photos) != 1 {
		t.Errorf("the after photo was not kept: %+v", res.Photos)
	}
	if _, err := svc.Photo(ctx, iss.Code, res.Photos[0].ID); err != nil {
		t.Errorf("the after photo cannot be read: %v", err)
	}
}
