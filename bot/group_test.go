package bot

import (
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/models"
)

// filedWithCard files an issue and posts its card to the group.
func (h *harness) filedWithCard() *models.Issue {
	h.t.Helper()
	iss := h.fileReport(resident, "infrastructure", "Đường kiệt 21 Kim Long sụt lún nguy hiểm", "p-1", "p-2")
	h.flush()
	card := h.card(iss)
	if !strings.Contains(card.Text, iss.Code) || !hasButton(card, "d:take:"+iss.ID) {
		h.t.Fatalf("card: %q %+v", card.Text, card.Buttons())
	}
	return iss
}

func TestCardPostedWithPhotosAndNoPersonalData(t *testing.T) {
	h := newHarness(t)
	iss := h.filedWithCard()
	card := h.card(iss)
	for _, want := range []string{"Đường kiệt 21", "Kim Long", "Hạn giải quyết", "người dân", "maps.google.com"} {
		if !strings.Contains(card.Text, want) {
			t.Errorf("card lacks %q:\n%s", want, card.Text)
		}
	}
	if strings.Contains(card.Text, "User501") {
		t.Errorf("card shows the reporter's name:\n%s", card.Text)
	}
	var photos []string
	for _, c := range h.tg.Calls("sendPhoto") {
		if c.ChatID() == infraGroup {
			photos = append(photos, c.Get("photo"))
		}
	}
	if strings.Join(photos, ",") != "p-1,p-2" {
		t.Errorf("photos sent to the group: %v", photos)
	}
	// The resident heard nothing more than the confirmation with the code.
	if got := h.lastText(resident); !strings.Contains(got, iss.Code) {
		t.Errorf("initial routing notified again: %q", got)
	}
}

func TestButtonOfUnlinkedUserRefusedPolitely(t *testing.T) {
	h := newHarness(t)
	iss := h.filedWithCard()
	card := h.card(iss)
	h.pressBy(infraGroup, stranger, card.MessageID, "d:take:"+iss.ID)
	a := h.lastAnswer()
	if !strings.Contains(a.Get("text"), "Xin lỗi, chỉ cán bộ đã liên kết") || a.Get("show_alert") != "true" {
		t.Errorf("refusal: %v", a.Params)
	}
	if got := h.issue(iss.ID); got.Status != models.StatusRouted || got.Version != iss.Version {
		t.Errorf("issue changed: %s v%d", got.Status, got.Version)
	}
	// Text in the group that is not for the bot gets no answer.
	before := h.count(infraGroup)
	h.say(infraGroup, "Anh em ơi ai đi kiểm tra chỗ này được không?")
	h.deliver(telegramtest.Sticker(infraGroup, stranger))
	h.deliver(telegramtest.Edited(infraGroup, stranger, "sửa"))
	h.say(infraGroup, "/status@another_bot "+iss.Code)
	if h.count(infraGroup) != before {
		t.Errorf("the bot spoke in the group: %q", h.lastText(infraGroup))
	}
	h.say(infraGroup, "/status "+iss.Code)
	if !strings.Contains(h.lastText(infraGroup), "Diễn biến") {
		t.Errorf("/status in group: %q", h.lastText(infraGroup))
	}
}

func TestLinkedOfficialTakesAndCardIsEdited(t *testing.T) {
	h := newHarness(t)
	iss := h.filedWithCard()
	h.linkOfficial(official)
	card := h.card(iss)
	sent := len(h.tg.Calls("sendMessage"))
	h.pressBy(infraGroup, official, card.MessageID, "d:take:"+iss.ID)
	if a := h.lastAnswer(); !strings.Contains(a.Get("text"), "Đã nhận xử lý "+iss.Code) {
		t.Errorf("answer: %v", a.Params)
	}
	if got := h.issue(iss.ID); got.Status != models.StatusInProgress {
		t.Fatalf("status %s", got.Status)
	}
	h.flush()
	card = h.card(iss)
	if card.Edits == 0 || !strings.Contains(card.Text, "Đang xử lý") || hasButton(card, "d:take:"+iss.ID) || !hasButton(card, "d:resolve:"+iss.ID) {
		t.Errorf("card after take (%d edits): %q %+v", card.Edits, card.Text, card.Buttons())
	}
	for _, c := range h.tg.Calls("sendMessage")[sent:] {
		if c.ChatID() == infraGroup {
			t.Errorf("a new message instead of an edit: %q", c.Get("text"))
		}
	}
}

