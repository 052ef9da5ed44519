package photometa

import (
	"bytes"
	"testing"
)

// FuzzStrip: any bytes give a result or a clear error, never a panic; a
// stripped file strips to itself and keeps its image type; any bytes have
// an orientation from 1 to 8.
func FuzzStrip(f *testing.F) {
	f.Add([]byte("\xFF\xD8\xFF\xE1\x00\x0aExif\x00\x00GP\xFF\xDA\x00\x02\x01\x02\xFF\xD9"))
	f.Add([]byte(pngSignature + "\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00abcd\x00\x00\x00\x00IEND\xaeB`\x82"))
	f.Add(riffSeed())
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := Orientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
		out, err := Strip(data)
		if err != nil {
			if out != nil || err.Error() == "" {
				t.Fatalf("error %q with output", err)
			}
			return
		}
		again, err := Strip(out)
		if err != nil {
			t.Fatalf("the stripped file is not readable: %v", err)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("stripping twice changes the file:\n%q\n%q", out, again)
		}
		if o := Orientation(out); o < 1 || o > 8 {
			t.Fatalf("orientation %d after stripping", o)
		}
		if len(out) < 3 || !bytes.Equal(out[:3], data[:3]) {
			t.Fatalf("the image type changed: %q -> %q", data[:min(len(data), 3)], out[:min(len(out), 3)])
		}
	})
}

func riffSeed() []byte {
	return []byte("RIFF\x24\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x0c\x00\x00\x00\x00\x00\x00\x00\x00\x00VP8L\x02\x00\x00\x00\x2f\x00EXIF\x00\x00\x00\x00")
}
