package open311

import (
	"bytes"
	"context"
	"image/jpeg"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/internal/testimage"
)

// A photo sent with an Open311 request gets its thumbnail like any other,
// while media_url keeps naming the full photo (the spec's meaning); a
// decompression bomb is refused by name.
func TestPostedPhotoHasAThumbnailAndMediaURLStaysFull(t *testing.T) {
	e := newEnv(t, Config{})
	var created []jsonCreated
	e.postMultipart("/requests.json", e.form(), testimage.JPEG(1200, 900, 1)).json(t, 200, &created)
	ctx := context.Background()
	iss, err := e.svc.GetIssue(ctx, testenv.Admin(), created[0].ID)
	if err != nil || len(iss.Photos) != 1 {
		t.Fatalf("issue %+v %v", iss, err)
	}
	th, err := e.svc.PhotoThumb(ctx, iss.ID, iss.Photos[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(th.Data)); err != nil || cfg.Width != 320 || cfg.Height != 240 {
		t.Errorf("thumbnail %+v (%v)", cfg, err)
	}
	var j []jsonRequest
	e.get("/requests/"+iss.Code+".json").json(t, 200, &j)
	if want := baseURL + "/api/v1/public/issues/" + iss.Code + "/photos/" + iss.Photos[0].ID; deref(j[0].MediaURL) != want {
		t.Errorf("media_url %q, want %q", deref(j[0].MediaURL), want)
	}

	list := wantErrors(t, e.postMultipart("/requests.json", e.form(), testimage.BombPNG(100_000, 100_000)), 400, false)
	if !mentions(list, "media[0]: is 100000×100000 pixels (10000 megapixels); the limit is 50 megapixels") {
		t.Errorf("errors %+v", list)
	}
}
