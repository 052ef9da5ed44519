package web

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/civicdesk/civicdesk/service"
)

// Monitors and supervisors see the figures as charts for a ward, download
// them as CSV and print the weekly report with its overdue list and
// escalations with their reasons.
func TestFiguresChartsAndWeeklyReport(t *testing.T) {
	s := startSite(t)
	data := seed(t, s)
	act(t, s, fakeOfficial(infraDept), data.light.Code, service.Action{Type: service.ActEscalate, Message: "Cần thay cả cột đèn, vượt khả năng của phường."})
	b := newBrowser(t, s)
	b.open("/figures?ward=kim-long")
	b.waitText("#weekly-period", "Kim Long")
	if e := b.text("#figs-error"); e != "" {
		t.Fatalf("the page says: %s", e)
	}
	if n := b.count("#chart-weeks rect.bar.received"); n != 9 { // 8 weeks and the legend
		t.Errorf("%d weekly bars", n)
	}
	received := eval[string](b, `[...document.querySelectorAll('#chart-weeks rect.bar.received')].slice(-2, -1)[0].dataset.value`)
	if received != "3" {
		t.Errorf("last week's received bar = %q, want 3", received)
	}
	if b.count("#chart-rates rect.bar.ontime") < 2 || b.count("#chart-times rect.bar.resolution") < 2 {
		t.Error("no rate or time bars")
	}
	b.waitText("#chart-rates", "Phòng Kinh tế, Hạ tầng và Đô") // long names are cut
	b.waitText("#weekly-overdue", data.rubbish.Code)
	b.waitText("#weekly-escalations", "Cần thay cả cột đèn, vượt khả năng của phường.")
	href := eval[string](b, `document.getElementById('figs-csv').href`)
	if !strings.Contains(href, "format=csv") || !strings.Contains(href, "ward=kim-long") {
		t.Errorf("CSV link %q", href)
	}
	res, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") || !strings.Contains(string(body), infraDept) {
		t.Errorf("CSV: %s %q", res.Header.Get("Content-Type"), body)
	}
	b.screenshotBoth("figures")
	// Printed, only the report and charts remain.
	b.do("print media", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if eval[bool](b, `getComputedStyle(document.querySelector('header.top')).display !== 'none' || getComputedStyle(document.getElementById('figs-form')).display !== 'none'`) {
		t.Error("the printed report shows the header or the form")
	}
	b.screenshot("figures-print")
}