func TestInfoRequestAnsweredByResident(t *testing.T) {
	h := newHarness(t)
	iss := h.filedWithCard()
	h.linkOfficial(official)
	card := h.card(iss)
	h.pressBy(infraGroup, official, card.MessageID, "d:request_info:"+iss.ID)
	prompt := h.last(infraGroup)
	calls := h.tg.Calls("sendMessage")
	if p := calls[len(calls)-1]; !strings.Contains(p.Get("reply_markup"), `"force_reply":true`) || !strings.Contains(prompt.Text, iss.Code) {
		t.Fatalf("prompt: %q %v", prompt.Text, p.Params)
	}
	h.deliver(telegramtest.Reply(infraGroup, official, prompt.MessageID, "Đoạn sụt lún dài khoảng bao nhiêu mét?"))
	if !strings.Contains(h.lastText(infraGroup), "Đã gửi yêu cầu bổ sung") {
		t.Errorf("group confirmation: %q", h.lastText(infraGroup))
	}
	if got := h.issue(iss.ID); got.Status != models.StatusWaiting {
		t.Fatalf("status %s", got.Status)
	}
	mark := h.count(resident)
	h.flush()
	h.expect(resident, mark, "cần thêm thông tin", "bao nhiêu mét")
	if !hasButton(h.last(resident), "i:"+iss.ID) {
		t.Errorf("no reply button: %+v", h.last(resident).Buttons())
	}
	h.deliver(telegramtest.Photo(resident, resident, "p-3", "", ""))
	h.say(resident, "Khoảng 5 mét, sâu chừng 20 cm")
	h.expect(resident, mark, "Thông tin bổ sung cho "+iss.Code)
	got := h.issue(iss.ID)
	if got.Status != models.StatusInProgress || got.SLA.PausedAt != nil {
		t.Fatalf("status %s, paused %v", got.Status, got.SLA.PausedAt)
	}
	last := got.LastEvent()
	if last.Type != models.EventInfoProvided || !strings.Contains(last.Message, "Khoảng 5 mét") || len(got.Photos) != 3 {
		t.Errorf("provided: %+v, %d photos", last, len(got.Photos))
	}
	// The group hears of it in a new message, with the new photo.
	groupMark := h.count(infraGroup)
	h.flush()
	h.expect(infraGroup, groupMark-1, "Người dân bổ sung thông tin", "Khoảng 5 mét")
	// The next message is a normal one again.
	h.say(resident, "cảm ơn")
	if !strings.Contains(h.lastText(resident), "chưa hiểu") {
		t.Errorf("after answering: %q", h.lastText(resident))
	}
}

func TestResolvedThenRated(t *testing.T) {
	h := newHarness(t)
	iss := h.filedWithCard()
	h.linkOfficial(official)
	card := h.card(iss)
	h.pressBy(infraGroup, official, card.MessageID, "d:resolve:"+iss.ID)
	prompt := h.last(infraGroup)
	h.deliver(telegramtest.Reply(infraGroup, official, prompt.MessageID, "Đã san lấp và trải nhựa lại đoạn đường."))
	if got := h.issue(iss.ID); got.Status != models.StatusResolved {
		t.Fatalf("status %s", got.Status)
	}
	mark := h.count(resident)
	h.flush()
	h.expect(resident, mark, "đã được giải quyết", "trải nhựa lại")
	if !hasButton(h.last(resident), "r:"+iss.ID+":5") || !hasButton(h.last(resident), "o:"+iss.ID) {
		t.Fatalf("no rating buttons: %+v", h.last(resident).Buttons())
	}
	if c := h.card(iss); len(c.Buttons()) != 0 || !strings.Contains(c.Text, "Đã giải quyết") {
		t.Errorf("card of a resolved issue: %q %+v", c.Text, c.Buttons())
	}
	answers := len(h.tg.Calls("answerCallbackQuery"))
	h.press(resident, "r:"+iss.ID+":5")
	if got := h.issue(iss.ID); got.Rating != 5 {
		t.Errorf("rating %d", got.Rating)
	}
	if len(h.tg.Calls("answerCallbackQuery")) != answers+1 {
		t.Error("the rating press was not answered")
	}
	h.press(resident, "o:"+iss.ID)
	if got := h.issue(iss.ID); got.Status != models.StatusInProgress || got.ReopenCount != 1 {
		t.Errorf("reopen: %s %d", got.Status, got.ReopenCount)
	}
}

