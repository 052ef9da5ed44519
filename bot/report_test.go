package bot

import (
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/models"
)

func TestStartGreetsAndExplainsWardAndCity(t *testing.T) {
	h := newHarness(t)
	h.say(resident, "/start")
	got := h.lastText(resident)
	for _, want := range []string{"Xin chào", "\n🏘 Phường lo: ", "\n🏙 Thành phố lo: ", "Di tích, di sản · "} {
		if !strings.Contains(got, want) {
			t.Errorf("greeting lacks %q:\n%s", want, got)
		}
	}
	if !hasButton(h.last(resident), "m:report") || !hasButton(h.last(resident), "l:en") {
		t.Errorf("greeting has no menu: %+v", h.last(resident).Buttons())
	}
	h.press(resident, "l:en")
	if !strings.Contains(h.lastText(resident), "Switched to English") {
		t.Fatalf("language not switched: %q", h.lastText(resident))
	}
	h.say(resident, "/start")
	if !strings.Contains(h.lastText(resident), "The ward handles") {
		t.Errorf("greeting not in English: %q", h.lastText(resident))
	}
	r, _ := h.st.GetResident(h.ctx, "tg:501")
	if r == nil || r.Lang != "en" {
		t.Errorf("resident language not stored: %+v", r)
	}
}

func TestReportStepsWithAddressWardAndBack(t *testing.T) {
	h := newHarness(t)
	h.say(resident, "/report")
	buttons := h.last(resident).Buttons()
	if len(buttons) < 10 || !strings.Contains(buttons[0].Text, "phường") {
		t.Fatalf("category keyboard: %+v", buttons)
	}
	var city bool
	for _, b := range buttons {
		city = city || strings.Contains(b.Text, "Di tích") && strings.Contains(b.Text, "thành phố")
	}
	if !city {
		t.Errorf("city categories are not marked: %+v", buttons)
	}
	// Text at the wrong step gets a helpful answer and the keyboard again.
	h.say(resident, "đèn đường hỏng")
	if !strings.Contains(h.lastText(resident), "chọn bằng các nút") || !hasButton(h.last(resident), "c:infrastructure") {
		t.Fatalf("text at the category step: %q", h.lastText(resident))
	}
	h.press(resident, "c:infrastructure")
	if !strings.Contains(h.lastText(resident), "Phường xử lý hư hỏng đường kiệt") {
		t.Errorf("the category hint is not shown: %q", h.lastText(resident))
	}
	h.say(resident, "hỏng")
	if !strings.Contains(h.lastText(resident), "ít nhất 10") {
		t.Errorf("short description accepted: %q", h.lastText(resident))
	}
	h.say(resident, "Đèn đường trước nhà số 12 kiệt 5 Kim Long tắt cả tuần nay")
	loc := h.last(resident)
	if !strings.Contains(loc.Text, "Sự việc ở đâu") {
		t.Fatalf("location step: %q", loc.Text)
	}
	calls := h.tg.Sent(resident)
	if markup := calls[len(calls)-1].Get("reply_markup"); !strings.Contains(markup, `"request_location":true`) {
		t.Errorf("no request_location button: %s", markup)
	}
	h.say(resident, "12 kiệt 5 Kim Long")
	// Leaving the location step removes its keyboard.
	calls = h.tg.Sent(resident)
	if !strings.Contains(calls[len(calls)-2].Get("reply_markup"), "remove_keyboard") {
		t.Errorf("location keyboard not removed: %s", calls[len(calls)-2].Get("reply_markup"))
	}
	if !hasButton(h.last(resident), "w:kim-long") {
		t.Fatalf("typed address did not offer the wards: %q %+v", h.lastText(resident), h.last(resident).Buttons())
	}
	h.press(resident, "x:back")
	if !strings.Contains(h.lastText(resident), "Sự việc ở đâu") {
		t.Fatalf("back from ward: %q", h.lastText(resident))
	}
	h.say(resident, "⏭ Bỏ qua")
	h.press(resident, "w:kim-long")
	if !strings.Contains(h.lastText(resident), "tối đa 5 ảnh") {
		t.Fatalf("photo step: %q", h.lastText(resident))
	}
	h.say(resident, "xong")
	sum := h.lastText(resident)
	for _, want := range []string{"Hạ tầng", "Đèn đường trước nhà", "Kim Long", "Ảnh: 0", "Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	h.press(resident, "x:send")
	iss := h.lastIssue(resident)
	if iss.Location.WardCode != "kim-long" || iss.Routing.Department != "kim-long-infra" || iss.Reporter.Channel != models.ChannelTelegram {
		t.Errorf("issue: %+v %+v", iss.Location, iss.Routing)
	}
	if iss.Reporter.Contact.TelegramChatID != resident || iss.Reporter.ResidentID != "tg:501" {
		t.Errorf("reporter: %+v", iss.Reporter)
	}
	got := h.lastText(resident)
	for _, want := range []string{iss.Code, "Phòng Kinh tế, Hạ tầng", "Hạn giải quyết", "/2026"} {
		if !strings.Contains(got, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, got)
		}
	}
	// The deadline is shown in Huế time.
	if want := formatTime(*iss.SLA.ResolutionDue); !strings.Contains(got, want) || iss.SLA.ResolutionDue.In(hcm).Format("15:04") != want[:5] {
		t.Errorf("deadline %q not in %q", want, got)
	}
}

