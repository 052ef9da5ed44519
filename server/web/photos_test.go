package web

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func aPNG(t *testing.T, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		for y := 0; y < 30; y++ {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The public issue page shows the reporter's photo and the official's
// "after" picture, both loaded, each with its caption.
func TestIssuePageShowsBeforeAndAfterPhotos(t *testing.T) {
	s := startSite(t)
	iss, err := s.svc.CreateIssue(ctx, resident("tg:100"), service.NewIssue{
		Title: "Ổ gà trên đường Kim Long", Description: "Ổ gà sâu trước nhà số 5.", Category: "infrastructure", Ward: "kim-long",
		Channel: models.ChannelWeb, Photos: []service.PhotoUpload{{Data: aPNG(t, color.RGBA{200, 30, 30, 255})}},
	})
	if err != nil {
		t.Fatal(err)
	}
	act(t, s, fakeOfficial(infraDept), iss.Code, service.Action{Type: service.ActResolve, Message: "Đã vá ổ gà.",
		Photos: []service.PhotoUpload{{Data: aPNG(t, color.RGBA{30, 200, 30, 255})}}})
	b := newBrowser(t, s)
	b.open("/issues/" + iss.Code)
	b.do("photos", chromedp.WaitVisible(chromedp.CSS(".photo.after img")))
	b.waitText(".photos", "Ảnh phản ánh")
	b.waitText(".photos", "Sau khi xử lý")
	ctx2, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx2, chromedp.PollFunction[bool](
		`() => { const imgs = [...document.querySelectorAll('.photo img')]; return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth === 40); }`,
		chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("the photos did not load: %v", err)
	}
	if n := eval[int](b, `document.querySelectorAll('.photo img').length`); n != 2 {
		t.Errorf("%d photos shown", n)
	}
}
