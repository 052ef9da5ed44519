package server

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"net/textproto"
	"testing"
)

// actionForm builds a multipart action body: form fields and photos.
func actionForm(t *testing.T, fields map[string]string, photos ...[]byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for i, b := range photos {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="photos"; filename="after%d.png"`, i))
		h.Set("Content-Type", "image/png")
		p, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = p.Write(b)
	}
	_ = w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// An official resolves an issue with an "after" picture, sent as
// multipart/form-data; it is kept next to the reporter's "before" photo,
// marked after, and served like any photo. A note cannot carry photos.
func TestOfficialAttachesAfterPhotos(t *testing.T) {
	e := newEnv(t, nil)
	code, before := e.issueWithPhoto()
	after := pngBytes(99)
	post := func(action string, fields map[string]string, photos ...[]byte) answer {
		body, ct := actionForm(t, fields, photos...)
		req := httptest.NewRequest("POST", "/api/v1/issues/"+code+"/"+action, bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		for k, v := range e.auth("wardoff") {
			req.Header.Set(k, v)
		}
		return e.send(req)
	}
	post("note", map[string]string{"message": "ghi chú"}, after).want(415) // only answer and resolve take photos
	iss := post("resolve", map[string]string{"message": "Đã vá ổ gà, xem ảnh sau khi sửa."}, after).want(200).json()
	photos := iss["photos"].([]any)
	if len(photos) != 2 {
		t.Fatalf("photos: %v", photos)
	}
	first, second := photos[0].(map[string]any), photos[1].(map[string]any)
	if first["id"] != before || first["after"] == true || second["after"] != true {
		t.Fatalf("before/after: %v", photos)
	}
	got := e.do("GET", "/api/v1/public/issues/"+code+"/photos/"+second["id"].(string), nil, nil).want(200)
	if !bytes.Equal(got.body, after) {
		t.Errorf("after photo: %d bytes", len(got.body))
	}
	if iss["status"] != "resolved" || iss["resolution"] != "Đã vá ổ gà, xem ảnh sau khi sửa." {
		t.Errorf("issue: %v %v", iss["status"], iss["resolution"])
	}
}
