package bot

import (
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// The confirmation names the office, says why it handles the report and
// who works with it, gives the deadlines and says they count working
// hours; /status shows the same and the routing event; an escalation
// message tells the new office's reason and deadlines.
func TestConfirmationSaysWhoWhyAndByWhen(t *testing.T) {
	h := newHarness(t)
	iss := h.fileReport(resident, "construction", "Nhà bên cạnh xây thêm tầng 3 không có giấy phép, sát nhà vườn cổ")
	got := h.lastText(resident)
	cat := h.svc.Catalogue()
	office, _ := cat.Department(iss.Routing.Department)
	helper, _ := cat.Department("hue-culture-sports")
	for _, want := range []string{iss.Code, office.NameVI, "Vì sao: " + iss.Routing.ExplainVI, "Phối hợp: " + helper.NameVI,
		"Hạn phản hồi: " + formatTime(*iss.SLA.ResponseDue), "Hạn giải quyết: " + formatTime(*iss.SLA.ResolutionDue), "giờ làm việc"} {
		if !strings.Contains(got, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(iss.Routing.ExplainVI, "Kim Long") {
		t.Fatalf("unexpected reason: %q", iss.Routing.ExplainVI)
	}

	h.say(resident, "/status "+iss.Code)
	st := h.lastText(resident)
	for _, want := range []string{"Vì sao: " + iss.Routing.ExplainVI, "Phối hợp: " + helper.NameVI, "Chuyển đến: " + office.NameVI, "giờ làm việc"} {
		if !strings.Contains(st, want) {
			t.Errorf("/status lacks %q:\n%s", want, st)
		}
	}

	// The same in English, for an English resident.
	h.say(resident, "/lang en")
	h.say(resident, "/status "+iss.Code)
	if st := h.lastText(resident); !strings.Contains(st, "Why: "+iss.Routing.ExplainEN) || !strings.Contains(st, "Working with: "+helper.NameEN) {
		t.Errorf("English /status:\n%s", st)
	}

	// Escalated to the city: the message says who, why and by when.
	sup, err := h.svc.CreateUser(h.ctx, testenv.Admin(), service.NewUser{Username: "kl.sup", Name: "Lãnh đạo", Role: models.RoleSupervisor,
		Ward: "kim-long", Password: "Correct-Horse-Battery-9"})
	if err != nil {
		t.Fatal(err)
	}
	before := h.count(resident)
	moved, err := h.svc.Do(h.ctx, models.Principal{Kind: models.ActorOfficial, User: sup}, iss.Code, service.Action{Type: service.ActEscalate, Message: "Vượt thẩm quyền phường"})
	if err != nil {
		t.Fatal(err)
	}
	h.flush()
	if moved.Routing.ExplainEN == "" || moved.Routing.Department == iss.Routing.Department {
		t.Fatalf("escalation routing: %+v", moved.Routing)
	}
	msgs := h.textsSince(resident, before)
	city, _ := cat.Department(moved.Routing.Department)
	for _, want := range []string{city.NameEN, "Why: " + moved.Routing.ExplainEN, "Resolution due: " + formatTime(*moved.SLA.ResolutionDue), "working hours"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("escalation message lacks %q:\n%s", want, msgs)
		}
	}
}
