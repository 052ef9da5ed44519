package server

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"net/http/httptest"
	"testing"
)

// A photo taken with a phone carries its GPS position and its owner's name
// in EXIF; the public photo URL serves it without them (issue #10).
func TestPublicPhotoHasNoEXIF(t *testing.T) {
	e := newEnv(t, nil)
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	// EXIF: IFD0 with one ASCII Artist entry pointing at the name, as
	// cameras write it, plus a GPS-looking string.
	secret := "Tran Thi Owner GPS 16.4650N 107.5400E"
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x3B, 0, 2}
	tiff = binary.BigEndian.AppendUint32(tiff, uint32(len(secret)+1))
	tiff = binary.BigEndian.AppendUint32(tiff, 26)
	tiff = append(binary.BigEndian.AppendUint32(tiff, 0), secret+"\x00"...)
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	photo := append([]byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}, app1...)
	photo = append(photo, enc.Bytes()[2:]...)

	body, ct := multipartIssue(t, `{"title":"Ổ gà trên đường Kim Long","description":"Ổ gà sâu.","category":"infrastructure","ward":"kim-long"}`,
		map[string][]byte{"IMG_0001.jpg": photo})
	req := httptest.NewRequest("POST", "/api/v1/issues", bytes.NewReader(body))
	req.Header.Set("Content-Type", ct)
	for k, v := range e.auth("wardoff") {
		req.Header.Set(k, v)
	}
	iss := e.send(req).want(201).json()
	id := iss["photos"].([]any)[0].(map[string]any)["id"].(string)
	pub := e.do("GET", "/api/v1/public/issues/"+iss["code"].(string)+"/photos/"+id, nil, nil).want(200)
	if bytes.Contains(pub.body, []byte("Owner")) || bytes.Contains(pub.body, []byte("Exif")) {
		t.Fatal("the public photo still carries its EXIF")
	}
	if !bytes.Equal(pub.body, enc.Bytes()) {
		t.Errorf("the public photo is not the image without its metadata (%d bytes, want %d)", len(pub.body), len(enc.Bytes()))
	}
	if _, err := jpeg.Decode(bytes.NewReader(pub.body)); err != nil {
		t.Errorf("the public photo does not decode: %v", err)
	}
}
