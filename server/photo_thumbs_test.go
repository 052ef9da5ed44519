package server

import (
	"bytes"
	"image/jpeg"
	"net/http/httptest"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testimage"
)

// fileWithPhotos files an issue as the ward official with photos through
// multipart, as clients do, and returns its code and the photos' ids.
func (e *env) fileWithPhotos(photos ...[]byte) (string, []string) {
	e.t.Helper()
	files := map[string][]byte{}
	for i, p := range photos {
		files[string(rune('a'+i))+".img"] = p
	}
	body, ct := multipartIssue(e.t, `{"title":"Ổ gà trên đường Kim Long","description":"Ổ gà sâu gây nguy hiểm.","category":"infrastructure","lat":16.47,"lon":107.53}`, files)
	req := httptest.NewRequest("POST", "/api/v1/issues", bytes.NewReader(body))
	req.Header.Set("Content-Type", ct)
	for k, v := range e.auth("wardoff") {
		req.Header.Set(k, v)
	}
	iss := e.send(req).want(201).json()
	var ids []string
	for _, p := range iss["photos"].([]any) {
		ids = append(ids, p.(map[string]any)["id"].(string))
	}
	return iss["code"].(string), ids
}

// The thumbnail of a sideways phone photo is a small upright JPEG, served
// publicly and to officials with the photo's own cache rules; the photo's
// URL still serves it whole.
func TestPhotoThumbnailIsSmallAndUpright(t *testing.T) {
	e := newEnv(t, nil)
	code, ids := e.fileWithPhotos(testimage.JPEG(1600, 1200, 6))
	public := "/api/v1/public/issues/" + code + "/photos/" + ids[0]
	staff := "/api/v1/issues/" + code + "/photos/" + ids[0]
	for path, cache := range map[string]string{public: "public, max-age=3600", staff: "private, max-age=3600"} {
		photo := e.do("GET", path, e.auth("wardoff"), nil).want(200)
		th := e.do("GET", path+"/thumb", e.auth("wardoff"), nil).want(200)
		if got := th.header.Get("Content-Type"); got != "image/jpeg" {
			t.Errorf("%s/thumb: Content-Type %q", path, got)
		}
		if got := th.header.Get("Cache-Control"); got != cache || photo.header.Get("Cache-Control") != cache {
			t.Errorf("%s/thumb: Cache-Control %q, the photo's %q, want %q", path, got, photo.header.Get("Cache-Control"), cache)
		}
		img, err := jpeg.Decode(bytes.NewReader(th.body))
		if err != nil {
			t.Fatalf("%s/thumb does not decode: %v", path, err)
		}
		// Stored 1600×1200 and shown turned a quarter clockwise (6): the
		// blue bottom-left quarter is at the top left.
		if b := img.Bounds(); b.Dx() != 240 || b.Dy() != 320 {
			t.Errorf("%s/thumb is %d×%d, want 240×320", path, b.Dx(), b.Dy())
		}
		if c := img.At(30, 40); !testimage.Near(c, testimage.BottomLeft, 40) {
			t.Errorf("%s/thumb: top left is %v, want blue (not turned upright?)", path, c)
		}
		if len(th.body) > 40<<10 || len(th.body) >= len(photo.body) {
			t.Errorf("%s/thumb is %d bytes, the photo %d", path, len(th.body), len(photo.body))
		}
		if cfg, err := jpeg.DecodeConfig(bytes.NewReader(photo.body)); err != nil || cfg.Width != 1600 || cfg.Height != 1200 {
			t.Errorf("%s: the photo is %+v (%v), want it whole", path, cfg, err)
		}
	}
	// WebP photos too.
	code, ids = e.fileWithPhotos(testimage.WebP())
	th := e.do("GET", "/api/v1/public/issues/"+code+"/photos/"+ids[0]+"/thumb", nil, nil).want(200)
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(th.body)); err != nil || cfg.Width != 320 || cfg.Height != 160 {
		t.Errorf("WebP thumbnail %+v (%v)", cfg, err)
	}
	e.do("GET", "/api/v1/public/issues/"+code+"/photos/nope/thumb", nil, nil).want(404)
}

// A photo whose pixels do not decode is kept, and served whole in place
// of its thumbnail (the service's test checks the warning it logs).
func TestUndecodablePhotoStandsInForItsThumbnail(t *testing.T) {
	e := newEnv(t, nil)
	code, ids := e.fileWithPhotos(pngBytes(64))
	path := "/api/v1/public/issues/" + code + "/photos/" + ids[0]
	photo := e.do("GET", path, nil, nil).want(200)
	th := e.do("GET", path+"/thumb", nil, nil).want(200)
	if th.header.Get("Content-Type") != "image/png" || !bytes.Equal(th.body, photo.body) {
		t.Errorf("in place of the thumbnail: %q, %d bytes; the photo %d bytes", th.header.Get("Content-Type"), len(th.body), len(photo.body))
	}
}

// A file declaring more pixels than can be decoded is refused with the
// reason, field by field, and no issue is filed.
func TestDecompressionBombAnswers400(t *testing.T) {
	e := newEnv(t, nil)
	before := e.countIssues()
	body, ct := multipartIssue(t, `{"title":"Ổ gà trên đường Kim Long","description":"Ổ gà sâu.","category":"infrastructure","ward":"kim-long"}`,
		map[string][]byte{"bomb.png": testimage.BombPNG(100_000, 100_000)})
	req := httptest.NewRequest("POST", "/api/v1/issues", bytes.NewReader(body))
	req.Header.Set("Content-Type", ct)
	for k, v := range e.auth("wardoff") {
		req.Header.Set(k, v)
	}
	a := e.send(req).want(400)
	if msg, _ := a.errorFields()["photos[0]"].(string); msg != "is 100000×100000 pixels (10000 megapixels); the limit is 50 megapixels" {
		t.Errorf("photos[0]: %q in %s", msg, a.body)
	}
	if n := e.countIssues(); n != before {
		t.Errorf("%d issues filed", n-before)
	}
}

// An issue hidden from the public (rejected as spam) shows neither its
// photo nor the thumbnail publicly; the officials still see both.
func TestHiddenIssueThumbnailIsNotPublic(t *testing.T) {
	e := newEnv(t, nil)
	code, ids := e.fileWithPhotos(testimage.JPEG(800, 600, 1))
	public := "/api/v1/public/issues/" + code + "/photos/" + ids[0]
	e.do("GET", public+"/thumb", nil, nil).want(200)
	e.do("POST", "/api/v1/issues/"+code+"/reject", e.auth("wardoff"), map[string]any{"reason": "spam", "message": "Quảng cáo"}).want(200)
	e.do("GET", public, nil, nil).want(404)
	e.do("GET", public+"/thumb", nil, nil).want(404)
	staff := "/api/v1/issues/" + code + "/photos/" + ids[0]
	e.do("GET", staff+"/thumb", e.auth("wardoff"), nil).want(200)
	e.do("GET", staff+"/thumb", e.auth("cityoff"), nil).want(403)
	e.do("GET", staff+"/thumb", nil, nil).want(401)
}
