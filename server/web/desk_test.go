package web

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// poll runs the dashboard's live-update round now instead of waiting for
// its timer.
func (b *browser) poll() {
	b.t.Helper()
	n := eval[int](b, `Number(document.body.dataset.polled || 0)`)
	eval[bool](b, `document.dispatchEvent(new Event('civicdesk:poll')) || true`)
	b.waitJS("the poll round", `() => Number(document.body.dataset.polled || 0) > `+strconv.Itoa(n))
}

// It waits until the form can be sent: the send button stays disabled
// until the previous action's answer has been drawn and the list reloaded,
// and a click on it before then does nothing (a resolve was lost so).
func (b *browser) openAction(name string) {
	b.t.Helper()
	b.do("open "+name, chromedp.Click(chromedp.CSS(`#action-buttons button[data-action="`+name+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#action-submit:not([disabled])")))
}

// An official uses the saved views and their counts, assigns in bulk,
// takes an issue, answers with a canned reply, sees a colleague on the
// same issue and a change made elsewhere, records a reply given by phone,
// resolves with an "after" photo and merges a duplicate.
func TestOfficialDesk(t *testing.T) {
	s := startSite(t)
	data := seed(t, s)
	me := createOfficial(t, s)
	hai := createUser(t, s, "kl.infra2", "Phạm Thị Hai", models.RoleOfficial, infraDept)
	photo := pngFile(t)
	b := newBrowser(t, s)
	b.open("/dashboard")
	b.signIn("kl.infra", officialPassword)
	b.waitText("#issue-list", data.light.Title)

	// Canned replies for the department.
	b.do("write canned replies",
		chromedp.Click(chromedp.CSS("#canned-manager summary")),
		chromedp.SendKeys(chromedp.CSS("#canned-text"), "Đã tiếp nhận | Phường đã tiếp nhận, đội điện lực sẽ kiểm tra trong tuần.\nĐã xong | Đã xử lý xong."),
		chromedp.Click(chromedp.CSS("#canned-save")))
	b.waitText("#canned-notice", "Đã lưu 2 câu trả lời mẫu.")

	// The views and their counts.
	b.waitText(`#views [data-view="unassigned"]`, "(2)")
	b.waitText(`#views [data-view="overdue"]`, "(1)")
	b.waitText(`#views [data-view="mine"]`, "(0)")
	b.do("overdue view", chromedp.Click(chromedp.CSS(`#views [data-view="overdue"]`)))
	b.waitText("#list-count", "1 phản ánh")
	b.waitText("#issue-list", data.rubbish.Title)
	b.do("all view", chromedp.Click(chromedp.CSS(`#views [data-view="all"]`)))
	b.waitText("#list-count", "2 phản ánh")

	// Bulk: both open issues to Hai.
	b.do("select both", chromedp.Click(chromedp.CSS(`#issue-list tr[data-code="`+data.light.Code+`"] input.select`)),
		chromedp.Click(chromedp.CSS(`#issue-list tr[data-code="`+data.rubbish.Code+`"] input.select`)),
		chromedp.SetValue(chromedp.CSS("#bulk-assignee"), hai.ID),
		chromedp.Click(chromedp.CSS("#bulk-assign")))
	b.waitText("#live", "Đã giao 2 phản ánh cho Phạm Thị Hai.")
	b.waitText(`#views [data-view="unassigned"]`, "(0)")
	b.waitText(`#issue-list tr[data-code="`+data.light.Code+`"] td.assignee`, "Phạm Thị Hai")

	// A saved view: infrastructure only.
	b.do("save a view", chromedp.SetValue(chromedp.CSS("#d-category"), "infrastructure"),
		chromedp.SendKeys(chromedp.CSS("#view-name"), "Hạ tầng"), chromedp.Click(chromedp.CSS("#view-save")))
	b.do("use it", chromedp.Click(chromedp.CSS(`#views [data-view="all"]`)))
	b.waitText("#list-count", "2 phản ánh")
	b.do("the saved view", chromedp.Click(chromedp.CSS(`#saved-views button[data-saved="Hạ tầng"]`)))
	b.waitText("#list-count", "1 phản ánh")
	b.waitText("#issue-list", data.light.Title)

	// Take the light issue, then answer with the canned reply.
	b.do("open the light", chromedp.Click(chromedp.CSS(`#issue-list a[href="#`+data.light.Code+`"]`)))
	b.waitText("#issue-title", data.light.Title)
	b.openAction("take")
	b.do("take it", chromedp.Click(chromedp.CSS("#action-submit")))
	b.waitText("#notice", "Đã lưu: Nhận việc.")
	b.waitText("#detail", "Trần Văn Hạ Tầng")
	b.openAction("answer")
	b.do("canned reply", chromedp.SetValue(chromedp.CSS("#action-canned"), "0"))
	eval[bool](b, `document.getElementById('action-canned').dispatchEvent(new Event('change')) || true`)
	if got := eval[string](b, `document.getElementById('action-message').value`); got != "Phường đã tiếp nhận, đội điện lực sẽ kiểm tra trong tuần." {
		t.Fatalf("the canned reply was not inserted: %q", got)
	}
	b.do("send", chromedp.Click(chromedp.CSS("#action-submit")))
	b.waitText("#detail .timeline", "Phường đã tiếp nhận, đội điện lực sẽ kiểm tra trong tuần.")

	// A colleague opens the same issue; someone changes it elsewhere.
	haiP := models.Principal{Kind: models.ActorOfficial, User: hai}
	if _, err := s.svc.Viewing(ctx, haiP, data.light.Code); err != nil {
		t.Fatal(err)
	}
	b.poll()
	b.waitText("#collision", "Phạm Thị Hai cũng đang mở phản ánh này")
	act(t, s, haiP, data.light.Code, service.Action{Type: service.ActRequestInfo, Message: "Xin cho biết số cột đèn."})
	b.poll()
	b.waitText("#collision", "vừa được người khác thay đổi")
	b.waitText("#detail .badges", "Chờ người dân")

	// The resident answers by phone: the clock resumes.
	b.openAction("record-reply")
	b.do("record", chromedp.SendKeys(chromedp.CSS("#action-message"), "Cột số 14, chị Lan gọi điện báo."), chromedp.Click(chromedp.CSS("#action-submit")))
	b.waitText("#detail .badges", "Đang xử lý")
	iss, _ := s.svc.GetIssue(ctx, testenv.Admin(), data.light.Code)
	if iss.Status != models.StatusInProgress || iss.SLA.ResolutionDue == nil || iss.AssigneeID != me.ID {
		t.Fatalf("after the phone reply: %s, due %v, assignee %s", iss.Status, iss.SLA.ResolutionDue, iss.AssigneeID)
	}

	// Resolve with an "after" photo, a little later.
	s.clk.Advance(2 * time.Hour)
	b.openAction("resolve")
	b.do("resolve", chromedp.SendKeys(chromedp.CSS("#action-message"), "Đã thay bóng đèn cột 14."),
		chromedp.SetUploadFiles(chromedp.CSS("#action-photos"), []string{photo}), chromedp.Click(chromedp.CSS("#action-submit")))
	// The server resolves it; then the page shows it. (A refresh that
	// was under way when the answer came back can draw the issue as it
	// was before: the page is opened again once the server has it.)
	for deadline := time.Now().Add(15 * time.Second); ; {
		if iss, _ := s.svc.GetIssue(ctx, testenv.Admin(), data.light.Code); iss != nil && iss.Status == models.StatusResolved {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the resolution with an after photo did not reach the server")
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.open("/dashboard#" + data.light.Code)
	b.waitText("#detail .badges", "Đã giải quyết")
	b.waitText("#detail .photos", "Sau khi xử lý")
	b.waitJS("the after photo shows", `() => { const i = document.querySelector('#detail .photos img'); return !!i && i.complete && i.naturalWidth === 40; }`)
	b.screenshotBoth("dashboard-resolved")

	// A duplicate of it is merged.
	dup := fileIssue(t, s, "Đèn đường hỏng cột 14 kiệt 12", "infrastructure")
	b.do("open the duplicate", chromedp.Navigate(b.base+"/dashboard#"+dup.Code))
	b.waitText("#issue-title", dup.Title)
	b.openAction("duplicate")
	b.do("merge", chromedp.SendKeys(chromedp.CSS("#action-duplicate"), strings.ToLower(data.light.Code)), chromedp.Click(chromedp.CSS("#action-submit")))
	b.waitText("#detail .outcome", "Trùng với phản ánh "+data.light.Code)
	b.screenshotBoth("dashboard-table")
}
