package web

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func createUser(t *testing.T, s *site, username, name string, role models.Role, dept string) *models.User {
	t.Helper()
	u, err := s.svc.CreateUser(ctx, testenv.Admin(), service.NewUser{
		Username: username, Name: name, Role: role, Department: dept, Password: officialPassword,
	})
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	return u
}

func (b *browser) buttons() []string {
	b.t.Helper()
	return eval[[]string](b, `[...document.querySelectorAll('#action-buttons button')].filter(x => x.offsetParent !== null).map(x => x.dataset.action)`)
}

// The dashboard offers the actions the API says the caller may take: after
// an escalation, the ward official gets no buttons on the city's issue,
// and the city's official resolves it; the confirmation shows in view.
func TestDashboardOffersOnlyAllowedActions(t *testing.T) {
	s := startSite(t)
	data := seed(t, s)
	createOfficial(t, s)
	esc := act(t, s, fakeOfficial(infraDept), data.light.Code, service.Action{Type: service.ActEscalate, Message: "Cần thành phố thay cột đèn."})
	cityDept := esc.Routing.Department
	createUser(t, s, "hue.city", "Lê Thành Phố", models.RoleOfficial, cityDept)

	b := newBrowser(t, s)
	b.open("/dashboard#" + data.light.Code)
	b.signIn("kl.infra", officialPassword)
	b.waitText("#issue-title", data.light.Title)
	if got := b.buttons(); len(got) != 0 {
		t.Errorf("the ward official is offered %v on the city's issue", got)
	}
	if !eval[bool](b, `document.getElementById('actions').hidden`) {
		t.Error("the actions section shows with nothing to do")
	}
	// On its own issue, the buttons are the API's allowed actions.
	b.do("open own issue", chromedp.Navigate(b.base+"/dashboard#"+data.rubbish.Code))
	b.waitText("#issue-title", data.rubbish.Title)
	own, err := s.svc.GetIssue(ctx, fakeOfficial(infraDept), data.rubbish.Code)
	if err != nil {
		t.Fatal(err)
	}
	got := b.buttons()
	for _, name := range got {
		if name == "take" {
			name = "assign" // taking is assigning to oneself
		}
		if !slices.Contains(own.AllowedActions, strings.ReplaceAll(name, "-", "_")) {
			t.Errorf("button %s is not in allowed_actions %v", name, own.AllowedActions)
		}
	}
	for _, want := range []string{"answer", "resolve", "transfer", "escalate", "edit"} {
		if !slices.Contains(got, want) {
			t.Errorf("no %s button: %v", want, got)
		}
	}
	b.screenshotBoth("dashboard-issue")

	b.do("sign out", chromedp.Click(chromedp.CSS("#signout")))
	b.waitText("#login-notice", "Bạn đã đăng xuất.")
	b.open("/")
	b.open("/dashboard#" + data.light.Code)
	b.signIn("hue.city", officialPassword)
	b.waitText("#issue-title", data.light.Title)
	got = b.buttons()
	if !slices.Contains(got, "resolve") || !slices.Contains(got, "return") || slices.Contains(got, "escalate") {
		t.Errorf("the city official is offered %v", got)
	}
	b.actOn("resolve", "Đã thay cột đèn mới.")
	b.waitText("#notice", "Đã lưu: Hoàn thành giải quyết.")
	if !b.inView("#notice") {
		t.Error("the confirmation is not in view")
	}
	if got := b.buttons(); slices.Contains(got, "resolve") {
		t.Errorf("after resolving, still offered %v", got)
	}
}

