package request

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/textproto"
	"reflect"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// newCtx is a POST with body and contentType as a handler sees it,
// without a connection: thousands of these a second keep the fuzzer busy.
func newCtx(app *fiber.App, body []byte, contentType string) *fiber.Ctx {
	fc := &fasthttp.RequestCtx{}
	fc.Request.Header.SetMethod(fiber.MethodPost)
	fc.Request.Header.SetContentType(contentType)
	fc.Request.SetBody(body)
	return app.AcquireCtx(fc)
}

// checkBoundaryFree sends c's form again under another boundary, as a
// client retrying with an Idempotency-Key does (curl -F picks a new one
// each time), and checks that the fingerprint is the same. Forms that the
// multipart encoding cannot carry twice alike are left out.
func checkBoundaryFree(t *testing.T, app *fiber.App, c *fiber.Ctx, fp string) {
	t.Helper()
	form, err := c.MultipartForm()
	if err != nil {
		return
	}
	body, contentType := encodeForm(t, form, "retry-"+strings.Repeat("x", 20))
	c2 := newCtx(app, body, contentType)
	defer app.ReleaseCtx(c2)
	form2, err := c2.MultipartForm()
	if err != nil || !sameForm(t, form, form2) {
		return
	}
	if fp2 := Fingerprint(c2); fp2 != fp {
		t.Fatalf("the same form has two fingerprints, %s and %s, under two boundaries; the retry is\n%q", fp, fp2, body)
	}
}

var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func encodeForm(t *testing.T, form *multipart.Form, boundary string) ([]byte, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if err := w.SetBoundary(boundary); err != nil {
		t.Fatal(err)
	}
	for _, name := range sortedKeys(form.Value) {
		for _, v := range form.Value[name] {
			if err := w.WriteField(name, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, name := range sortedKeys(form.File) {
		for _, fh := range form.File[name] {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, quoteEscaper.Replace(name), quoteEscaper.Replace(fh.Filename)))
			if ct := fh.Header.Get("Content-Type"); ct != "" {
				h.Set("Content-Type", ct)
			}
			p, err := w.CreatePart(h)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = p.Write(fileBytes(t, fh))
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), w.FormDataContentType()
}

// sameForm: the same fields, and the same files (name, declared type and
// bytes), in the same order for each name.
func sameForm(t *testing.T, a, b *multipart.Form) bool {
	if !reflect.DeepEqual(a.Value, b.Value) || len(a.File) != len(b.File) {
		return false
	}
	for name, fa := range a.File {
		fb := b.File[name]
		if len(fa) != len(fb) {
			return false
		}
		for i := range fa {
			if fa[i].Filename != fb[i].Filename || fa[i].Header.Get("Content-Type") != fb[i].Header.Get("Content-Type") ||
				!bytes.Equal(fileBytes(t, fa[i]), fileBytes(t, fb[i])) {
				return false
			}
		}
	}
	return true
}

func fileBytes(t *testing.T, fh *multipart.FileHeader) []byte {
	f, err := fh.Open()
	if err != nil {
		t.Fatalf("an uploaded file cannot be opened: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("an uploaded file cannot be read: %v", err)
	}
	return data
}
