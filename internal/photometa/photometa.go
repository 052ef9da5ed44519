// Package photometa removes metadata (EXIF, XMP, GPS positions, comments,
// author names, text chunks) from the photos civicdesk stores, which are
// served to the public. The image data itself is copied byte for byte:
// nothing is decoded or re-encoded, so the pixels stay exactly as sent.
//
// JPEG keeps its JFIF (APP0), ICC colour profile (APP2 ICC_PROFILE) and
// Adobe (APP14, needed to decode CMYK files) segments, and the EXIF
// orientation as a minimal EXIF segment holding that tag alone, so photos
// taken sideways still show upright. PNG drops its tEXt, iTXt, zTXt, eXIf
// and tIME chunks; WebP its EXIF and XMP chunks, with the VP8X flags
// corrected. Anything after the image's end marker is dropped too.
package photometa

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// Strip returns data without its metadata, or an error saying why the
// bytes are not a readable JPEG, PNG or WebP file. It never changes data.
func Strip(data []byte) ([]byte, error) {
	switch {
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		return stripJPEG(data)
	case len(data) >= 8 && string(data[:8]) == pngSignature:
		return stripPNG(data)
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return stripWebP(data)
	}
	return nil, errors.New("is not a JPEG, PNG or WebP image")
}

// JPEG markers.
const (
	mSOI  = 0xD8
	mEOI  = 0xD9
	mSOS  = 0xDA
	mAPP0 = 0xE0
	mAPP1 = 0xE1
	mAPP2 = 0xE2
	mAPPE = 0xEE
	mAPPF = 0xEF
	mCOM  = 0xFE
	mTEM  = 0x01
)

func isRST(m byte) bool { return m >= 0xD0 && m <= 0xD7 }

func stripJPEG(data []byte) ([]byte, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("is not a readable JPEG image: "+format, a...)
	}
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, mSOI)
	orientation := 0
	wroteOrientation := false
	// The orientation goes right after JFIF, where readers look: before
	// the first marker written after it is read, other than JFIF. Markers
	// that are dropped do not count, so stripping the output again puts
	// it in the same place (found by FuzzStrip: EXIF, a comment, then
	// JFIF put it before JFIF, and a second stripping after).
	writeOrientation := func() {
		if !wroteOrientation && orientation > 1 {
			out = append(out, orientationSegment(orientation)...)
			wroteOrientation = true
		}
	}
	scans := 0
	i := 2
	for {
		if i >= len(data) {
			return nil, bad("it ends before its image data")
		}
		if data[i] != 0xFF {
			return nil, bad("no segment marker at byte %d", i)
		}
		for i < len(data) && data[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(data) {
			return nil, bad("it ends inside a marker")
		}
		m := data[i]
		i++
		switch {
		case m == mEOI:
			if scans == 0 {
				return nil, bad("it holds no image data")
			}
			writeOrientation()
			return append(out, 0xFF, mEOI), nil // anything after is dropped
		case isRST(m) || m == mTEM:
			writeOrientation()
			out = append(out, 0xFF, m)
			continue
		case m == mSOI || m == 0x00:
			return nil, bad("unexpected marker 0x%02X at byte %d", m, i-1)
		}
		if i+2 > len(data) {
			return nil, bad("it ends inside a segment header")
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return nil, bad("segment 0x%02X at byte %d runs past the end", m, i-2)
		}
		seg := data[i-2 : i+n] // marker, length, payload
		payload := data[i+2 : i+n]
		i += n
		keep := true
		switch {
		case m == mAPP1:
			if o := exifOrientation(payload); o > 1 && o <= 8 {
				orientation = o
			}
			keep = false
		case m == mAPP2:
			keep = bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00"))
		case m == mAPP0 || m == mAPPE:
			keep = true
		case m > mAPP2 && m <= mAPPF, m == mCOM:
			keep = false
		}
		if keep {
			if m != mAPP0 {
				writeOrientation()
			}
			out = append(out, seg...)
		}
		if m != mSOS {
			continue
		}
		scans++
		// Entropy-coded data runs to the next marker that is neither a
		// stuffed 0xFF00 nor a restart marker; copied as is.
		j := i
		for j < len(data) {
			if data[j] == 0xFF && j+1 < len(data) && data[j+1] != 0x00 && !isRST(data[j+1]) && data[j+1] != 0xFF {
				break
			}
			j++
		}
		out = append(out, data[i:j]...)
		i = j
		if i >= len(data) {
			// Truncated after the image data started: keep what there is,
			// as viewers show it, without metadata.
			return out, nil
		}
	}
}

