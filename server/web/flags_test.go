package web

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// A monitor flags an issue for follow-up, sees the open flag counted,
// and the official answers the flag.
func TestMonitorFlagsAndOfficialAnswers(t *testing.T) {
	s := startSite(t)
	data := seed(t, s)
	createOfficial(t, s)
	if _, err := s.svc.CreateUser(ctx, testenv.Admin(), service.NewUser{Username: "hdnd.kimlong", Name: "HĐND phường Kim Long",
		Role: models.RoleMonitor, Password: officialPassword}); err != nil {
		t.Fatal(err)
	}
	mon := newBrowser(t, s)
	mon.open("/dashboard#" + data.rubbish.Code)
	mon.signIn("hdnd.kimlong", officialPassword)
	mon.waitText("#issue-title", data.rubbish.Title)
	if got := mon.buttons(); len(got) != 0 {
		t.Errorf("a monitor is offered %v", got)
	}
	mon.do("flag", chromedp.SendKeys(chromedp.CSS("#flag-comment"), "Rác tồn đọng đã 4 ngày, đề nghị xử lý ngay."), chromedp.Click(chromedp.CSS("#flag-submit")))
	mon.waitText("#flag-notice", "Đã gửi đề nghị theo dõi")
	mon.waitText("#flag-list", "Rác tồn đọng đã 4 ngày")
	mon.waitText("#flag-count", "1 đề nghị theo dõi đang chờ trả lời")
	mon.screenshotBoth("monitor-flag")

	off := newBrowser(t, s)
	off.open("/dashboard#" + data.rubbish.Code)
	off.signIn("kl.infra", officialPassword)
	off.waitText("#flag-count", "1 đề nghị theo dõi cần trả lời")
	off.waitText("#flag-list", "Rác tồn đọng đã 4 ngày")
	off.do("answer", chromedp.SendKeys(chromedp.CSS("#flag-list textarea"), "Đã cử xe thu gom sáng nay."),
		chromedp.Click(chromedp.CSS("#flag-list .flag-answer button")))
	off.waitText("#flag-notice", "Đã trả lời đề nghị theo dõi.")
	off.waitText("#flag-list .answered", "Đã cử xe thu gom sáng nay.")
	off.waitGone("#user-box", "đề nghị theo dõi")

	mon.do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	mon.waitText("#flag-list .answered", "Đã cử xe thu gom sáng nay.")
	if !eval[bool](mon, `document.getElementById('flag-count').hidden`) {
		t.Error("the monitor still sees an open flag")
	}
}
