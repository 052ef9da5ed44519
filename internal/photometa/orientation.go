package photometa

import "encoding/binary"

// Orientation returns the EXIF orientation (1 to 8; 1 is upright) of a
// JPEG, read from its first EXIF segment before the image data: the one
// segment Strip keeps. Anything that is not a JPEG, or holds no valid
// orientation, is upright. PNG and WebP files keep no orientation once
// stripped, so their pixels are shown as stored.
func Orientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xFF || data[1] != mSOI {
		return 1
	}
	i := 2
	for i+4 <= len(data) && data[i] == 0xFF {
		m := data[i+1]
		if m == mSOS || m == mEOI {
			break
		}
		if m == 0xFF { // fill byte
			i++
			continue
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			break
		}
		if m == mAPP1 {
			if o := exifOrientation(data[i+4 : i+2+n]); o >= 1 && o <= 8 {
				return o
			}
		}
		i += 2 + n
	}
	return 1
}