// A transfer says where the issue went, where the user is looking.
func TestTransferSaysWhereTheIssueWent(t *testing.T) {
	s := startSite(t)
	data := seed(t, s)
	createOfficial(t, s)
	b := newBrowser(t, s)
	b.open("/dashboard#" + data.rubbish.Code)
	b.signIn("kl.infra", officialPassword)
	b.waitText("#issue-title", data.rubbish.Title)
	b.do("open the transfer form",
		chromedp.Click(chromedp.CSS(`#action-buttons button[data-action="transfer"]`)),
		chromedp.WaitVisible(chromedp.CSS("#action-department")))
	// The reason is public, so it is required.
	if !eval[bool](b, `document.getElementById('action-message').required`) {
		t.Error("the transfer reason is optional")
	}
	b.do("transfer without a reason",
		chromedp.SetValue(chromedp.CSS("#action-department"), "phu-xuan-infra"),
		chromedp.Click(chromedp.CSS("#action-submit")))
	if eval[bool](b, `document.getElementById('action-form').hidden`) {
		t.Fatal("the transfer went through without a reason")
	}
	b.do("give the reason", chromedp.SendKeys(chromedp.CSS("#action-message"), "Địa điểm thuộc phường Phú Xuân."),
		chromedp.Click(chromedp.CSS("#action-submit")))
	dept, _ := s.svc.Catalogue().Department("phu-xuan-infra")
	b.waitText("#notice", "Đã chuyển phản ánh "+data.rubbish.Code+" đến "+dept.NameVI+".")
	if !b.inView("#notice") {
		t.Errorf("the transfer confirmation is not in view: %v", eval[[]float64](b, `(() => { const r = document.getElementById('notice').getBoundingClientRect(); return [r.top, r.bottom, innerHeight, scrollY]; })()`))
	}
}

