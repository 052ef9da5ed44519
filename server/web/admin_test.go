package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// An admin creates an official and an API key in the UI (the key's
// secret shown once, then revoked), deactivates and resets an account,
// and invites an organisation.
func TestAdminCreatesOfficialAndAPIKey(t *testing.T) {
	s := startSite(t)
	if _, err := s.svc.CreateUser(ctx, testenv.Admin(), service.NewUser{Username: "quantri", Name: "Quản Trị Viên", Role: models.RoleAdmin, Password: officialPassword}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s)
	b.open("/dashboard")
	b.signIn("quantri", officialPassword)
	b.waitText("#whoami", "Quản Trị Viên")
	b.follow("#admin-link")
	b.waitText("#user-rows", "quantri")

	b.do("create an official",
		chromedp.SendKeys(chromedp.CSS("#u-username"), "kl.moi"),
		chromedp.SendKeys(chromedp.CSS("#u-name"), "Võ Thị Mới"),
		chromedp.SetValue(chromedp.CSS("#u-role"), "official"),
		chromedp.SetValue(chromedp.CSS("#u-department"), infraDept),
		chromedp.SendKeys(chromedp.CSS("#u-password"), "short"),
		chromedp.Click(chromedp.CSS("#u-submit")))
	b.waitText("#user-error", "password") // the API's rule, next to the form
	b.do("a strong password", chromedp.SetValue(chromedp.CSS("#u-password"), "Kim-Long-2026-moi!"), chromedp.Click(chromedp.CSS("#u-submit")))
	b.waitText("#user-notice", "Đã tạo tài khoản kl.moi.")
	b.waitText(`#user-rows tr[data-user="kl.moi"]`, "Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long")
	if _, _, u, err := s.svc.Login(ctx, "kl.moi", "Kim-Long-2026-moi!"); err != nil || u.Role != models.RoleOfficial || u.Department != infraDept {
		t.Fatalf("the new official: %+v %v", u, err)
	}

	// Reset the password, then deactivate the account.
	b.do("reset", chromedp.SendKeys(chromedp.CSS(`#user-rows tr[data-user="kl.moi"] input.reset-password`), "Mat-Khau-Moi-2026!"),
		chromedp.Click(chromedp.CSS(`#user-rows tr[data-user="kl.moi"] button.reset`)))
	b.waitText("#user-notice", "Đã đặt lại mật khẩu cho kl.moi.")
	if _, _, _, err := s.svc.Login(ctx, "kl.moi", "Mat-Khau-Moi-2026!"); err != nil {
		t.Errorf("the reset password does not work: %v", err)
	}
	b.do("deactivate", chromedp.Click(chromedp.CSS(`#user-rows tr[data-user="kl.moi"] button.toggle-user`)))
	b.waitText(`#user-rows tr[data-user="kl.moi"]`, "Đã vô hiệu hóa")

	// An organisation and its invite; an API key for it, shown once.
	b.do("create an organisation", chromedp.SendKeys(chromedp.CSS("#o-code"), "hoi-phu-nu-kl"),
		chromedp.SendKeys(chromedp.CSS("#o-name-vi"), "Hội Phụ nữ phường Kim Long"), chromedp.Click(chromedp.CSS(`#org-form button[type="submit"]`)))
	b.waitText("#org-rows", "Hội Phụ nữ phường Kim Long")
	b.do("invite", chromedp.Click(chromedp.CSS(`#org-rows li[data-org="hoi-phu-nu-kl"] button.invite`)))
	b.waitText("#org-notice", "https://t.me/"+testBot+"?start=")
	b.do("create a key", chromedp.SendKeys(chromedp.CSS("#k-name"), "Hệ thống Hội Phụ nữ"),
		chromedp.SetValue(chromedp.CSS("#k-org"), eval[string](b, `document.querySelector('#k-org option:nth-child(2)').value`)),
		chromedp.Click(chromedp.CSS("#k-submit")))
	b.waitText("#key-secret-box", "chỉ hiện một lần")
	secret := b.text("#key-secret")
	if len(secret) < 20 {
		t.Fatalf("secret %q", secret)
	}
	p, err := s.svc.AuthenticateAPIKey(ctx, secret)
	if err != nil || p.OrganisationID == "" {
		t.Fatalf("the shown key does not work: %+v %v", p, err)
	}
	b.waitText(`#key-rows tr[data-key="Hệ thống Hội Phụ nữ"]`, "Đang hoạt động")
	if strings.Contains(b.text("#key-rows"), secret) {
		t.Error("the key list shows the secret")
	}
	b.screenshotBoth("admin")
	b.do("revoke", chromedp.Click(chromedp.CSS(`#key-rows tr[data-key="Hệ thống Hội Phụ nữ"] button.revoke`)))
	b.waitText(`#key-rows tr[data-key="Hệ thống Hội Phụ nữ"]`, "Đã thu hồi")
	if _, err := s.svc.AuthenticateAPIKey(ctx, secret); err == nil {
		t.Error("the revoked key still works")
	}
}

// The catalogue editor checks with the server's rules, shows each problem
// with its field, and keeps a history of versions.
func TestAdminCatalogueEditor(t *testing.T) {
	s := startSite(t)
	if _, err := s.svc.CreateUser(ctx, testenv.Admin(), service.NewUser{Username: "quantri", Name: "Quản Trị Viên", Role: models.RoleAdmin, Password: officialPassword}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, s)
	b.open("/dashboard")
	b.signIn("quantri", officialPassword)
	b.waitText("#whoami", "Quản Trị Viên")
	b.open("/admin")
	b.waitText("#cat-version", "Phiên bản hiện tại")
	before := s.svc.CatalogueVersion()
	// Break a category's name: the error names the field.
	eval[bool](b, `(() => { const c = JSON.parse(document.getElementById('cat-json').value); c.categories[0].name_vi = ''; document.getElementById('cat-json').value = JSON.stringify(c); return true; })()`)
	b.do("save the broken catalogue", chromedp.Click(chromedp.CSS("#cat-save")))
	b.waitText("#cat-errors", "categories[0]")
	if s.svc.CatalogueVersion() != before {
		t.Fatal("a broken catalogue was saved")
	}
	// A good change is saved and shows in the history.
	eval[bool](b, `(() => { const c = JSON.parse(document.getElementById('cat-json').value); c.categories[0].name_vi = 'Hạ tầng đô thị'; document.getElementById('cat-json').value = JSON.stringify(c); return true; })()`)
	b.do("save", chromedp.Click(chromedp.CSS("#cat-save")))
	b.waitText("#cat-notice", "Đã lưu danh mục")
	b.waitText("#cat-history", "quantri")
	if s.svc.CatalogueVersion() != before+1 || s.svc.Catalogue().Categories[0].NameVI != "Hạ tầng đô thị" {
		t.Errorf("catalogue %d, name %q", s.svc.CatalogueVersion(), s.svc.Catalogue().Categories[0].NameVI)
	}
	b.do("open the kept version", chromedp.Click(chromedp.CSS("#cat-history button.load-version")))
	b.waitText("#cat-notice", "Đã mở phiên bản")
	b.screenshotBoth("admin-catalogue")
}
