package bot

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server"
	"github.com/civicdesk/civicdesk/server/open311"
	"github.com/civicdesk/civicdesk/service"
)

// aJPEG is a real JPEG picture.
func aJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := 0; x < 64; x++ {
		for y := 0; y < 48; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// api is civicdesk's REST API and Open311 over the harness's service.
func (h *harness) api() *fiber.App {
	h.t.Helper()
	srv := server.New(server.Config{Clock: h.clk, KeyRate: server.RateLimit{PerMinute: -1}, IPRate: server.RateLimit{PerMinute: -1},
		LoginRate: server.RateLimit{PerMinute: -1}}, h.svc, quietLog())
	app := srv.App()
	open311.New(h.svc, open311.Config{BaseURL: "http://civicdesk.test"}).Mount(app.Group("/open311/v2"))
	return app
}

func get(t *testing.T, app *fiber.App, path, token string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// A photo sent in the chat is downloaded from (the fake) Telegram in its
// wire format, stored with the issue, and an official fetches the very
// same bytes through the API; the public route and Open311's media_url
// serve it too.
func TestPhotoSentInChatReachesOfficials(t *testing.T) {
	h := newHarness(t)
	pic := aJPEG(t)
	h.tg.AddFile("photo-lamp", pic)
	iss := h.fileReport(resident, "infrastructure", "Đèn đường trước nhà số 12 kiệt 5 tắt cả tuần nay", "photo-lamp")
	if len(iss.Photos) != 1 || iss.Photos[0].Size != int64(len(pic)) || iss.Photos[0].ContentType != "image/jpeg" {
		t.Fatalf("photos of the issue: %+v", iss.Photos)
	}
	if len(h.tg.Calls("getFile")) == 0 || len(h.tg.Calls("file")) == 0 {
		t.Fatal("the bot did not use getFile and the file URL")
	}
	app := h.api()
	u, err := h.svc.CreateUser(h.ctx, testenv.Admin(), service.NewUser{Username: "kl.infra", Name: "Cán bộ", Role: models.RoleOfficial,
		Department: iss.Routing.Department, Password: "Correct-Horse-Battery-9"})
	if err != nil {
		t.Fatal(err)
	}
	token, _, _, err := h.svc.Login(h.ctx, u.Username, "Correct-Horse-Battery-9")
	if err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/issues/" + iss.Code + "/photos/" + iss.Photos[0].ID
	if status, body := get(t, app, path, token); status != http.StatusOK || !bytes.Equal(body, pic) {
		t.Fatalf("official's photo: %d, %d bytes (want %d)", status, len(body), len(pic))
	}
	if status, body := get(t, app, "/api/v1/public/issues/"+iss.Code+"/photos/"+iss.Photos[0].ID, ""); status != http.StatusOK || !bytes.Equal(body, pic) {
		t.Fatalf("public photo: %d", status)
	}
	status, body := get(t, app, "/open311/v2/requests/"+iss.Code+".json", "")
	var reqs []struct {
		MediaURL *string `json:"media_url"`
	}
	if err := json.Unmarshal(body, &reqs); status != 200 || err != nil || len(reqs) != 1 || reqs[0].MediaURL == nil ||
		!strings.HasSuffix(*reqs[0].MediaURL, "/photos/"+iss.Photos[0].ID) {
		t.Fatalf("Open311 media_url: %d %s", status, body)
	}
}

// A file that is not a picture is refused when it arrives, and the
// resident is told; the report goes on.
func TestPhotoThatIsNotAPictureIsRefused(t *testing.T) {
	h := newHarness(t)
	h.tg.AddFile("not-a-photo", []byte("GIF89a this is a gif, not accepted"))
	h.say(resident, "/report")
	h.press(resident, "c:infrastructure")
	h.say(resident, "Đèn đường trước nhà số 12 kiệt 5 tắt cả tuần nay")
	h.deliver(telegramtest.Location(resident, resident, klLat, klLon))
	if hasButton(h.last(resident), "x:new") {
		h.press(resident, "x:new")
	}
	h.deliver(telegramtest.Photo(resident, resident, "not-a-photo", "", ""))
	if got := h.lastText(resident); !strings.Contains(got, "Không giữ được ảnh này") || !strings.Contains(got, "JPEG, PNG hoặc WebP") {
		t.Fatalf("reply to a bad photo: %q", got)
	}
	h.press(resident, "x:done")
	h.press(resident, "x:send")
	if iss := h.lastIssue(resident); len(iss.Photos) != 0 {
		t.Errorf("a bad photo was filed: %+v", iss.Photos)
	}
}

// When Telegram does not give the photo, the report is filed all the
// same, the resident is told, and the background pass fetches the photo
// later with identical bytes.
func TestPhotoFetchedLaterWhenTelegramIsDown(t *testing.T) {
	h := newHarness(t)
	pic := aJPEG(t)
	h.tg.AddFile("photo-later", pic)
	h.say(resident, "/report")
	h.press(resident, "c:infrastructure")
	h.say(resident, "Đèn đường trước nhà số 12 kiệt 5 tắt cả tuần nay")
	h.deliver(telegramtest.Location(resident, resident, klLat, klLon))
	if hasButton(h.last(resident), "x:new") {
		h.press(resident, "x:new")
	}
	h.tg.FailNext("getFile", 2, http.StatusBadGateway, 0) // on arrival and at filing
	h.deliver(telegramtest.Photo(resident, resident, "photo-later", "", ""))
	h.press(resident, "x:done")
	h.press(resident, "x:send")
	iss := h.lastIssue(resident)
	if len(iss.Photos) != 1 || iss.Photos[0].Size != 0 {
		t.Fatalf("photos: %+v", iss.Photos)
	}
	if got := h.lastText(resident); !strings.Contains(got, iss.Code) || !strings.Contains(got, "chưa tải được") {
		t.Errorf("the resident is not told: %q", got)
	}
	n, err := h.bot.fetchPhotos(h.ctx)
	if err != nil || n != 1 {
		t.Fatalf("background pass: %d %v", n, err)
	}
	ph, err := h.svc.Photo(h.ctx, iss.Code, iss.Photos[0].ID)
	if err != nil || !bytes.Equal(ph.Data, pic) {
		t.Fatalf("photo after the pass: %v", err)
	}
	if got := h.issue(iss.ID).Photos[0]; got.Size != int64(len(pic)) {
		t.Errorf("issue photo: %+v", got)
	}
	if n, _ := h.bot.fetchPhotos(h.ctx); n != 0 {
		t.Errorf("fetched again: %d", n)
	}
}

// A photo the background pass can never keep is given up, and the
// resident is told; the report stays.
func TestPhotoThatCannotBeKeptLaterIsReported(t *testing.T) {
	h := newHarness(t)
	h.tg.AddFile("photo-bad", []byte("this is not a picture at all"))
	h.say(resident, "/report")
	h.press(resident, "c:infrastructure")
	h.say(resident, "Đèn đường trước nhà số 12 kiệt 5 tắt cả tuần nay")
	h.deliver(telegramtest.Location(resident, resident, klLat, klLon))
	if hasButton(h.last(resident), "x:new") {
		h.press(resident, "x:new")
	}
	h.tg.FailNext("getFile", 2, http.StatusBadGateway, 0)
	h.deliver(telegramtest.Photo(resident, resident, "photo-bad", "", ""))
	h.press(resident, "x:done")
	h.press(resident, "x:send")
	iss := h.lastIssue(resident)
	from := h.count(resident)
	if n, err := h.bot.fetchPhotos(h.ctx); err != nil || n != 0 {
		t.Fatalf("pass: %d %v", n, err)
	}
	h.expect(resident, from, "không lưu được", iss.Code)
	if n, _ := h.bot.fetchPhotos(h.ctx); n != 0 || h.count(resident) != from+1 {
		t.Errorf("the photo was tried or reported again")
	}
	if got := h.issue(iss.ID); got.Status != models.StatusRouted {
		t.Errorf("the report changed: %s", got.Status)
	}
}

// An official's "after" picture given with the resolution is posted under
// the department group's card, uploaded with its bytes.
func TestAfterPhotoReachesTheGroupCard(t *testing.T) {
	h := newHarness(t)
	iss := h.fileReport(resident, "infrastructure", "Đèn đường trước nhà số 12 kiệt 5 tắt cả tuần nay")
	h.flush()
	h.card(iss) // the card is posted
	u, err := h.svc.CreateUser(h.ctx, testenv.Admin(), service.NewUser{Username: "kl.after", Name: "Cán bộ", Role: models.RoleOfficial,
		Department: iss.Routing.Department, Password: "Correct-Horse-Battery-9"})
	if err != nil {
		t.Fatal(err)
	}
	pic := aJPEG(t)
	if _, err := h.svc.Do(h.ctx, models.Principal{Kind: models.ActorOfficial, User: u}, iss.Code, service.Action{
		Type: service.ActResolve, Message: "Đã thay bóng đèn.", Photos: []service.PhotoUpload{{Data: pic}}}); err != nil {
		t.Fatal(err)
	}
	h.flush()
	var found bool
	for _, c := range h.tg.Calls("sendPhoto") {
		if c.ChatID() == infraGroup && strings.Contains(c.Get("caption"), "ảnh sau khi xử lý") {
			found = true
			if c.Get("photo") != string(pic) {
				t.Errorf("the group got %d bytes, want the %d of the picture", len(c.Get("photo")), len(pic))
			}
		}
	}
	if !found {
		t.Fatal("no after photo in the group")
	}
}
