package service_test

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"log/slog"
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/internal/testimage"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

// thumbSize decodes a stored thumbnail, failing the test when there is
// none or it is not a JPEG.
func thumbSize(t *testing.T, st *store.Store, issueID, photoID string) image.Point {
	t.Helper()
	th, err := st.GetPhotoThumb(ctx, issueID, photoID)
	if err != nil {
		t.Fatalf("thumbnail of %s: %v", photoID, err)
	}
	if th.ContentType != "image/jpeg" || th.Unmade != "" {
		t.Fatalf("thumbnail of %s: %q, unmade %q", photoID, th.ContentType, th.Unmade)
	}
	img, err := jpeg.Decode(bytes.NewReader(th.Data))
	if err != nil {
		t.Fatalf("thumbnail of %s does not decode: %v", photoID, err)
	}
	if got := img.Bounds().Size(); got != (image.Point{th.Width, th.Height}) {
		t.Fatalf("thumbnail of %s is %v, recorded as %d×%d", photoID, got, th.Width, th.Height)
	}
	return img.Bounds().Size()
}

// Every way a photo reaches civicdesk stores its thumbnail with it: a
// filing with bytes (API, Open311, the web), a Telegram photo the bot
// downloaded, an official's "after" picture, and a Telegram photo whose
// bytes came later.
func TestEveryPhotoPathStoresAThumbnail(t *testing.T) {
	svc, st, _ := testenv.Service(t, nil)
	iss, err := svc.CreateIssue(ctx, resident("tg:7"), service.NewIssue{
		Title: "Ổ gà trên đường Kim Long", Description: "Ổ gà sâu.", Category: "infrastructure", Ward: "kim-long", Channel: models.ChannelTelegram,
		Photos: []service.PhotoUpload{
			{Data: testimage.JPEG(1600, 1200, 1)},
			{Data: testimage.JPEG(800, 600, 1), TelegramFileID: "AgAC-downloaded"},
			{TelegramFileID: "AgAC-later"},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := thumbSize(t, st, iss.ID, iss.Photos[0].ID); got != image.Pt(320, 240) {
		t.Errorf("filed photo's thumbnail is %v", got)
	}
	if got := thumbSize(t, st, iss.ID, iss.Photos[1].ID); got != image.Pt(320, 240) {
		t.Errorf("downloaded Telegram photo's thumbnail is %v", got)
	}
	if _, err := st.GetPhotoThumb(ctx, iss.ID, iss.Photos[2].ID); models.ErrorCodeOf(err) != models.ENotFound {
		t.Errorf("a photo not fetched yet has a thumbnail: %v", err)
	}
	if err := svc.AttachPhotoData(ctx, iss.Code, iss.Photos[2].ID, testimage.JPEG(300, 900, 1)); err != nil {
		t.Fatal(err)
	}
	if got := thumbSize(t, st, iss.ID, iss.Photos[2].ID); got != image.Pt(107, 320) {
		t.Errorf("photo fetched later: thumbnail is %v", got)
	}
	res := do(t, svc, official(iss.Routing.Department), iss.Code, service.Action{Type: service.ActResolve, Message: "Đã vá ổ gà.",
		Photos: []service.PhotoUpload{{Data: testimage.WebP()}}})
	after := res.Photos[len(res.Photos)-1]
	if got := thumbSize(t, st, iss.ID, after.ID); !after.After || got != image.Pt(320, 160) {
		t.Errorf("after photo (after=%v): thumbnail is %v", after.After, got)
	}
	// The full photo stays as sent.
	full, err := svc.Photo(ctx, iss.Code, iss.Photos[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(full.Data)); err != nil || cfg.Width != 1600 {
		t.Errorf("the full photo is %+v (%v)", cfg, err)
	}
}

// A photo stored by an earlier release, without a thumbnail, gets one at
// its first request, kept for the next.
func TestOlderPhotoGetsItsThumbnailAtFirstRequest(t *testing.T) {
	svc, st, clk := testenv.Service(t, nil)
	iss, err := svc.CreateIssue(ctx, resident("tg:7"), service.NewIssue{
		Title: "Rác thải ven sông Hương", Description: "Rác chất đống.", Category: "environment", Ward: "kim-long",
		Photos: []service.PhotoUpload{{TelegramFileID: "AgAC-old"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := iss.Photos[0].ID
	// As an earlier release stored it: the bytes alone.
	if err := st.InsertPhoto(ctx, &models.PhotoData{ID: id, IssueID: iss.ID, ContentType: "image/jpeg", Data: testimage.JPEG(1000, 500, 1), CreatedAt: clk.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.GetPhotoThumb(ctx, iss.ID, id); models.ErrorCodeOf(err) != models.ENotFound {
		t.Fatalf("thumbnail before any request: %v", err)
	}
	got, err := svc.PhotoThumb(ctx, iss.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(got.Data))
	if err != nil || img.Bounds().Dx() != 320 || img.Bounds().Dy() != 160 {
		t.Fatalf("first request: %v (%v)", img.Bounds(), err)
	}
	if size := thumbSize(t, st, iss.ID, id); size != image.Pt(320, 160) {
		t.Errorf("kept thumbnail is %v", size)
	}
	if _, err := svc.PhotoThumb(ctx, "KL-26-99999", id); models.ErrorCodeOf(err) != models.ENotFound {
		t.Errorf("the thumbnail under another issue: %v", err)
	}
}

// A photo that passes the byte checks but whose pixels do not decode is
// kept, and the full photo stands in for its thumbnail.
func TestUndecodablePhotoIsKeptAndShownWhole(t *testing.T) {
	st := testenv.Store(t)
	var logs bytes.Buffer
	svc := service.New(st, testenv.NewClock(testenv.Monday9), slog.New(slog.NewTextHandler(&logs, nil)), service.Config{})
	if err := svc.LoadCatalogue(ctx, catalogue.Default(), "default catalogue", false); err != nil {
		t.Fatal(err)
	}
	broken := testimage.BombPNG(40, 30) // a readable header, empty image data
	iss, err := svc.CreateIssue(ctx, resident("r1"), service.NewIssue{Title: "Ổ gà trên đường", Description: "Ổ gà lớn.", Category: "infrastructure", Ward: "kim-long",
		Photos: []service.PhotoUpload{{Data: broken}}})
	if err != nil {
		t.Fatalf("the report was refused over its thumbnail: %v", err)
	}
	id := iss.Photos[0].ID
	th, err := st.GetPhotoThumb(ctx, iss.ID, id)
	if err != nil || th.Unmade == "" || len(th.Data) != 0 {
		t.Fatalf("record of the missing thumbnail: %+v (%v)", th, err)
	}
	got, err := svc.PhotoThumb(ctx, iss.ID, id)
	if err != nil || got.ContentType != "image/png" || !bytes.Equal(got.Data, broken) {
		t.Fatalf("in place of the thumbnail: %v %+v", err, got)
	}
	if !strings.Contains(logs.String(), "level=WARN msg=\"photo kept without a thumbnail") || !strings.Contains(logs.String(), "photo="+id) {
		t.Errorf("no warning naming the photo:\n%s", logs.String())
	}
}

// A small file that declares a huge image is refused, with the reason,
// on every path, before anything is stored.
func TestDecompressionBombIsRefused(t *testing.T) {
	svc, st, _ := testenv.Service(t, nil)
	bomb := testimage.BombPNG(100_000, 100_000)
	_, err := svc.CreateIssue(ctx, resident("r1"), service.NewIssue{Title: "Ổ gà trên đường", Description: "Ổ gà lớn.", Category: "infrastructure", Ward: "kim-long",
		Photos: []service.PhotoUpload{{Data: bomb}}})
	wantCode(t, err, models.EInvalid)
	if !strings.Contains(err.Error(), "photos[0]: is 100000×100000 pixels (10000 megapixels); the limit is 50 megapixels") {
		t.Errorf("error %q does not say why", err)
	}
	if n, _ := st.CountIssues(ctx, models.IssueFilter{}); n != 0 {
		t.Errorf("%d issues stored", n)
	}
	iss := fileIssue(t, svc, "infrastructure")
	_, err = svc.Do(ctx, official(iss.Routing.Department), iss.Code, service.Action{Type: service.ActResolve, Message: "Đã xử lý.", Photos: []service.PhotoUpload{{Data: bomb}}})
	wantCode(t, err, models.EInvalid)
	// The bot's check names it for the resident.
	err = service.CheckPhotoBytes(bomb)
	var me *models.Error
	if !errors.As(err, &me) || me.Key != "photo.too_many_pixels" {
		t.Errorf("CheckPhotoBytes: %v", err)
	}
	if err := service.CheckPhotoBytes(testimage.JPEG(64, 48, 1)); err != nil {
		t.Errorf("CheckPhotoBytes of a photo: %v", err)
	}
}
