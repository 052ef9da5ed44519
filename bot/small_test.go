package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncateWordsCutsAtAWordBoundary(t *testing.T) {
	title := "Nhà bên cạnh xây thêm tầng 3, không có giấy phép, lấn sang phần đất nhà tôi"
	got := truncateWords(title, 40)
	if !strings.HasSuffix(got, "…") || utf8.RuneCountInString(got) > 40 {
		t.Fatalf("%q", got)
	}
	if body := strings.TrimSuffix(got, "…"); !strings.HasPrefix(title, body) || title[len(body)] != ' ' && title[len(body)] != ',' {
		t.Errorf("cut inside a word: %q", got)
	}
	if strings.HasSuffix(strings.TrimSuffix(got, "…"), ",") {
		t.Errorf("ends with a comma: %q", got)
	}
	if got := truncateWords("ngắn gọn", 40); got != "ngắn gọn" {
		t.Errorf("short title changed: %q", got)
	}
	if got := truncateWords(strings.Repeat("x", 80), 40); utf8.RuneCountInString(got) != 40 {
		t.Errorf("one long word: %q", got)
	}
}

// /my shows long titles cut at a word boundary.
func TestMyListCutsTitlesAtWords(t *testing.T) {
	h := newHarness(t)
	desc := "Nhà bên cạnh xây thêm tầng 3, không có giấy phép xây dựng, lấn sang phần đất nhà tôi và che hết ánh sáng"
	h.fileReport(resident, "construction", desc)
	h.say(resident, "/my")
	got := h.lastText(resident)
	line := ""
	for _, l := range strings.Split(got, "\n") {
		if strings.Contains(l, "KL-") {
			line = l
		}
	}
	if !strings.Contains(line, "…") {
		t.Fatalf("/my line not shortened: %q", got)
	}
	// Every word before the "…" is a whole word of the title.
	shown := strings.Fields(strings.TrimSuffix(strings.Split(strings.SplitN(line, " — ", 2)[1], "…")[0], "…"))
	words := map[string]bool{}
	for _, w := range strings.Fields(desc) {
		words[strings.Trim(w, ",")] = true
	}
	for _, w := range shown {
		if !words[strings.Trim(w, ",")] && !strings.Contains(w, ":") {
			t.Errorf("word %q is cut (line %q)", w, line)
		}
	}
}

// Typing "✖ Hủy" on the location keyboard cancels and removes the
// keyboard in one message, not with a lone "👌".
func TestCancelOnLocationKeyboardIsOneMessage(t *testing.T) {
	h := newHarness(t)
	h.say(resident, "/report")
	h.press(resident, "c:infrastructure")
	h.say(resident, "Đèn đường trước nhà số 12 kiệt 5 tắt cả tuần nay")
	before := len(h.tg.Sent(resident))
	h.say(resident, "✖ Hủy")
	sent := h.tg.Sent(resident)[before:]
	if len(sent) != 1 {
		var texts []string
		for _, c := range sent {
			texts = append(texts, c.Get("text"))
		}
		t.Fatalf("%d messages: %q", len(sent), texts)
	}
	if !strings.Contains(sent[0].Get("reply_markup"), "remove_keyboard") || !strings.Contains(sent[0].Get("text"), "Đã hủy") {
		t.Errorf("cancel: %q %s", sent[0].Get("text"), sent[0].Get("reply_markup"))
	}
}
