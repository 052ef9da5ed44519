package photometa

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

// Personal data the crafted files carry in their metadata.
const (
	secretArtist = "Nguyen Van Secret Artist"
	secretDatum  = "WGS-84 SECRET HOME"
	secretXMP    = "SecretXMPCreator"
	secretNote   = "SecretCommentText"
)

// gpsLatitude is 16°27'54" as EXIF rationals: its bytes must disappear.
var gpsLatitude = []uint32{16, 1, 27, 1, 54, 1}

// exifTIFF builds a big-endian TIFF block as cameras write it: IFD0 with
// the orientation, the artist and a pointer to a GPS IFD holding a
// latitude and a map datum.
func exifTIFF(orientation uint16) []byte {
	be := binary.BigEndian
	var b []byte
	b = append(b, 'M', 'M', 0, 42, 0, 0, 0, 8)
	// IFD0 at 8: 3 entries (2 + 36 + 4 = 42 bytes), data after.
	ifd0End := 8 + 2 + 3*12 + 4
	artist := append([]byte(secretArtist), 0)
	gpsOff := ifd0End + len(artist)
	entry := func(tag, typ uint16, count, value uint32) []byte {
		e := be.AppendUint16(nil, tag)
		e = be.AppendUint16(e, typ)
		e = be.AppendUint32(e, count)
		return be.AppendUint32(e, value)
	}
	b = be.AppendUint16(b, 3)
	b = append(b, entry(0x0112, 3, 1, uint32(orientation)<<16)...)
	b = append(b, entry(0x013B, 2, uint32(len(artist)), uint32(ifd0End))...)
	b = append(b, entry(0x8825, 4, 1, uint32(gpsOff))...)
	b = be.AppendUint32(b, 0)
	b = append(b, artist...)
	// GPS IFD: 3 entries, then the rationals and the datum.
	gpsEnd := gpsOff + 2 + 3*12 + 4
	datum := append([]byte(secretDatum), 0)
	b = be.AppendUint16(b, 3)
	b = append(b, entry(0x0001, 2, 2, uint32('N')<<24)...)
	b = append(b, entry(0x0002, 5, 3, uint32(gpsEnd))...)
	b = append(b, entry(0x0012, 2, uint32(len(datum)), uint32(gpsEnd+24))...)
	b = be.AppendUint32(b, 0)
	for _, v := range gpsLatitude {
		b = be.AppendUint32(b, v)
	}
	return append(b, datum...)
}

func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 24, 16))
	for y := 0; y < 16; y++ {
		for x := 0; x < 24; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 10), uint8(y * 15), uint8(x * y), 255})
		}
	}
	return img
}

func segment(marker byte, payload []byte) []byte {
	s := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(s[2:], uint16(len(payload)+2))
	return append(s, payload...)
}

// craftedJPEG is a real JPEG (encoded by image/jpeg) with EXIF (GPS,
// artist, orientation 6), XMP, a comment and Photoshop IPTC inserted after
// its SOI, and junk after its EOI.
func craftedJPEG(t *testing.T) (plain, crafted []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	plain = buf.Bytes()
	var c []byte
	c = append(c, plain[:2]...)
	c = append(c, segment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(6)...))...)
	c = append(c, segment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><dc:creator>"+secretXMP+"</dc:creator></x:xmpmeta>"))...)
	c = append(c, segment(0xFE, []byte(secretNote))...)
	c = append(c, segment(0xED, []byte("Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02\x50\x00\x0c"+secretArtist))...)
	c = append(c, plain[2:]...)
	c = append(c, []byte("trailing "+secretNote)...)
	return plain, c
}

func TestJPEGLosesGPSAndAuthorKeepsPixelsAndOrientation(t *testing.T) {
	plain, crafted := craftedJPEG(t)
	out, err := Strip(crafted)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{secretArtist, secretDatum, secretXMP, secretNote, "ns.adobe.com", "Photoshop"} {
		if bytes.Contains(out, []byte(secret)) {
			t.Errorf("the stripped JPEG still holds %q", secret)
		}
	}
	if bytes.Contains(out, rationals(gpsLatitude)) {
		t.Error("the stripped JPEG still holds the GPS latitude")
	}
	// The image data, from the first DQT to the end marker, is byte for
	// byte the encoder's (APP0 JFIF included: image/jpeg writes none).
	if !bytes.HasSuffix(out, plain[2:]) {
		t.Error("the image data was changed")
	}
	a, err := jpeg.Decode(bytes.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	b, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the stripped JPEG does not decode: %v", err)
	}
	if !samePixels(a, b) {
		t.Error("the pixels changed")
	}
	// Only the orientation is left, so a sideways photo still shows upright.
	if o := Orientation(out); o != 6 {
		t.Errorf("orientation %d after stripping, want 6", o)
	}
	again, err := Strip(out)
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("stripping twice changes the file (err %v)", err)
	}
	// A JPEG without metadata comes back unchanged.
	if same, err := Strip(plain); err != nil || !bytes.Equal(same, plain) {
		t.Errorf("a clean JPEG was changed (err %v)", err)
	}
}

func rationals(vs []uint32) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

