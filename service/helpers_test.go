package service_test

import (
	"context"
	"testing"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

var ctx = context.Background()

func f64(v float64) *float64 { return &v }

// Points inside the default catalogue's wards.
var (
	kimLongLat, kimLongLon = 16.465, 107.540
)

func resident(id string) models.Principal {
	return models.Principal{Kind: models.ActorResident, ResidentID: id}
}

func official(dept string) models.Principal {
	return models.Principal{Kind: models.ActorOfficial, User: &models.User{ID: "u-" + dept, Username: dept, Name: "Official " + dept, Role: models.RoleOfficial, Department: dept}}
}

func supervisor(ward string) models.Principal {
	return models.Principal{Kind: models.ActorOfficial, User: &models.User{ID: "sup-" + ward, Username: "sup", Name: "Supervisor", Role: models.RoleSupervisor, Ward: ward}}
}

func monitor() models.Principal {
	return models.Principal{Kind: models.ActorOfficial, User: &models.User{ID: "mon", Username: "mon", Name: "Monitor", Role: models.RoleMonitor}}
}

func organisation(id string) models.Principal {
	return models.Principal{Kind: models.ActorOrganisation, OrganisationID: id, Name: "Hội Phụ nữ"}
}

// fileIssue files a Kim Long infrastructure issue as a Telegram resident.
func fileIssue(t *testing.T, svc *service.Service, category string) *models.Issue {
	t.Helper()
	iss, err := svc.CreateIssue(ctx, resident("tg:100"), service.NewIssue{
		Title: "Đèn đường hỏng ở kiệt 12", Description: "Đèn đường trước nhà số 5 không sáng ba ngày nay.",
		Category: category, Lat: f64(kimLongLat), Lon: f64(kimLongLon), Channel: models.ChannelTelegram,
		Contact: models.Contact{Name: "Nguyễn Văn A", Phone: "0905123456", TelegramChatID: 100, Lang: "vi"},
	})
	if err != nil {
		t.Fatalf("create issue: %v", err)
	}
	return iss
}

func do(t *testing.T, svc *service.Service, p models.Principal, ref string, a service.Action) *models.Issue {
	t.Helper()
	iss, err := svc.Do(ctx, p, ref, a)
	if err != nil {
		t.Fatalf("%s: %v", a.Type, err)
	}
	return iss
}

func wantCode(t *testing.T, err error, code models.ErrorCode) {
	t.Helper()
	if models.ErrorCodeOf(err) != code {
		t.Fatalf("want error code %q, got %v", code, err)
	}
}

// secondProcess is another service over the same database: it stands for a
// second civicdesk process, sharing no in-process locks with svc.
func secondProcess(t *testing.T, svc *service.Service, st service.Store, clk service.Clock) *service.Service {
	t.Helper()
	second := service.New(st, clk, nil, service.Config{})
	if err := second.LoadCatalogue(ctx, svc.Catalogue(), "test", false); err != nil {
		t.Fatal(err)
	}
	return second
}