func TestEscalationMovesCardButtons(t *testing.T) {
	h := newHarness(t)
	iss := h.filedWithCard()
	h.linkOfficial(official)
	card := h.card(iss)
	h.pressBy(infraGroup, official, card.MessageID, "d:escalate:"+iss.ID)
	prompt := h.last(infraGroup)
	h.deliver(telegramtest.Reply(infraGroup, official, prompt.MessageID, "Cần kinh phí của thành phố để sửa."))
	got := h.issue(iss.ID)
	if got.Routing.Level != models.LevelCity {
		t.Fatalf("level %s", got.Routing.Level)
	}
	mark := h.count(resident)
	h.flush()
	h.expect(resident, mark, "chuyển lên thành phố")
	card = h.card(iss)
	if len(card.Buttons()) != 0 || !strings.Contains(card.Text, "Đã chuyển cho") {
		t.Errorf("the ward's card still offers actions: %q %+v", card.Text, card.Buttons())
	}
	// A stale press is refused by the service and answered.
	h.pressBy(infraGroup, official, card.MessageID, "d:take:"+iss.ID)
	if a := h.lastAnswer(); !strings.Contains(a.Get("text"), "không phải đơn vị của bạn") || !strings.Contains(a.Get("text"), "Sở Xây dựng") {
		t.Errorf("stale press: %v", a.Params)
	}
}

func TestInfoRequestWhileWritingAnotherReport(t *testing.T) {
	h := newHarness(t)
	iss := h.filedWithCard()
	h.linkOfficial(official)
	h.say(resident, "/report")
	h.press(resident, "c:security")
	h.pressBy(infraGroup, official, h.card(iss).MessageID, "d:request_info:"+iss.ID)
	h.deliver(telegramtest.Reply(infraGroup, official, h.last(infraGroup).MessageID, "Xin gửi thêm ảnh toàn cảnh."))
	h.flush()
	if !hasButton(h.last(resident), "i:"+iss.ID) {
		t.Fatalf("request: %q", h.lastText(resident))
	}
	// The draft goes on: this text is its description, not the answer.
	h.say(resident, "Nhóm thanh niên tụ tập gây ồn ào sau 23 giờ")
	if !strings.Contains(h.lastText(resident), "Sự việc ở đâu") {
		t.Fatalf("draft interrupted: %q", h.lastText(resident))
	}
	h.press(resident, "i:"+iss.ID)
	if !strings.Contains(h.lastText(resident), "trả lời câu hỏi về "+iss.Code) {
		t.Fatalf("info prompt: %q", h.lastText(resident))
	}
	h.deliver(telegramtest.Photo(resident, resident, "wide-1", "alb", "ảnh toàn cảnh"))
	h.deliver(telegramtest.Photo(resident, resident, "wide-2", "alb", ""))
	h.press(resident, "x:send")
	got := h.issue(iss.ID)
	if got.Status != models.StatusInProgress || len(got.Photos) != 4 || got.LastEvent().Message != "ảnh toàn cảnh" {
		t.Fatalf("provided: %s, %d photos, %q", got.Status, len(got.Photos), got.LastEvent().Message)
	}
	// Back to the report being written.
	if !strings.Contains(h.lastText(resident), "Sự việc ở đâu") {
		t.Errorf("not back to the draft: %q", h.lastText(resident))
	}
}