func pngChunk(typ string, data []byte) []byte {
	b := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	b = append(append(b, typ...), data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

func TestPNGLosesTextAndEXIFChunks(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage()); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	ihdrEnd := 8 + 12 + 13
	var c []byte
	c = append(c, plain[:ihdrEnd]...)
	c = append(c, pngChunk("tEXt", []byte("Author\x00"+secretArtist))...)
	c = append(c, pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<dc:creator>"+secretXMP+"</dc:creator>"))...)
	c = append(c, pngChunk("zTXt", []byte("Comment\x00\x00x\x9c"+secretNote))...)
	c = append(c, pngChunk("eXIf", exifTIFF(1))...)
	c = append(c, pngChunk("tIME", []byte{0x07, 0xEA, 11, 23, 9, 0, 0})...)
	c = append(c, plain[ihdrEnd:]...)
	c = append(c, []byte("after IEND "+secretNote)...)

	out, err := Strip(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, plain) {
		t.Fatalf("the stripped PNG (%d bytes) is not the encoder's file (%d bytes)", len(out), len(plain))
	}
	for _, secret := range []string{secretArtist, secretDatum, secretXMP, secretNote} {
		if bytes.Contains(out, []byte(secret)) {
			t.Errorf("the stripped PNG still holds %q", secret)
		}
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil || !samePixels(img, testImage()) {
		t.Fatalf("the stripped PNG does not decode to the same pixels: %v", err)
	}
}

func webpChunk(typ string, data []byte) []byte {
	b := append([]byte(typ), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	b = append(b, data...)
	if len(data)%2 == 1 {
		b = append(b, 0)
	}
	return b
}

func riff(chunks ...[]byte) []byte {
	body := []byte("WEBP")
	for _, c := range chunks {
		body = append(body, c...)
	}
	return append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...), body...)
}

func TestWebPLosesEXIFAndXMPAndItsFlags(t *testing.T) {
	// An extended WebP: VP8X with the ICC-less EXIF and XMP flags set, a
	// lossless 1×1 image, then the metadata chunks (odd sizes, padded).
	vp8x := []byte{0x08 | 0x04 | 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0} // EXIF, XMP, alpha; 1×1
	image := webpChunk("VP8L", []byte{0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07})
	crafted := riff(webpChunk("VP8X", vp8x), image, webpChunk("EXIF", exifTIFF(1)),
		webpChunk("XMP ", []byte("<dc:creator>"+secretXMP+"</dc:creator>!")))
	crafted = append(crafted, []byte("junk after the RIFF "+secretNote)...)

	out, err := Strip(crafted)
	if err != nil {
		t.Fatal(err)
	}
	want := riff(webpChunk("VP8X", append([]byte{0x10}, vp8x[1:]...)), image)
	if !bytes.Equal(out, want) {
		t.Fatalf("stripped WebP\n%q\nwant\n%q", out, want)
	}
	for _, secret := range []string{secretArtist, secretDatum, secretXMP, secretNote} {
		if bytes.Contains(out, []byte(secret)) {
			t.Errorf("the stripped WebP still holds %q", secret)
		}
	}
	// A simple WebP has no metadata and comes back unchanged.
	simple := riff(image)
	if same, err := Strip(simple); err != nil || !bytes.Equal(same, simple) {
		t.Errorf("a simple WebP was changed (err %v)", err)
	}
}

func TestUnreadableImagesAreClearErrors(t *testing.T) {
	_, crafted := craftedJPEG(t)
	var buf bytes.Buffer
	_ = png.Encode(&buf, testImage())
	cases := map[string][]byte{
		"JPEG cut in a header":          crafted[:40],
		"JPEG with junk after SOI":      []byte("\xFF\xD8\xFFjunkjunk"),
		"JPEG segment past the end":     []byte("\xFF\xD8\xFF\xE1\xFF\xFFExif"),
		"PNG without IHDR":              append([]byte(pngSignature), pngChunk("IEND", nil)...),
		"PNG chunk past the end":        append([]byte(pngSignature), 0x7F, 0xFF, 0xFF, 0xFF, 'I', 'H', 'D', 'R', 0, 0, 0, 0),
		"PNG cut before IEND":           buf.Bytes()[:buf.Len()-12],
		"WebP with a RIFF size too big": append([]byte("RIFF\xff\xff\xff\x7fWEBP"), webpChunk("VP8L", []byte{1})...),
		"WebP without image data":       riff(webpChunk("EXIF", []byte("x"))),
		"not an image":                  []byte("<html>"),
	}
	for name, data := range cases {
		_, err := Strip(data)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "is not a") {
			t.Errorf("%s: error %q does not say what the file is not", name, err)
		}
	}
}

// Orientation reads what Strip keeps, and calls anything else upright.
func TestOrientationOfStoredPhotos(t *testing.T) {
	plain, crafted := craftedJPEG(t)
	stripped, err := Strip(crafted)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		want int
	}{
		{"stripped JPEG taken sideways", stripped, 6},
		{"camera JPEG with full EXIF", crafted, 6},
		{"JPEG without EXIF", plain, 1},
		{"minimal segment for 8", append(append([]byte{0xFF, 0xD8}, orientationSegment(8)...), plain[2:]...), 8},
		{"out-of-range tag", append(append([]byte{0xFF, 0xD8}, orientationSegment(9)...), plain[2:]...), 1},
		{"truncated segment", append([]byte{0xFF, 0xD8}, orientationSegment(6)[:12]...), 1},
		{"not a JPEG", []byte("\x89PNG\r\n\x1a\n"), 1},
		{"empty", nil, 1},
	} {
		if got := Orientation(c.data); got != c.want {
			t.Errorf("%s: orientation %d, want %d", c.name, got, c.want)
		}
	}
}