func TestCancelMidway(t *testing.T) {
	h := newHarness(t)
	h.say(resident, "/report")
	h.press(resident, "c:environment")
	h.say(resident, "Rác chất đống ở đầu kiệt 7 đã ba ngày")
	h.say(resident, "✖ Hủy")
	if !strings.Contains(h.lastText(resident), "Đã hủy") {
		t.Fatalf("cancel: %q", h.lastText(resident))
	}
	h.say(resident, "còn đó không?")
	if !strings.Contains(h.lastText(resident), "chưa hiểu") {
		t.Errorf("text after cancel: %q", h.lastText(resident))
	}
	// Buttons of the cancelled report have expired.
	h.press(resident, "c:environment")
	if a := h.lastAnswer(); !strings.Contains(a.Get("text"), "hết hiệu lực") {
		t.Errorf("stale button answer: %q", a.Get("text"))
	}
	n, _ := h.st.CountIssues(h.ctx, models.IssueFilter{})
	if n != 0 {
		t.Errorf("%d issues filed after cancel", n)
	}
}

func TestRestartMidwayContinues(t *testing.T) {
	h := newHarness(t)
	h.say(resident, "/report")
	h.press(resident, "c:infrastructure")
	h.say(resident, "Cống thoát nước bị tắc gây ngập kiệt 9")

	h.bot = h.newBot() // the process restarted
	h.deliver(telegramtest.Location(resident, resident, klLat, klLon))
	if !strings.Contains(h.textsSince(resident, 0), "Đã nhận vị trí (phường Kim Long)") {
		t.Fatalf("location after restart: %q", h.lastText(resident))
	}
	h.deliver(telegramtest.Photo(resident, resident, "f-1", "", ""))
	h.press(resident, "x:done")
	h.press(resident, "x:send")
	iss := h.lastIssue(resident)
	if iss.Description != "Cống thoát nước bị tắc gây ngập kiệt 9" || len(iss.Photos) != 1 || iss.Location.Lat == nil {
		t.Errorf("issue after restart: %+v", iss)
	}
}

func TestMeTooSupportsNearbyIssue(t *testing.T) {
	h := newHarness(t)
	first := h.fileReport(resident, "environment", "Bãi rác tự phát cạnh chợ Kim Long bốc mùi")
	h.say(resident2, "/report")
	h.press(resident2, "c:environment")
	h.say(resident2, "Rác đổ bừa bãi cạnh chợ, rất hôi")
	h.deliver(telegramtest.Location(resident2, resident2, klLat+0.0003, klLon))
	if !strings.Contains(h.lastText(resident2), first.Code) {
		t.Fatalf("no me-too offer: %q", h.lastText(resident2))
	}
	h.press(resident2, "s:"+first.ID)
	if !strings.Contains(h.lastText(resident2), "Cảm ơn") {
		t.Fatalf("support reply: %q", h.lastText(resident2))
	}
	if got := h.issue(first.ID); got.Supporters != 1 {
		t.Errorf("supporters = %d", got.Supporters)
	}
	if n, _ := h.st.CountIssues(h.ctx, models.IssueFilter{}); n != 1 {
		t.Errorf("%d issues: a duplicate was filed", n)
	}
}

func TestMyAndStatusAndDeepLink(t *testing.T) {
	h := newHarness(t)
	iss := h.fileReport(resident, "infrastructure", "Ổ gà lớn giữa đường Nguyễn Phúc Nguyên")
	h.say(resident, "/my")
	if got := h.lastText(resident); !strings.Contains(got, iss.Code) || !strings.Contains(got, "Đã chuyển đến nơi xử lý") {
		t.Errorf("/my: %q", got)
	}
	h.press(resident, "v:"+iss.Code)
	if got := h.lastText(resident); !strings.Contains(got, "Diễn biến") || !strings.Contains(got, "Đã tiếp nhận") {
		t.Errorf("timeline: %q", got)
	}
	h.say(resident2, "/start "+iss.Code)
	if got := h.lastText(resident2); !strings.Contains(got, iss.Code) || !strings.Contains(got, "Diễn biến") {
		t.Errorf("deep link: %q", got)
	}
	h.say(resident2, "/status KL-26-99999")
	if got := h.lastText(resident2); !strings.Contains(got, "Không có phản ánh mã KL-26-99999") || strings.Contains(got, "not found") {
		t.Errorf("unknown code: %q", got)
	}
	h.say(resident2, strings.ToLower(iss.Code))
	if got := h.lastText(resident2); !strings.Contains(got, "Diễn biến") {
		t.Errorf("typed code: %q", got)
	}
}

func TestFilingIsIdempotentAcrossRedelivery(t *testing.T) {
	h := newHarness(t)
	h.say(resident, "/report")
	h.press(resident, "c:infrastructure")
	h.say(resident, "Đèn đường hỏng ở kiệt 3 Kim Long")
	h.deliver(telegramtest.Location(resident, resident, klLat, klLon))
	h.press(resident, "x:done")
	// The conversation is saved before "send", then the process dies after
	// filing but before saving: simulate by restoring the saved draft.
	var before conversation
	if err := h.st.GetBotConversation(h.ctx, resident, &before); err != nil {
		t.Fatal(err)
	}
	h.press(resident, "x:send")
	if err := h.st.PutBotConversation(h.ctx, resident, &before, h.clk.Now()); err != nil {
		t.Fatal(err)
	}
	h.press(resident, "x:send")
	if n, _ := h.st.CountIssues(h.ctx, models.IssueFilter{}); n != 1 {
		t.Errorf("%d issues filed for one draft", n)
	}
}
