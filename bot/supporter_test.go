package bot

import (
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// A resident who said "me too" hears how the issue moves and when it is
// resolved, and can stop these updates; the reporter's own updates go on.
func TestMeTooSupporterGetsProgressAndCanStop(t *testing.T) {
	h := newHarness(t)
	first := h.fileReport(resident, "environment", "Bãi rác tự phát cạnh chợ Kim Long bốc mùi")
	h.say(resident2, "/report")
	h.press(resident2, "c:environment")
	h.say(resident2, "Rác đổ bừa bãi cạnh chợ, rất hôi")
	h.deliver(telegramtest.Location(resident2, resident2, klLat+0.0003, klLon))
	h.press(resident2, "s:"+first.ID)
	h.flush()

	u, err := h.svc.CreateUser(h.ctx, testenv.Admin(), service.NewUser{Username: "kl.env", Name: "Cán bộ", Role: models.RoleOfficial,
		Department: first.Routing.Department, Password: "Correct-Horse-Battery-9"})
	if err != nil {
		t.Fatal(err)
	}
	off := models.Principal{Kind: models.ActorOfficial, User: u}
	from := h.count(resident2)
	if _, err := h.svc.Do(h.ctx, off, first.Code, service.Action{Type: service.ActAnswer, Message: "Đã cử đội vệ sinh môi trường đến kiểm tra."}); err != nil {
		t.Fatal(err)
	}
	h.flush()
	h.expect(resident2, from, first.Code, "Đã cử đội vệ sinh")
	if !hasButton(h.last(resident2), "u:"+first.ID) {
		t.Fatalf("no stop button: %+v", h.last(resident2).Buttons())
	}

	// Stop: the resolution reaches the reporter but not the supporter.
	h.press(resident2, "u:"+first.ID)
	if got := h.lastText(resident2); !strings.Contains(got, "không nhận tin về phản ánh "+first.Code) {
		t.Fatalf("stop reply: %q", got)
	}
	from2, fromReporter := h.count(resident2), h.count(resident)
	if _, err := h.svc.Do(h.ctx, off, first.Code, service.Action{Type: service.ActResolve, Message: "Đã thu dọn bãi rác."}); err != nil {
		t.Fatal(err)
	}
	h.flush()
	if got := h.textsSince(resident2, from2); got != "" {
		t.Errorf("the supporter still hears: %s", got)
	}
	h.expect(resident, fromReporter, "Đã thu dọn bãi rác.")
}

// Without stopping, the supporter hears of the resolution.
func TestMeTooSupporterHearsOfResolution(t *testing.T) {
	h := newHarness(t)
	first := h.fileReport(resident, "environment", "Bãi rác tự phát cạnh chợ Kim Long bốc mùi")
	if _, err := h.svc.Do(h.ctx, models.Principal{Kind: models.ActorResident, ResidentID: "tg:502", Name: "B"}, first.Code, service.Action{Type: service.ActSupport}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.EnsureResident(h.ctx, resident2, resident2, "B", "en"); err != nil {
		t.Fatal(err)
	}
	sup, err := h.svc.CreateUser(h.ctx, testenv.Admin(), service.NewUser{Username: "kl.env2", Name: "Cán bộ", Role: models.RoleOfficial,
		Department: first.Routing.Department, Password: "Correct-Horse-Battery-9"})
	if err != nil {
		t.Fatal(err)
	}
	from := h.count(resident2)
	if _, err := h.svc.Do(h.ctx, models.Principal{Kind: models.ActorOfficial, User: sup}, first.Code, service.Action{Type: service.ActResolve, Message: "Đã thu dọn bãi rác."}); err != nil {
		t.Fatal(err)
	}
	h.flush()
	h.expect(resident2, from, "Report "+first.Code+" you also reported has been resolved", "Đã thu dọn bãi rác.")
}