// exifOrientation reads the Orientation tag (0x0112) of IFD0 from an APP1
// payload, or returns 0.
func exifOrientation(p []byte) int {
	if !bytes.HasPrefix(p, []byte("Exif\x00\x00")) {
		return 0
	}
	t := p[6:]
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:8]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	n := int(bo.Uint16(t[off:]))
	for k := 0; k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 && bo.Uint32(t[e+4:]) == 1 {
			return int(bo.Uint16(t[e+8:]))
		}
	}
	return 0
}

// orientationSegment is an APP1 EXIF segment holding only the orientation.
func orientationSegment(o int) []byte {
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian header, IFD0 at 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, // Orientation SHORT 1 = o
		0, 0, 0, 0} // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, mAPP1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

const pngSignature = "\x89PNG\r\n\x1a\n"

// pngMetadata are the chunks that carry text, metadata or times.
var pngMetadata = map[string]bool{"tEXt": true, "iTXt": true, "zTXt": true, "eXIf": true, "tIME": true}

func stripPNG(data []byte) ([]byte, error) {
	out := make([]byte, 0, len(data))
	out = append(out, pngSignature...)
	i := len(pngSignature)
	first := true
	for {
		if i+12 > len(data) {
			return nil, errors.New("is not a readable PNG image: it ends before its IEND chunk")
		}
		n := binary.BigEndian.Uint32(data[i:])
		typ := string(data[i+4 : i+8])
		if n > uint32(len(data)-i-12) {
			return nil, fmt.Errorf("is not a readable PNG image: chunk %q at byte %d runs past the end", printable(typ), i)
		}
		if first && typ != "IHDR" {
			return nil, errors.New("is not a readable PNG image: it does not start with IHDR")
		}
		first = false
		end := i + 12 + int(n)
		if !pngMetadata[typ] {
			out = append(out, data[i:end]...)
		}
		i = end
		if typ == "IEND" {
			return out, nil // anything after is dropped
		}
	}
}

func stripWebP(data []byte) ([]byte, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("is not a readable WebP image: "+format, a...)
	}
	size := binary.LittleEndian.Uint32(data[4:8])
	if size < 4 || uint64(size) > uint64(len(data)-8) {
		return nil, bad("its RIFF size does not match the file")
	}
	body := data[12 : 8+size] // anything after the RIFF data is dropped
	out := make([]byte, 12, len(data))
	copy(out, data[:12])
	vp8x := -1
	images := 0
	for i := 0; i < len(body); {
		if i+8 > len(body) {
			return nil, bad("it ends inside a chunk header")
		}
		typ := string(body[i : i+4])
		n := binary.LittleEndian.Uint32(body[i+4:])
		padded := uint64(n) + uint64(n&1)
		if uint64(i)+8+padded > uint64(len(body)) {
			if uint64(i)+8+uint64(n) != uint64(len(body)) { // a missing last pad byte is tolerated
				return nil, bad("chunk %q runs past the end", printable(typ))
			}
			padded = uint64(n)
		}
		chunk := body[i : i+8+int(padded)]
		i += len(chunk)
		switch typ {
		case "EXIF", "XMP ":
			continue
		case "VP8X":
			if n < 10 {
				return nil, bad("its VP8X chunk is too short")
			}
			vp8x = len(out)
		case "VP8 ", "VP8L", "ANMF":
			images++
		}
		out = append(out, chunk...)
		if len(chunk)&1 == 1 {
			out = append(out, 0)
		}
	}
	if images == 0 {
		return nil, bad("it holds no image data")
	}
	if vp8x >= 0 {
		out[vp8x+8] &^= 0x08 | 0x04 // EXIF and XMP flags
	}
	binary.LittleEndian.PutUint32(out[4:8], uint32(len(out)-8))
	return out, nil
}

func printable(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}
