// Package thumb makes the small copies of stored photos that lists, issue
// pages and the dashboard show (issue #7), so a page of issues does not
// load photos of up to 5 MB each.
//
// A thumbnail is a JPEG, LongSide pixels on its longer side (a smaller
// photo keeps its size), upright (the EXIF orientation a stored JPEG
// keeps is applied to the pixels, since the thumbnail has no EXIF), with
// transparent areas on white.
package thumb

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // registers PNG with image.Decode

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers WebP with image.Decode

	"github.com/civicdesk/civicdesk/internal/photometa"
)

const (
	// LongSide is a thumbnail's longer side in pixels: sharp on screens
	// with twice the density at the 160 px the pages show, and some
	// 10–30 KB.
	LongSide = 320
	// Quality is the thumbnails' JPEG quality.
	Quality = 80
)

// TooManyPixelsError refuses an image whose header declares more pixels
// than allowed. Decoding takes memory for every pixel whatever the file's
// size, so a small file declaring a huge image (a decompression bomb)
// would take gigabytes.
type TooManyPixelsError struct {
	Width, Height int
	Limit         int // pixels
}

func (e *TooManyPixelsError) Error() string {
	return fmt.Sprintf("is %d×%d pixels (%s megapixels); the limit is %s megapixels",
		e.Width, e.Height, megapixels(int64(e.Width)*int64(e.Height)), megapixels(int64(e.Limit)))
}

// megapixels writes n pixels in megapixels to a tenth, rounded up so that
// a size just over the limit never reads as the limit.
func megapixels(n int64) string {
	tenths := (n + 99_999) / 100_000
	if tenths%10 == 0 {
		return fmt.Sprint(tenths / 10)
	}
	return fmt.Sprintf("%d.%d", tenths/10, tenths%10)
}

// ErrUndecodable says the photo's pixels could not be read: it passed the
// byte checks but no thumbnail can be made of it.
var ErrUndecodable = errors.New("the photo's pixels cannot be decoded")

// CheckPixels reads only the image's header and refuses an image of more
// than maxPixels pixels. A header it cannot read is not refused here: such
// a photo is kept without a thumbnail (Make says why).
func CheckPixels(data []byte, maxPixels int) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	return checkSize(cfg.Width, cfg.Height, maxPixels)
}

func checkSize(w, h, maxPixels int) error {
	if int64(w)*int64(h) > int64(maxPixels) {
		return &TooManyPixelsError{Width: w, Height: h, Limit: maxPixels}
	}
	return nil
}

// Thumbnail is a made thumbnail: JPEG bytes and their size in pixels.
type Thumbnail struct {
	Data          []byte
	Width, Height int
}

// Make makes the thumbnail of a JPEG, PNG or WebP photo. It reads the
// header first and refuses an image over maxPixels (TooManyPixelsError)
// before decoding anything; pixels that do not decode are ErrUndecodable.
func Make(data []byte, maxPixels int) (*Thumbnail, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUndecodable, err)
	}
	if err := checkSize(cfg.Width, cfg.Height, maxPixels); err != nil {
		return nil, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("%w: it is %d×%d pixels", ErrUndecodable, cfg.Width, cfg.Height)
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUndecodable, err)
	}
	// Scaled first, turned after: turning the small image is cheaper.
	img := orient(scale(src), photometa.Orientation(data))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: Quality}); err != nil {
		return nil, fmt.Errorf("encode thumbnail: %w", err)
	}
	b := img.Bounds()
	return &Thumbnail{Data: buf.Bytes(), Width: b.Dx(), Height: b.Dy()}, nil
}

// scale draws src onto white at LongSide on its longer side (never
// larger than it is). A large photo is first halved, as many times as
// keeps it at least twice the thumbnail's size: each halving averages 2×2
// pixels (bilinear at exactly half), which reads every pixel once and
// aliases nothing; Catmull-Rom then makes the last step sharp. Catmull-Rom
// over the whole photo looks the same and takes some ten times as long.
func scale(src image.Image) *image.RGBA {
	for {
		b := src.Bounds()
		if max(b.Dx(), b.Dy())/2 < 2*LongSide {
			break
		}
		half := image.NewRGBA(image.Rect(0, 0, max(1, b.Dx()/2), max(1, b.Dy()/2)))
		draw.ApproxBiLinear.Scale(half, half.Bounds(), src, b, draw.Src, nil)
		src = half
	}
	sb := src.Bounds()
	w, h := fit(sb.Dx(), sb.Dy())
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, sb, draw.Over, nil)
	return dst
}

// fit gives the thumbnail's size for an image of w×h.
func fit(w, h int) (int, int) {
	long := max(w, h)
	if long <= LongSide {
		return w, h
	}
	sw := max(1, (w*LongSide+long/2)/long)
	sh := max(1, (h*LongSide+long/2)/long)
	return sw, sh
}
