package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func noPersonalData(t *testing.T, where, html string) {
	t.Helper()
	for _, s := range []string{secretPhone, secretName, secretEmail} {
		if strings.Contains(html, s) {
			t.Errorf("%s shows the reporter's personal data %q", where, s)
		}
	}
}

func TestPortalFiguresIssuesAndTimeline(t *testing.T) {
	s := startSite(t)
	data := seed(t, s)
	// An internal note must stay internal.
	act(t, s, fakeOfficial(infraDept), data.light.Code, service.Action{Type: service.ActNote, Message: "Ghi chú nội bộ: gọi điện cho bà Bí Mật"})
	act(t, s, fakeOfficial(infraDept), data.light.Code, service.Action{Type: service.ActAnswer, Message: "Đã cử đội điện lực kiểm tra."})
	b := newBrowser(t, s)
	b.open("/")

	// Figures per department: 3 received, 1 resolved on time, 2 open, 1 overdue.
	row := `#dept-rows tr[data-department="` + infraDept + `"]`
	b.waitText(row, "Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long")
	cells := eval[[]string](b, `[...document.querySelectorAll('`+row+` td')].map(td => td.innerText)`)
	want := []string{"Cấp phường", "3", "1", "100%", "2", "1", "33%"}
	if len(cells) < len(want) {
		t.Fatalf("figures row has cells %q", cells)
	}
	for i, w := range want {
		if cells[i] != w {
			t.Errorf("figures cell %d = %q, want %q (row %q)", i, cells[i], w, cells)
		}
	}
	b.waitText(`#level-cards [data-level="ward"]`, "Cấp phường")
	b.waitText("#stats-period", "Kỳ báo cáo: từ 25/10/2026 đến 23/11/2026.")

	// Recent issues, newest first, with status, deadline and the overdue badge.
	b.waitText("#issues", data.light.Title)
	items := eval[[]string](b, `[...document.querySelectorAll('#issues li')].map(li => li.innerText)`)
	if len(items) != 3 {
		t.Fatalf("want 3 issues, got %q", items)
	}
	if !strings.Contains(items[0], data.resolved.Title) || !strings.Contains(items[0], "Đã giải quyết") {
		t.Errorf("first issue should be the resolved one, newest: %q", items[0])
	}
	overdue := b.text("#issues li.is-overdue")
	if !strings.Contains(overdue, data.rubbish.Title) || !strings.Contains(overdue, "Quá hạn phản hồi") || !strings.Contains(overdue, "Hạn phản hồi:") {
		t.Errorf("the overdue issue is not flagged: %q", overdue)
	}
	if !strings.Contains(items[1], data.light.Code) || !strings.Contains(items[1], "Hạn giải quyết") || !strings.Contains(items[1], "Hạ tầng (đường, chiếu sáng, thoát nước)") {
		t.Errorf("issue item lacks code, category or deadline: %q", items[1])
	}
	noPersonalData(t, "the portal", b.html())

	// Filters: category, then a diacritic-free search.
	b.do("filter by category",
		chromedp.SetValue(chromedp.CSS("#f-category"), "environment"),
		chromedp.Click(chromedp.CSS(`#issue-filters button[type="submit"]`)))
	b.waitText("#issues-count", "1 phản ánh")
	b.waitText("#issues", data.rubbish.Title)
	b.do("search",
		chromedp.Click(chromedp.CSS("#f-reset")),
		chromedp.SendKeys(chromedp.CSS("#f-q"), "den duong"),
		chromedp.Click(chromedp.CSS(`#issue-filters button[type="submit"]`)))
	b.waitText("#issues-count", "1 phản ánh")
	b.waitText("#issues", data.light.Title)

	// Click through to the public timeline.
	b.follow(`#issues a[href="/issues/` + data.light.Code + `"]`)
	b.waitText("#issue", "Quá trình xử lý")
	b.waitText("#issue h1", data.light.Title)
	tl := b.text("#issue .timeline")
	for _, w := range []string{"Tiếp nhận phản ánh", "Chuyển đến cơ quan xử lý", "Trả lời", "Đã cử đội điện lực kiểm tra."} {
		if !strings.Contains(tl, w) {
			t.Errorf("public timeline lacks %q: %q", w, tl)
		}
	}
	html := b.html()
	if strings.Contains(html, "Ghi chú nội bộ: gọi điện") {
		t.Error("the public page shows an internal note")
	}
	noPersonalData(t, "the public issue page", html)
	if got := b.text("#issue .facts"); !strings.Contains(got, "Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long") || !strings.Contains(got, data.light.Routing.ExplainVI) {
		t.Errorf("public page lacks the department or why it handles it: %q", got)
	}

	// An unknown code shows the API's message, in the page's language.
	b.open("/issues/KL-26-99999")
	b.waitText("#issue-error", "không có phản ánh mã KL-26-99999")
}

func TestWhoHandles(t *testing.T) {
	s := startSite(t)
	ans, err := s.svc.WhoHandles(ctx, service.WhoHandlesQuery{Category: "construction", Ward: "kim-long"})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s)
	b.open("/")
	b.do("ask who handles construction in Kim Long",
		chromedp.SetValue(chromedp.CSS("#who-category"), "construction"),
		chromedp.SetValue(chromedp.CSS("#who-ward"), "kim-long"),
		chromedp.Click(chromedp.CSS(`#who-form button[type="submit"]`)))
	b.waitText("#who-result .explain", ans.ExplainVI)
	got := b.text("#who-result")
	for _, w := range []string{"Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long", "Sở Văn hóa và Thể thao thành phố Huế", "Hạn phản hồi", "8 giờ làm việc", "80 giờ làm việc"} {
		if !strings.Contains(got, w) {
			t.Errorf("who-handles answer lacks %q: %q", w, got)
		}
	}
	// The answer follows the language.
	b.do("switch to English", chromedp.Click(chromedp.CSS("#lang-toggle")))
	b.waitText("#who-result .explain", ans.ExplainEN)
	b.waitText("#who-h", "Who handles this?")

	// An API error is shown as the API wrote it.
	b.do("ask without a ward",
		chromedp.SetValue(chromedp.CSS("#who-ward"), ""),
		chromedp.SetValue(chromedp.CSS("#who-category"), "land"),
		chromedp.Click(chromedp.CSS(`#who-form button[type="submit"]`)))
	_, err = s.svc.WhoHandles(ctx, service.WhoHandlesQuery{Category: "land"})
	if err == nil {
		t.Fatal("who handles land without a ward: want an error")
	}
	// The page is in English here; the message names the category.
	b.waitText("#who-error", models.ErrorText(err, "en", s.svc.Catalogue()))
}
