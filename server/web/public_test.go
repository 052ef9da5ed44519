package web

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
)

// pngFile writes a small PNG photo and returns its path.
func pngFile(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		for y := 0; y < 30; y++ {
			img.Set(x, y, color.RGBA{R: uint8(6 * x), G: 120, B: uint8(8 * y), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "cong-tac.png")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// clickCenter clicks the middle of an element (a map).
func (b *browser) clickCenter(sel string) {
	b.t.Helper()
	// Scrolled into view first: a click outside the viewport reaches nothing.
	xy := eval[[]float64](b, `(() => { const e = document.querySelector(`+jsString(sel)+`); e.scrollIntoView({block: 'center', behavior: 'instant'}); const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	b.do("click "+sel, chromedp.MouseClickXY(xy[0], xy[1]))
}

func (b *browser) count(sel string) int {
	b.t.Helper()
	return eval[int](b, `document.querySelectorAll(`+jsString(sel)+`).length`)
}

// A visitor reports from the web with a photo and a place on the map,
// finds the issue by its code, and another visitor presses "me too".
// Everything works with no network: the map's pins need no tiles.
func TestVisitorReportsFindsAndSupports(t *testing.T) {
	s := startSite(t)
	seed(t, s)
	photo := pngFile(t)
	b := newBrowser(t, s)
	b.open("/report#at=16.465,107.54")
	b.do("map ready", chromedp.WaitVisible(chromedp.CSS("#r-map.leaflet-container")))
	if !eval[bool](b, `!document.getElementById('bot-link').hidden && document.getElementById('bot-link').href === 'https://t.me/`+testBot+`'`) {
		t.Error("no visible link to the Telegram bot")
	}
	b.screenshotBoth("report")
	b.do("fill the report",
		chromedp.SetValue(chromedp.CSS("#r-category"), "infrastructure"),
		chromedp.SendKeys(chromedp.CSS("#r-title"), "Cống thoát nước bị tắc ở kiệt 3"),
		chromedp.SendKeys(chromedp.CSS("#r-description"), "Nước tràn lên đường mỗi khi mưa."),
		chromedp.SendKeys(chromedp.CSS("#r-phone"), "0905111222"),
		chromedp.SetUploadFiles(chromedp.CSS("#r-photos"), []string{photo}))
	b.clickCenter("#r-map")
	b.waitText("#r-point", "16,46")
	if b.count("#r-map path.pin-picked") != 1 {
		t.Error("the chosen place has no pin")
	}
	ctx2, cancel := chromedpTimeout(b)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx2, chromedp.Click(chromedp.CSS("#report-submit"))); err != nil {
		t.Fatalf("submit: %v", err)
	}
	b.do("issue page", chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	b.waitText("#issue-new", "Mã của bạn là")
	code := eval[string](b, `decodeURIComponent(location.pathname.split('/').pop())`)
	iss, err := s.svc.GetIssue(ctx, testenv.Admin(), code)
	if err != nil {
		t.Fatalf("the new issue %q: %v", code, err)
	}
	if iss.Reporter.Channel != models.ChannelWeb || len(iss.Photos) != 1 || !iss.Location.HasPoint() || iss.Location.WardCode != "kim-long" ||
		iss.Reporter.Contact.Phone != "0905111222" || iss.Routing.Department != infraDept {
		t.Fatalf("the web report is %+v", iss)
	}
	// The map opened at 16.465 and was clicked in its middle; Leaflet's
	// view and the element's box can differ by a few hundred metres.
	if d := *iss.Location.Lat - 16.465; d > 0.003 || d < -0.003 {
		t.Errorf("latitude %f, want about 16.465", *iss.Location.Lat)
	}
	// The public page: photo, map pin, Telegram deep link, no contact.
	b.waitText("#issue h1", "Cống thoát nước bị tắc ở kiệt 3")
	b.waitJS("the photo shows", `() => { const i = document.querySelector('#issue .photos img'); return !!i && i.complete && i.naturalWidth === 40; }`)
	if b.count("#issue-map path.pin") != 1 {
		t.Error("the issue's map has no pin")
	}
	if got := eval[string](b, `document.getElementById('follow-tg').href`); got != "https://t.me/"+testBot+"?start="+code {
		t.Errorf("follow link %q", got)
	}
	if strings.Contains(b.html(), "0905111222") {
		t.Error("the public page shows the contact phone")
	}
	b.screenshotBoth("issue")

	// Find it by its code from the portal, typed in lower case.
	b.open("/")
	b.waitText("#map-count", "1")
	if n := b.count("#issues-map path.pin"); n != 1 {
		t.Errorf("the portal's map has %d pins, want 1 (only the web report has a place)", n)
	}
	b.do("filter the map", chromedp.SetValue(chromedp.CSS("#f-category"), "environment"),
		chromedp.Click(chromedp.CSS(`#issue-filters button[type="submit"]`)))
	b.waitText("#issues-count", "1 phản ánh")
	if n := b.count("#issues-map path.pin"); n != 0 {
		t.Errorf("after filtering, the map has %d pins", n)
	}
	b.screenshotBoth("portal")
	b.do("look up an unknown code", chromedp.SendKeys(chromedp.CSS("#lookup-code"), "KL-26-99999"), chromedp.Click(chromedp.CSS(`#lookup-form button`)))
	b.waitText("#lookup-error", "KL-26-99999")
	eval[bool](b, `(document.getElementById('lookup-code').value = '') === ''`)
	b.do("type the code", chromedp.SendKeys(chromedp.CSS("#lookup-code"), strings.ToLower(code)))
	ctx3, cancel3 := chromedpTimeout(b)
	defer cancel3()
	if _, err := chromedp.RunResponse(ctx3, chromedp.Click(chromedp.CSS(`#lookup-form button`))); err != nil {
		t.Fatalf("look up: %v", err)
	}
	b.do("issue page", chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
	b.waitText("#issue h1", "Cống thoát nước bị tắc ở kiệt 3")

	// Another visitor says "me too", once.
	other := newBrowser(t, s)
	other.open("/issues/" + code)
	other.waitText("#supporters", "0 người")
	other.do("me too", chromedp.Click(chromedp.CSS("#metoo")))
	other.waitText("#metoo-result", "Cảm ơn bạn")
	other.waitText("#supporters", "1 người")
	other.do("me too again", chromedp.Click(chromedp.CSS("#metoo")))
	other.waitText("#metoo-error", "Bạn đã ủng hộ phản ánh này rồi.")
	iss, _ = s.svc.GetIssue(ctx, testenv.Admin(), code)
	if iss.Supporters != 1 {
		t.Errorf("supporters = %d, want 1", iss.Supporters)
	}
}

// On a 360 px phone no portal page scrolls sideways, and "who handles
// this?" comes before the long list of issues.
func TestPhoneLayoutNoSidewaysScrolling(t *testing.T) {
	s := startSite(t)
	data := seed(t, s)
	b := newBrowser(t, s)
	b.do("phone viewport", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	for _, page := range []struct{ name, path string }{
		{"portal", "/"}, {"issue", "/issues/" + data.light.Code}, {"report", "/report"}, {"not-found", "/khong-co"}, {"dashboard", "/dashboard"},
		{"figures", "/figures?ward=kim-long"},
	} {
		b.open(page.path)
		for _, lang := range []string{"first", "second"} {
			w := eval[[]int](b, `[document.documentElement.scrollWidth, innerWidth]`)
			if w[0] > w[1] {
				wide := eval[[]string](b, `[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)`)
				t.Errorf("%s (%s language): the page is %d px wide in a %d px screen; too wide: %v", page.name, lang, w[0], w[1], wide)
			}
			b.screenshot("phone-" + page.name)
			b.switchLang()
		}
	}
	b.open("/")
	if !eval[bool](b, `document.getElementById('who-section').getBoundingClientRect().top < document.getElementById('issues').getBoundingClientRect().top`) {
		t.Error("on a phone, \"who handles this?\" comes after the list of issues")
	}
}
