package web

import (
	"context"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

var ctx = context.Background()

// Personal data of the reporter: it must never reach a public page.
const (
	secretName  = "Nguyễn Thị Bí Mật"
	secretPhone = "0905123456"
	secretEmail = "bimat@example.vn"
)

// The default catalogue routes these Kim Long categories to this department.
const infraDept = "kim-long-infra"

func resident(id string) models.Principal {
	return models.Principal{Kind: models.ActorResident, ResidentID: id}
}

func fakeOfficial(dept string) models.Principal {
	return models.Principal{Kind: models.ActorOfficial, User: &models.User{ID: "u-" + dept, Username: dept, Name: "Cán bộ " + dept, Role: models.RoleOfficial, Department: dept}}
}

func fileIssue(t *testing.T, s *site, title, category string) *models.Issue {
	t.Helper()
	iss, err := s.svc.CreateIssue(ctx, resident("tg:100"), service.NewIssue{
		Title: title, Description: "Mô tả: " + title + ". Đã ba ngày nay.", Category: category, Ward: "kim-long",
		Address: "Kiệt 12 Kim Long", Channel: models.ChannelWeb,
		Contact: models.Contact{Name: secretName, Phone: secretPhone, Email: secretEmail, Lang: "vi"},
	})
	if err != nil {
		t.Fatalf("create issue %q: %v", title, err)
	}
	if iss.Routing.Department != infraDept {
		t.Fatalf("issue %q went to %s, want %s", title, iss.Routing.Department, infraDept)
	}
	return iss
}

func act(t *testing.T, s *site, p models.Principal, ref string, a service.Action) *models.Issue {
	t.Helper()
	iss, err := s.svc.Do(ctx, p, ref, a)
	if err != nil {
		t.Fatalf("%s %s: %v", a.Type, ref, err)
	}
	return iss
}

// seeded are three Kim Long issues handled by the infrastructure office.
type seeded struct {
	light    *models.Issue // open, with the reporter's contact
	rubbish  *models.Issue // open and past its response deadline
	resolved *models.Issue // resolved on time
}

func seed(t *testing.T, s *site) seeded {
	t.Helper()
	var out seeded
	// Filed last Thursday morning: by Monday 09:00 its 8 working hours to
	// respond have passed, its 40 to resolve have not.
	s.clk.Set(s.clk.Now().Add(-4 * 24 * time.Hour))
	out.rubbish = fileIssue(t, s, "Rác thải ứ đọng ở chợ Kim Long", "environment")
	s.clk.Advance(4 * 24 * time.Hour)
	if _, err := s.svc.Sweep(ctx); err != nil {
		t.Fatalf("sweep: %v", err)
	}
	out.light = fileIssue(t, s, "Đèn đường hỏng ở kiệt 12", "infrastructure")
	s.clk.Advance(time.Minute)
	out.resolved = fileIssue(t, s, "Lấn chiếm vỉa hè trước số 7", "construction")
	s.clk.Advance(time.Minute)
	act(t, s, fakeOfficial(infraDept), out.resolved.Code, service.Action{Type: service.ActResolve, Message: "Đã yêu cầu trả lại vỉa hè."})
	s.clk.Advance(time.Minute)
	rubbish, err := s.svc.GetIssue(ctx, fakeOfficial(infraDept), out.rubbish.Code)
	if err != nil {
		t.Fatal(err)
	}
	if !rubbish.SLA.ResponseOverdue || rubbish.SLA.ResolutionOverdue || rubbish.Routing.Department != infraDept {
		t.Fatalf("seed: want the rubbish issue overdue for a response only, at %s; got %+v at %s", infraDept, rubbish.SLA, rubbish.Routing.Department)
	}
	return out
}
