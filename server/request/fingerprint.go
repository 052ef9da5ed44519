package request

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"io"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Fingerprint identifies what a request asks for: its media type and
// body, or for multipart/form-data its fields and files (name, file name,
// declared type and a hash of the bytes) in a fixed order, so the random
// boundary a client picks for each attempt does not matter.
func Fingerprint(c *fiber.Ctx) string {
	h := sha256.New()
	ct := strings.ToLower(string(c.Request().Header.ContentType()))
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	writeField(h, strings.TrimSpace(ct))
	if IsMultipart(c) {
		if form, err := c.MultipartForm(); err == nil {
			writeField(h, "fields")
			for _, name := range sortedKeys(form.Value) {
				writeField(h, name)
				binary.Write(h, binary.BigEndian, uint64(len(form.Value[name])))
				for _, v := range form.Value[name] {
					writeField(h, v)
				}
			}
			writeField(h, "files")
			for _, name := range sortedKeys(form.File) {
				writeField(h, name)
				binary.Write(h, binary.BigEndian, uint64(len(form.File[name])))
				for _, fh := range form.File[name] {
					writeField(h, fh.Filename)
					writeField(h, fh.Header.Get("Content-Type"))
					fileHash := sha256.New()
					if f, err := fh.Open(); err == nil {
						_, _ = io.Copy(fileHash, f)
						f.Close()
					}
					h.Write(fileHash.Sum(nil))
				}
			}
			return hex.EncodeToString(h.Sum(nil))
		}
		// Unreadable: the handler refuses it; its bytes are what we have.
	}
	writeField(h, "body")
	h.Write(c.Body())
	return hex.EncodeToString(h.Sum(nil))
}

// writeField writes s with its length, so that fields cannot run into
// each other ("ab"+"c" differs from "a"+"bc").
func writeField(h hash.Hash, s string) {
	_ = binary.Write(h, binary.BigEndian, uint64(len(s)))
	h.Write([]byte(s))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
