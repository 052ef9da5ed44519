package web

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/civicdesk/civicdesk/internal/testimage"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// waitThumbs waits until every image sel matches has loaded from a
// /thumb URL, inside a link to the full photo, and returns their sizes.
func (b *browser) waitThumbs(sel string, n int) [][2]int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.PollFunction[bool](
		`(sel, n) => { const imgs = [...document.querySelectorAll(sel)]; return imgs.length === n && imgs.every((i) => i.complete && i.naturalWidth > 0); }`,
		chromedp.WithPollingArgs(sel, n), chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		b.t.Fatalf("%d thumbnails %s did not load: %v", n, sel, err)
	}
	bad := eval[[]string](b, `[...document.querySelectorAll(`+jsString(sel)+`)].filter((i) => {
		const a = i.closest('a');
		return !i.src.endsWith('/thumb') || !a || a.href + '/thumb' !== i.src;
	}).map((i) => i.src)`)
	if len(bad) > 0 {
		b.t.Errorf("%s: images not thumbnails linking to their photo: %q", sel, bad)
	}
	return eval[[][2]int](b, `[...document.querySelectorAll(`+jsString(sel)+`)].map((i) => [i.naturalWidth, i.naturalHeight])`)
}

// fullPhotosLoaded counts the full photos the page downloaded.
func (b *browser) fullPhotosLoaded() int {
	b.t.Helper()
	return eval[int](b, `performance.getEntriesByType('resource').filter((e) => /\/photos\/[^/]+$/.test(new URL(e.name).pathname)).length`)
}

// The portal's list, the issue page and the dashboard's list and detail
// show thumbnails (upright, 320 pixels at most) that link to the full
// photo, and load no full photo.
func TestPagesShowThumbnails(t *testing.T) {
	s := startSite(t)
	iss, err := s.svc.CreateIssue(ctx, resident("tg:100"), service.NewIssue{
		Title: "Ổ gà trên đường Kim Long", Description: "Ổ gà sâu trước nhà số 5.", Category: "infrastructure", Ward: "kim-long",
		Channel: models.ChannelWeb, Photos: []service.PhotoUpload{{Data: testimage.JPEG(1600, 1200, 6)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	act(t, s, fakeOfficial(infraDept), iss.Code, service.Action{Type: service.ActAnswer, Message: "Đã cử người kiểm tra.",
		Photos: []service.PhotoUpload{{Data: testimage.WebP()}}})
	fileIssue(t, s, "Đèn đường hỏng ở kiệt 12", "infrastructure") // no photo: no thumbnail

	b := newBrowser(t, s)
	b.open("/")
	b.waitText("#issues", iss.Title)
	// Upright: stored 1600×1200, turned a quarter by its EXIF orientation.
	if got := b.waitThumbs("#issues .list-thumb", 1); got[0] != [2]int{240, 320} {
		t.Errorf("portal list thumbnail %v, want 240×320", got[0])
	}
	b.screenshot("portal")

	b.open("/issues/" + iss.Code)
	b.waitText(".photos", "Sau khi xử lý")
	if got := b.waitThumbs(".photo img", 2); got[0] != [2]int{240, 320} || got[1] != [2]int{320, 160} {
		t.Errorf("issue page thumbnails %v, want 240×320 and 320×160", got)
	}
	if n := b.fullPhotosLoaded(); n != 0 {
		t.Errorf("the issue page loaded %d full photos", n)
	}
	b.screenshotBoth("issue")

	createOfficial(t, s)
	b.open("/dashboard")
	b.signIn("kl.infra", officialPassword)
	b.waitText("#issue-list", iss.Title)
	b.waitThumbs("#issue-list .row-thumb", 1)
	b.do("open the issue", chromedp.Click(chromedp.CSS(`#issue-list a[href="#`+iss.Code+`"]`)))
	b.waitText("#issue-title", iss.Title)
	b.waitThumbs("#detail .photo img", 2)
	if n := b.fullPhotosLoaded(); n != 0 {
		t.Errorf("the dashboard loaded %d full photos", n)
	}
	b.screenshot("dashboard")
}