// Personal data in public text is masked; an official edits the text in
// the dashboard and the edit shows on the timeline; rejected spam leaves
// the portal and Open311; the channel and coordinates read well.
func TestPublicTextMaskedEditedAndSpamHidden(t *testing.T) {
	s := startSite(t)
	createOfficial(t, s)
	lat, lon := 16.47, 107.53
	iss, err := s.svc.CreateIssue(ctx, resident("tg:100"), service.NewIssue{
		Title: "Cống tắc ở kiệt 5, gọi 0905777888", Description: "Nước ngập. Liên hệ chị Lan 0905 777 888 hoặc lan@example.vn, CCCD 046201001234.",
		Category: "infrastructure", Lat: &lat, Lon: &lon, Channel: models.ChannelWeb,
	})
	if err != nil {
		t.Fatal(err)
	}
	spam := fileIssue(t, s, "Bán đất giá rẻ liên hệ 0987654321", "infrastructure")
	b := newBrowser(t, s)
	b.open("/issues/" + iss.Code)
	b.waitText("#issue h1", "Cống tắc ở kiệt 5")
	html := b.html()
	for _, secret := range []string{"0905777888", "0905 777 888", "lan@example.vn", "046201001234"} {
		if strings.Contains(html, secret) {
			t.Errorf("the public page shows %q", secret)
		}
	}
	b.waitText("#issue", "Liên hệ chị Lan ***")
	b.waitText("#issue .facts", "16,47000; 107,53000")
	b.screenshotBoth("issue-page")
	b.switchLang()
	b.waitText("#issue .facts", "16.47000, 107.53000")
	b.switchLang()

	b.open("/dashboard#" + iss.Code)
	b.signIn("kl.infra", officialPassword)
	b.waitText("#issue-title", "0905777888") // officials see the original
	b.waitText("#detail .reporter", "Trang web")
	b.do("edit the public text",
		chromedp.Click(chromedp.CSS(`#action-buttons button[data-action="edit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#action-new-title")),
		chromedp.SetValue(chromedp.CSS("#action-new-title"), "Cống tắc ở kiệt 5"),
		chromedp.SetValue(chromedp.CSS("#action-new-description"), "Nước ngập sau mưa."),
		chromedp.SendKeys(chromedp.CSS("#action-message"), "Xóa thông tin cá nhân."),
		chromedp.Click(chromedp.CSS("#action-submit")))
	b.waitText("#notice", "Đã lưu: Sửa nội dung công khai.")
	if !b.inView("#notice") {
		t.Error("the confirmation is not in view")
	}
	b.waitText("#detail .timeline", "Nội dung công khai đã được chỉnh sửa")
	b.waitText("#detail .timeline", "Trước khi sửa")

	// Reject the spam from the dashboard.
	b.do("open the spam", chromedp.Navigate(b.base+"/dashboard#"+spam.Code))
	b.waitText("#issue-title", spam.Title)
	b.openAction("reject")
	b.do("reject as spam",
		chromedp.WaitVisible(chromedp.CSS("#action-reason")),
		chromedp.SetValue(chromedp.CSS("#action-reason"), "spam"),
		chromedp.Click(chromedp.CSS("#action-submit")))
	b.waitText("#detail .badges", "Không thụ lý")

	b.open("/issues/" + iss.Code)
	b.waitText("#issue", "Nước ngập sau mưa.")
	b.waitText("#issue .timeline", "Nội dung công khai đã được chỉnh sửa")
	if strings.Contains(b.html(), "0905") {
		t.Error("the old text with the phone number is on the public page")
	}
	b.open("/")
	b.waitText("#issues", "Cống tắc ở kiệt 5")
	if strings.Contains(b.text("#issues"), spam.Title) || strings.Contains(b.html(), "0987654321") {
		t.Error("the portal lists the rejected spam")
	}
	b.open("/issues/" + spam.Code)
	b.waitText("#issue-error", "Không tìm thấy") // the page is in Vietnamese
	res, err := http.Get(s.url + "/open311/v2/requests.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || strings.Contains(string(body), spam.Code) || !strings.Contains(string(body), iss.Code) {
		t.Errorf("Open311 list (%d) should hold %s and not the spam %s: %s", res.StatusCode, iss.Code, spam.Code, body)
	}
}

// Unknown addresses get a page in the visitor's language with a way back;
// the API and Open311 keep answering JSON.
func TestNotFoundPage(t *testing.T) {
	s := startSite(t)
	for _, path := range []string{"/khong-co-trang-nay", "/issues/KL-26-00001/extra"} {
		res, err := http.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 404 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "notfound.js") {
			t.Errorf("GET %s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
	for _, path := range []string{"/api/v1/khong-co", "/open311/v2/khong-co.json", "/api/khong-co"} {
		res, err := http.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		// The API's error object, or Open311's error list: JSON either way.
		var e any
		err = json.NewDecoder(res.Body).Decode(&e)
		res.Body.Close()
		if res.StatusCode != 404 || err != nil || !strings.Contains(res.Header.Get("Content-Type"), "json") {
			t.Errorf("GET %s: %d, JSON error %v", path, res.StatusCode, err)
		}
	}
	b := newBrowser(t, s)
	b.open("/khong-co-trang-nay")
	b.waitText("#nf-h", "Không tìm thấy trang này")
	b.waitText("#nf-path", "/khong-co-trang-nay")
	b.screenshotBoth("not-found")
	b.switchLang()
	b.waitText("#nf-h", "This page does not exist")
	b.waitText("#nf-home", "Back to the public portal")
	b.follow("#nf-home")
	b.waitText("#stats-h", "Issues received and resolved")
}

// The figures' dates are typed and shown as dd/mm/yyyy, whatever the
// browser's locale.
func TestPortalDatesDayMonthYear(t *testing.T) {
	s := startSite(t)
	seed(t, s)
	b := newBrowser(t, s)
	b.open("/")
	b.waitText("#stats-period", "từ 25/10/2026 đến 23/11/2026")
	if got := eval[string](b, `document.getElementById('stats-from').value`); got != "25/10/2026" {
		t.Errorf("the from field shows %q", got)
	}
	if typ := eval[string](b, `document.getElementById('stats-from').type`); typ != "text" {
		t.Errorf("the date field is a %s input, which follows the browser's locale", typ)
	}
	b.do("choose a period",
		chromedp.SetValue(chromedp.CSS("#stats-from"), "1/11/2026"),
		chromedp.Click(chromedp.CSS(`#stats-form button[type="submit"]`)))
	b.waitText("#stats-period", "từ 01/11/2026 đến 23/11/2026")
	b.do("a date in the wrong format",
		chromedp.SetValue(chromedp.CSS("#stats-from"), "2026-11-01"),
		chromedp.Click(chromedp.CSS(`#stats-form button[type="submit"]`)))
	b.waitText("#stats-error", "dd/mm/yyyy")
	if got := eval[string](b, `document.getElementById('stats-from').getAttribute('aria-invalid')`); got != "true" {
		t.Errorf("aria-invalid = %q", got)
	}
	b.screenshotBoth("portal")
}
