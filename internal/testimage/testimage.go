// Package testimage makes real image files for the tests of photos and
// thumbnails: pixels that decode, in four coloured quarters, so a test can
// tell a thumbnail's size and which way up it is.
package testimage

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
)

// The quarters' colours, as the image is stored (before any orientation).
var (
	TopLeft     = color.RGBA{220, 30, 30, 255}  // red
	TopRight    = color.RGBA{30, 180, 30, 255}  // green
	BottomLeft  = color.RGBA{30, 30, 220, 255}  // blue
	BottomRight = color.RGBA{240, 220, 30, 255} // yellow
)

// Quarters is a w×h image in the four colours.
func Quarters(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := TopLeft
			switch {
			case x >= w/2 && y < h/2:
				c = TopRight
			case x < w/2 && y >= h/2:
				c = BottomLeft
			case x >= w/2 && y >= h/2:
				c = BottomRight
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// JPEG is Quarters(w, h) as a JPEG; an orientation from 2 to 8 is written
// in an EXIF segment, as a camera holding the phone sideways does.
func JPEG(w, h, orientation int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, Quarters(w, h), &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	data := b.Bytes()
	if orientation < 2 || orientation > 8 {
		return data
	}
	out := append([]byte{}, data[:2]...) // SOI
	out = append(out, exifOrientation(orientation)...)
	return append(out, data[2:]...)
}

// exifOrientation is an APP1 EXIF segment holding the orientation tag
// and, as cameras write, the camera's make (which storing removes).
func exifOrientation(o int) []byte {
	maker := []byte("CameraMaker\x00")
	tiff := []byte{'I', 'I', 42, 0, 8, 0, 0, 0, 2, 0}     // little-endian, IFD0 at 8, 2 entries
	tiff = binary.LittleEndian.AppendUint16(tiff, 0x010F) // Make, ASCII
	tiff = binary.LittleEndian.AppendUint16(tiff, 2)
	tiff = binary.LittleEndian.AppendUint32(tiff, uint32(len(maker)))
	tiff = binary.LittleEndian.AppendUint32(tiff, 8+2+2*12+4)
	tiff = binary.LittleEndian.AppendUint16(tiff, 0x0112) // Orientation, SHORT
	tiff = binary.LittleEndian.AppendUint16(tiff, 3)
	tiff = binary.LittleEndian.AppendUint32(tiff, 1)
	tiff = binary.LittleEndian.AppendUint32(tiff, uint32(o))
	tiff = binary.LittleEndian.AppendUint32(tiff, 0) // no next IFD
	tiff = append(tiff, maker...)
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	return append(seg, payload...)
}

// PNG encodes img as a PNG.
func PNG(img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

//go:embed testdata/quarters-400x200.webp
var webp []byte

// WebP is Quarters(400, 200) as a lossy WebP (made with cwebp -q 90;
// Go has no WebP encoder).
func WebP() []byte { return bytes.Clone(webp) }

// BombPNG is a small, well-formed PNG whose header declares w×h pixels:
// a decompression bomb, which must be refused before decoding.
func BombPNG(w, h int) []byte {
	chunk := func(typ string, data []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		b = append(append(b, typ...), data...)
		return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	out = append(out, chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(out, chunk("IEND", nil)...)
}

// Near says whether two colours differ by at most tol in each channel
// (JPEG and WebP shift colours a little).
func Near(a, b color.Color, tol int) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(x, y uint32) bool { return abs(int(x>>8)-int(y>>8)) <= tol }
	return d(r1, r2) && d(g1, g2) && d(b1, b2)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
