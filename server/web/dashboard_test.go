package web

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

const officialPassword = "KimLong-2026!"

func createOfficial(t *testing.T, s *site) *models.User {
	t.Helper()
	u, err := s.svc.CreateUser(ctx, testenv.Admin(), service.NewUser{
		Username: "kl.infra", Name: "Trần Văn Hạ Tầng", Role: models.RoleOfficial, Department: infraDept, Password: officialPassword,
	})
	if err != nil {
		t.Fatalf("create official: %v", err)
	}
	return u
}

func (b *browser) signIn(username, password string) {
	b.t.Helper()
	b.do("sign in",
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SendKeys(chromedp.CSS("#login-username"), username),
		chromedp.SendKeys(chromedp.CSS("#login-password"), password),
		chromedp.Click(chromedp.CSS("#login-submit")))
}

// actOn opens an action's form, types the message and submits it.
func (b *browser) actOn(action, message string) {
	b.t.Helper()
	b.do("act: "+action,
		chromedp.Click(chromedp.CSS(`#action-buttons button[data-action="`+action+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#action-message")),
		chromedp.SendKeys(chromedp.CSS("#action-message"), message),
		chromedp.Click(chromedp.CSS("#action-submit")))
}

func TestDashboardAnswerAndResolve(t *testing.T) {
	s := startSite(t)
	data := seed(t, s)
	createOfficial(t, s)
	b := newBrowser(t, s)
	b.open("/dashboard")
	b.signIn("kl.infra", officialPassword)

	// The list is the department's, nearest deadline first, overdue marked.
	b.waitText("#issue-list", data.light.Title)
	b.waitText("#whoami", "Trần Văn Hạ Tầng")
	// The default view is the open issues: the resolved one is not in it.
	items := eval[[]string](b, `[...document.querySelectorAll('#issue-list tr')].map(li => li.innerText)`)
	if len(items) != 2 || !strings.Contains(items[0], data.rubbish.Title) || !strings.Contains(items[1], data.light.Title) {
		t.Fatalf("want the overdue rubbish issue first, then the light, and nothing resolved: %q", items)
	}
	// "All" shows the resolved issue too.
	b.do("show all statuses",
		chromedp.SetValue(chromedp.CSS("#d-status"), ""),
		chromedp.Click(chromedp.CSS(`#dash-filters button[type="submit"]`)))
	b.waitText("#issue-list", data.resolved.Title)
	b.do("back to open issues",
		chromedp.SetValue(chromedp.CSS("#d-status"), "new,routed,in_progress,waiting_for_resident"),
		chromedp.Click(chromedp.CSS(`#dash-filters button[type="submit"]`)))
	b.waitGone("#issue-list", data.resolved.Title)
	if got := b.text("#issue-list tr.is-overdue"); !strings.Contains(got, data.rubbish.Title) {
		t.Errorf("overdue issue not highlighted: %q", got)
	}

	// Open the issue: officials see the contact and the timeline.
	b.do("open the issue", chromedp.Click(chromedp.CSS(`#issue-list a[href="#`+data.light.Code+`"]`)))
	b.waitText("#issue-title", data.light.Title)
	b.waitText("#detail .reporter", secretPhone)

	// Answer, then an internal note.
	b.actOn("answer", "Đội điện lực sẽ thay bóng đèn trong tuần này.")
	b.waitText("#detail .timeline", "Đội điện lực sẽ thay bóng đèn trong tuần này.")
	b.waitText("#notice", "Đã lưu: Trả lời người dân.")
	b.actOn("note", "Đã liên hệ điện lực, chờ vật tư.")
	b.waitText("#detail .timeline li.internal", "Đã liên hệ điện lực, chờ vật tư.")
	if got := b.text("#detail .timeline li.internal .badge"); got != "Nội bộ" {
		t.Errorf("internal note badge = %q", got)
	}
	b.waitText("#issue-list tr.is-current", data.light.Title)

	shot, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile("/tmp/civicdesk-dashboard.png", shot, 0o644); err != nil {
		t.Logf("cannot save the screenshot: %v", err)
	}

	// Someone else changes the issue meanwhile: the resolve is refused,
	// the page reloads the issue and says so, keeping what was typed.
	act(t, s, fakeOfficial(infraDept), data.light.Code, service.Action{Type: service.ActNote, Message: "Đồng nghiệp ghi chú song song."})
	resolution := "Đã thay bóng đèn mới, đèn sáng bình thường."
	b.actOn("resolve", resolution)
	b.waitText("#detail-error", "vừa được thay đổi; vui lòng tải lại")
	b.waitText("#detail-error", "Đã tải lại phiên bản mới nhất")
	b.waitText("#detail .timeline", "Đồng nghiệp ghi chú song song.")
	if got := eval[string](b, `document.getElementById('action-message').value`); got != resolution {
		t.Errorf("the typed resolution was lost: %q", got)
	}
	// The button is disabled until the reload after the conflict is done.
	b.waitJS("the form can be sent again", `() => !document.getElementById('action-submit').disabled`)
	b.do("resolve again", chromedp.Click(chromedp.CSS("#action-submit")))
	b.waitText("#detail .badges", "Đã giải quyết")
	b.waitText("#detail .outcome", resolution)

	// The database agrees.
	iss, err := s.svc.GetIssue(ctx, testenv.Admin(), data.light.Code)
	if err != nil {
		t.Fatal(err)
	}
	if iss.Status != models.StatusResolved || iss.Resolution != resolution {
		t.Errorf("in the database the issue is %s with resolution %q", iss.Status, iss.Resolution)
	}
	answered := false
	for _, e := range iss.Timeline {
		if e.Type == models.EventAnswered && e.Message == "Đội điện lực sẽ thay bóng đèn trong tuần này." && e.Actor.Name == "Trần Văn Hạ Tầng" {
			answered = true
		}
	}
	if !answered {
		t.Errorf("the answer is not on the timeline: %+v", iss.Timeline)
	}

	// The token survives a reload (sessionStorage), and the hash reopens the issue.
	b.do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	b.waitText("#issue-title", data.light.Title)
	b.waitText("#detail .badges", "Đã giải quyết")

	// Sign out: the token is gone and the sign-in form is back.
	b.do("sign out", chromedp.Click(chromedp.CSS("#signout")))
	b.waitText("#login-notice", "Bạn đã đăng xuất.")
	if tok := eval[string](b, `sessionStorage.getItem('civicdesk.token') || ''`); tok != "" {
		t.Error("the token is still in sessionStorage after signing out")
	}
	b.open("/dashboard")
	b.do("sign-in form after reload", chromedp.WaitVisible(chromedp.CSS("#login-form")))
}

func TestDashboardWrongPassword(t *testing.T) {
	s := startSite(t)
	createOfficial(t, s)
	b := newBrowser(t, s)
	b.open("/dashboard")
	b.signIn("kl.infra", "not-the-password-1")
	_, _, _, err := s.svc.Login(ctx, "kl.infra", "not-the-password-1")
	// The page is in Vietnamese, and so is the server's message (#7).
	vi := models.ErrorText(err, "vi", nil)
	if vi == models.ErrorMessageOf(err) {
		t.Fatalf("no Vietnamese text for %q", vi)
	}
	b.waitText("#login-error", vi)
	if !eval[bool](b, `document.getElementById('app').hidden`) {
		t.Error("the dashboard shows after a wrong password")
	}
	if tok := eval[string](b, `sessionStorage.getItem('civicdesk.token') || ''`); tok != "" {
		t.Error("a token was stored after a wrong password")
	}
}

func TestLanguageToggle(t *testing.T) {
	s := startSite(t)
	b := newBrowser(t, s)
	b.open("/dashboard")
	b.waitText("#login-h", "Đăng nhập dành cho cán bộ")
	if got := b.text("#lang-toggle"); got != "English" {
		t.Errorf("toggle reads %q", got)
	}
	b.do("switch to English", chromedp.Click(chromedp.CSS("#lang-toggle")))
	b.waitText("#login-h", "Sign in for officials")
	b.waitText(`label[for="login-username"]`, "Username")
	b.waitText("#login-submit", "Sign in")
	if got := eval[string](b, `document.documentElement.lang`); got != "en" {
		t.Errorf("html lang = %q", got)
	}

	// The choice is remembered, also on the other pages.
	b.open("/")
	b.waitText("#stats-h", "Issues received and resolved")
	b.waitText(`label[for="f-status"]`, "Status")
	b.waitText("#lang-toggle", "Tiếng Việt")
	b.do("back to Vietnamese", chromedp.Click(chromedp.CSS("#lang-toggle")))
	b.waitText("#stats-h", "Kết quả tiếp nhận và giải quyết")
	if got := eval[string](b, `localStorage.getItem('civicdesk.lang')`); got != "vi" {
		t.Errorf("stored language = %q", got)
	}
}

func TestDashboardTransferAndExpiredSession(t *testing.T) {
	s := startSite(t)
	data := seed(t, s)
	createOfficial(t, s)
	b := newBrowser(t, s)
	b.open("/dashboard#" + data.rubbish.Code)
	b.signIn("kl.infra", officialPassword)
	b.waitText("#issue-title", data.rubbish.Title)

	// Transfer to Phú Xuân: the department list comes from the catalogue.
	b.do("open the transfer form",
		chromedp.Click(chromedp.CSS(`#action-buttons button[data-action="transfer"]`)),
		chromedp.WaitVisible(chromedp.CSS("#action-department")))
	opts := eval[[]string](b, `[...document.querySelectorAll('#action-department option')].map(o => o.value)`)
	if !slices.Contains(opts, "phu-xuan-infra") || slices.Contains(opts, infraDept) || slices.Contains(opts, "kim-long-police") {
		t.Errorf("transfer targets %q: want departments handling environment, not the current one", opts)
	}
	b.do("transfer",
		chromedp.SetValue(chromedp.CSS("#action-department"), "phu-xuan-infra"),
		chromedp.SendKeys(chromedp.CSS("#action-message"), "Địa điểm thuộc phường Phú Xuân."),
		chromedp.Click(chromedp.CSS("#action-submit")))
	// The issue has left the department: saved, closed, gone from the list.
	b.waitText("#notice", "Đã chuyển phản ánh "+data.rubbish.Code+" đến ")
	b.waitText("#detail", "Chọn một phản ánh")
	b.waitText("#list-count", "1 phản ánh") // the open issues left: the light
	if got := b.text("#detail-error"); got != "" {
		t.Errorf("error after a transfer: %q", got)
	}
	iss, err := s.svc.GetIssue(ctx, testenv.Admin(), data.rubbish.Code)
	if err != nil {
		t.Fatal(err)
	}
	if iss.Routing.Department != "phu-xuan-infra" {
		t.Errorf("in the database the issue is with %s", iss.Routing.Department)
	}

	// The session ends elsewhere: the next request brings back the sign-in
	// form with the API's message.
	token := eval[string](b, `sessionStorage.getItem('civicdesk.token')`)
	if err := s.svc.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	b.do("reload the list", chromedp.Click(chromedp.CSS(`#dash-filters button[type="submit"]`)))
	_, err = s.svc.Authenticate(ctx, token)
	// The page is in Vietnamese, and so is the server's message (#7).
	vi := models.ErrorText(err, "vi", nil)
	if vi == models.ErrorMessageOf(err) {
		t.Fatalf("no Vietnamese text for %q", vi)
	}
	b.waitText("#login-error", vi)
	if !eval[bool](b, `document.getElementById('app').hidden`) {
		t.Error("the dashboard still shows after the session ended")
	}
}
