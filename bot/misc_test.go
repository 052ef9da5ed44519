package bot

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func TestUnsupportedMessagesAnsweredPolitely(t *testing.T) {
	h := newHarness(t)
	h.deliver(telegramtest.Sticker(resident, resident))
	if got := h.lastText(resident); !strings.Contains(got, "nhãn dán") || !strings.Contains(got, "chữ, ảnh hoặc vị trí") {
		t.Errorf("sticker: %q", got)
	}
	h.say(resident, "/report")
	h.press(resident, "c:infrastructure")
	h.deliver(telegramtest.Voice(resident, resident))
	if got := h.lastText(resident); !strings.Contains(got, "tin nhắn thoại") || !strings.Contains(got, "mô tả sự việc") {
		t.Errorf("voice during a report: %q", got)
	}
	h.deliver(telegramtest.Edited(resident, resident, "sửa lại"))
	if got := h.lastText(resident); !strings.Contains(got, "tin nhắn đã sửa") {
		t.Errorf("edited: %q", got)
	}
	h.say(resident, "/foo")
	if got := h.lastText(resident); !strings.Contains(got, "/foo") {
		t.Errorf("unknown command: %q", got)
	}
	h.deliver(telegramtest.Photo(resident, resident, "early", "", ""))
	if got := h.lastText(resident); !strings.Contains(got, "Đã lưu ảnh") {
		t.Errorf("photo at the description step: %q", got)
	}
	h.deliver(telegramtest.Location(resident, resident, klLat, klLon))
	if got := h.lastText(resident); !strings.Contains(got, "hỏi vị trí sau") {
		t.Errorf("early location: %q", got)
	}
}

func TestEnglishNotifications(t *testing.T) {
	h := newHarness(t)
	h.say(resident, "/lang en")
	iss := h.fileReport(resident, "infrastructure", "Broken street light in lane 5, Kim Long")
	if got := h.lastText(resident); !strings.Contains(got, "Report sent! Your code: "+iss.Code) || !strings.Contains(got, "Resolution due") {
		t.Errorf("confirmation: %q", got)
	}
	h.flush()
	h.linkOfficial(official)
	h.pressBy(infraGroup, official, h.card(iss).MessageID, "d:answer:"+iss.ID)
	h.deliver(telegramtest.Reply(infraGroup, official, h.last(infraGroup).MessageID, "Đã tiếp nhận, sẽ sửa trong 2 ngày."))
	mark := h.count(resident)
	h.flush()
	h.expect(resident, mark, "answered report "+iss.Code, "sẽ sửa trong 2 ngày")
}

func TestOrganisationConcern(t *testing.T) {
	h := newHarness(t)
	admin := testenv.Admin()
	org, err := h.svc.CreateOrganisation(h.ctx, admin, service.NewOrganisation{Code: "hoi-phu-nu-kl", NameVI: "Hội Phụ nữ phường Kim Long", NameEN: "Kim Long Women's Union", Ward: "kim-long"})
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := h.svc.CreateOrgInvite(h.ctx, admin, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	h.say(resident, "/start "+token)
	h.expect(resident, 0, "Hội Phụ nữ phường Kim Long")
	h.say(resident, "/report")
	h.press(resident, "a:org")
	h.press(resident, "c:environment")
	h.say(resident, "Nhiều hộ dân phản ánh khói đốt rác gần trường mầm non")
	if !strings.Contains(h.lastText(resident), "bao nhiêu người") {
		t.Fatalf("people step: %q", h.lastText(resident))
	}
	h.say(resident, "nhiều lắm")
	h.say(resident, "120")
	h.deliver(telegramtest.Location(resident, resident, klLat, klLon))
	h.press(resident, "x:done")
	if got := h.lastText(resident); !strings.Contains(got, "120 người") {
		t.Errorf("summary: %q", got)
	}
	h.press(resident, "x:send")
	iss := h.lastIssue(resident)
	if iss.Reporter.Kind != models.ReporterOrganisation || iss.Reporter.OrganisationID != org.ID || iss.Reporter.PeopleCount != 120 {
		t.Errorf("reporter: %+v", iss.Reporter)
	}
	h.say(resident, "/my")
	if got := h.lastText(resident); !strings.Contains(got, "Kiến nghị của Hội Phụ nữ") || !strings.Contains(got, iss.Code) {
		t.Errorf("/my: %q", got)
	}
	// Members read the answers.
	h.flush()
	h.linkOfficial(official)
	h.pressBy(infraGroup, official, h.card(iss).MessageID, "d:answer:"+iss.ID)
	h.deliver(telegramtest.Reply(infraGroup, official, h.last(infraGroup).MessageID, "Đã nhắc nhở các hộ đốt rác."))
	mark := h.count(resident)
	h.flush()
	h.expect(resident, mark, "Đã nhắc nhở các hộ đốt rác")
}

func TestTerminalChatFilesIssue(t *testing.T) {
	svc, st, _ := testenv.Service(t, nil)
	script := strings.Join([]string{
		"/report",
		"4", // infrastructure is the 4th category
		"Đèn đường kiệt 8 Kim Long không sáng",
		"/loc 16.46, 107.54",
		"/photo f-1",
		"1", // done
		"1", // send
		"/my",
		"/quit",
	}, "\n")
	var out bytes.Buffer
	if err := RunTerminal(context.Background(), svc, strings.NewReader(script), &out, "vi"); err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`KL-\d\d-\d{5}`).FindString(out.String())
	if code == "" {
		t.Fatalf("no issue code in the transcript:\n%s", out.String())
	}
	iss, err := st.GetIssue(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if iss.Category != "infrastructure" || len(iss.Photos) != 1 || iss.Reporter.Channel != models.ChannelAPI {
		t.Errorf("issue: %+v", iss)
	}
	if !strings.Contains(out.String(), "Xin chào") || !strings.Contains(out.String(), "Phản ánh của bạn") {
		t.Errorf("transcript:\n%s", out.String())
	}
}

func TestOpenPhotoFetchesTelegramFile(t *testing.T) {
	h := newHarness(t)
	// A photo sent as a file keeps its EXIF; OpenPhoto strips it. It is a
	// real picture: photometa refuses a JPEG that holds no image data.
	plain := aJPEG(t)
	h.tg.AddFile("file-9", append([]byte("\xff\xd8\xff\xe1\x00\x0aExif\x00\x00GP"), plain[2:]...))
	r, ct, err := h.bot.OpenPhoto(h.ctx, "file-9")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, _ := io.ReadAll(r)
	if !bytes.Equal(b, plain) || ct != "image/jpeg" {
		t.Errorf("got %d bytes (%q…) %s, want the picture without its EXIF", len(b), b[:min(len(b), 16)], ct)
	}
	if _, _, err := h.bot.OpenPhoto(h.ctx, "missing"); models.ErrorCodeOf(err) != models.ENotFound {
		t.Errorf("missing file: %v", err)
	}
}

func TestStaleDraftDropped(t *testing.T) {
	h := newHarness(t)
	h.say(resident, "/report")
	h.press(resident, "c:land")
	h.clk.Advance(8 * 24 * time.Hour)
	h.say(resident, "Tranh chấp ranh giới đất với hàng xóm")
	if got := h.textsSince(resident, h.count(resident)-2); !strings.Contains(got, "đã được xóa") {
		t.Errorf("stale draft: %q", got)
	}
}
