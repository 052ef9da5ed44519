package thumb

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/civicdesk/civicdesk/internal/photometa"
	"github.com/civicdesk/civicdesk/internal/testimage"
)

const limit = 50_000_000

func decode(t *testing.T, th *Thumbnail) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(th.Data))
	if err != nil {
		t.Fatalf("the thumbnail is not a JPEG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != th.Width || b.Dy() != th.Height {
		t.Fatalf("the thumbnail is %v, says %d×%d", b, th.Width, th.Height)
	}
	return img
}

// corners reads the colours near the four corners of what is shown.
func corners(img image.Image) [4]color.Color {
	b := img.Bounds()
	ix, iy := b.Dx()/8, b.Dy()/8
	return [4]color.Color{
		img.At(ix, iy), img.At(b.Dx()-1-ix, iy),
		img.At(ix, b.Dy()-1-iy), img.At(b.Dx()-1-ix, b.Dy()-1-iy),
	}
}

var (
	red, green = testimage.TopLeft, testimage.TopRight
	blue, yell = testimage.BottomLeft, testimage.BottomRight
)

// A sideways photo's thumbnail is upright: for each EXIF orientation,
// the size and which colour shows in which corner (top left, top right,
// bottom left, bottom right) of a 400×200 photo stored in quarters of
// red, green / blue, yellow.
func TestThumbnailIsUprightForEveryOrientation(t *testing.T) {
	for _, c := range []struct {
		orientation int
		w, h        int
		want        [4]color.Color
	}{
		{1, 320, 160, [4]color.Color{red, green, blue, yell}},
		{2, 320, 160, [4]color.Color{green, red, yell, blue}},
		{3, 320, 160, [4]color.Color{yell, blue, green, red}},
		{4, 320, 160, [4]color.Color{blue, yell, red, green}},
		{5, 160, 320, [4]color.Color{red, blue, green, yell}},
		{6, 160, 320, [4]color.Color{blue, red, yell, green}},
		{7, 160, 320, [4]color.Color{yell, green, blue, red}},
		{8, 160, 320, [4]color.Color{green, yell, red, blue}},
	} {
		// Stored as civicdesk stores it: stripped, keeping the orientation.
		stored, err := photometa.Strip(testimage.JPEG(400, 200, c.orientation))
		if err != nil {
			t.Fatal(err)
		}
		th, err := Make(stored, limit)
		if err != nil {
			t.Fatalf("orientation %d: %v", c.orientation, err)
		}
		img := decode(t, th)
		if th.Width != c.w || th.Height != c.h {
			t.Errorf("orientation %d: %d×%d, want %d×%d", c.orientation, th.Width, th.Height, c.w, c.h)
			continue
		}
		got := corners(img)
		for i := range got {
			if !testimage.Near(got[i], c.want[i], 40) {
				t.Errorf("orientation %d: corner %d is %v, want %v", c.orientation, i, got[i], c.want[i])
			}
		}
	}
}

// Each accepted type makes a JPEG thumbnail of LongSide on its longer
// side; a photo already smaller keeps its size.
func TestThumbnailSizes(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		w, h int
	}{
		{"large JPEG", testimage.JPEG(1600, 1200, 1), 320, 240},
		{"tall PNG", testimage.PNG(testimage.Quarters(300, 900)), 107, 320},
		{"WebP", testimage.WebP(), 320, 160},
		{"small JPEG", testimage.JPEG(120, 90, 1), 120, 90},
		{"one pixel wide", testimage.PNG(testimage.Quarters(1, 2000)), 1, 320},
	} {
		th, err := Make(c.data, limit)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		img := decode(t, th)
		if th.Width != c.w || th.Height != c.h {
			t.Errorf("%s: %d×%d, want %d×%d", c.name, th.Width, th.Height, c.w, c.h)
		}
		if c.w > 1 && !testimage.Near(corners(img)[0], red, 40) {
			t.Errorf("%s: top left is %v, want red", c.name, corners(img)[0])
		}
	}
}

// A transparent PNG shows on white, not black.
func TestTransparentAreasAreWhite(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 400, 400))
	th, err := Make(testimage.PNG(img), limit)
	if err != nil {
		t.Fatal(err)
	}
	if c := decode(t, th).At(100, 100); !testimage.Near(c, color.White, 4) {
		t.Errorf("a transparent pixel is %v, want white", c)
	}
}

// A small file declaring a huge image is refused from its header, before
// anything is decoded; the error says how many pixels and the limit.
func TestDecompressionBombIsRefusedFromItsHeader(t *testing.T) {
	jpegBomb := testimage.JPEG(16, 16, 1)
	sof := bytes.Index(jpegBomb, []byte{0xFF, 0xC0})
	jpegBomb[sof+5], jpegBomb[sof+6], jpegBomb[sof+7], jpegBomb[sof+8] = 0xEA, 0x60, 0xEA, 0x60 // 60000×60000
	for name, data := range map[string][]byte{"PNG": testimage.BombPNG(100_000, 100_000), "JPEG": jpegBomb} {
		for _, err := range []error{CheckPixels(data, limit), func() error { _, err := Make(data, limit); return err }()} {
			var tm *TooManyPixelsError
			if !errors.As(err, &tm) {
				t.Fatalf("%s: %v, want a TooManyPixelsError", name, err)
			}
			if msg := err.Error(); msg != "is 100000×100000 pixels (10000 megapixels); the limit is 50 megapixels" &&
				msg != "is 60000×60000 pixels (3600 megapixels); the limit is 50 megapixels" {
				t.Errorf("%s: message %q", name, msg)
			}
		}
	}
	// At the limit is allowed; one pixel more is not.
	if err := CheckPixels(testimage.BombPNG(5000, 10_000), limit); err != nil {
		t.Errorf("50 megapixels: %v", err)
	}
	err := CheckPixels(testimage.BombPNG(5000, 10_001), limit)
	if err == nil || err.Error() != "is 5000×10001 pixels (50.1 megapixels); the limit is 50 megapixels" {
		t.Errorf("50 megapixels and a row: %v", err)
	}
}

// Bytes that pass the structure checks but whose pixels do not decode
// are ErrUndecodable for Make and no reason to refuse for CheckPixels.
func TestUndecodablePixels(t *testing.T) {
	broken := testimage.BombPNG(40, 30) // its image data is empty
	if err := CheckPixels(broken, limit); err != nil {
		t.Errorf("CheckPixels: %v", err)
	}
	if _, err := Make(broken, limit); !errors.Is(err, ErrUndecodable) {
		t.Errorf("Make: %v, want ErrUndecodable", err)
	}
	if _, err := Make([]byte("RIFF\x04\x00\x00\x00WEBP"), limit); !errors.Is(err, ErrUndecodable) {
		t.Errorf("Make of an empty WebP: %v, want ErrUndecodable", err)
	}
}
