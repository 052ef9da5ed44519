// Package form reads an Open311 POST requests form and maps it onto a new
// issue. It holds no handler and no database, so its fuzz test (issue
// #10) builds and runs in seconds.
package form

import (
	"io"
	"mime/multipart"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// Params are a POST's parameters: the body first, then the query string,
// because some clients put api_key in the URL even when they POST.
type Params struct {
	url.Values
	// Media are image files sent in "media" fields of a multipart body.
	Media []*multipart.FileHeader
}

// Get returns a parameter trimmed; clients often send every field, empty
// ones included, so "" means absent.
func (p Params) Get(key string) string { return strings.TrimSpace(p.Values.Get(key)) }

// Read reads the parameters of c: a urlencoded or multipart body and the
// query string.
func Read(c *fiber.Ctx) (Params, error) {
	p := Params{Values: url.Values{}}
	ct := strings.ToLower(string(c.Request().Header.ContentType()))
	if strings.HasPrefix(ct, fiber.MIMEMultipartForm) {
		form, err := c.MultipartForm()
		if err != nil {
			return p, models.Invalidf("body", "the multipart form cannot be read: %v", err)
		}
		for k, vs := range form.Value {
			p.Values[k] = append(p.Values[k], vs...)
		}
		p.Media = form.File["media"]
	} else {
		// string(b) copies, so nothing keeps pointing into fasthttp's buffers.
		c.Request().PostArgs().VisitAll(func(k, v []byte) { p.Add(string(k), string(v)) })
	}
	query := url.Values{}
	c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) { query.Add(string(k), string(v)) })
	for k, vs := range query {
		if _, ok := p.Values[k]; !ok {
			p.Values[k] = vs
		}
	}
	return p, nil
}

// Photos reads the uploaded media files; the service checks their type
// and size from the bytes.
func (p Params) Photos() ([]service.PhotoUpload, error) {
	if len(p.Media) > models.MaxPhotos {
		return nil, models.Invalidf("photos", "at most %d photos", models.MaxPhotos)
	}
	var out []service.PhotoUpload
	for _, fh := range p.Media {
		f, err := fh.Open()
		if err != nil {
			return nil, models.Invalidf("photos", "cannot read %q: %v", fh.Filename, err)
		}
		// One byte over the limit is enough for the service to refuse it.
		data, err := io.ReadAll(io.LimitReader(f, models.MaxPhotoBytes+1))
		_ = f.Close()
		if err != nil {
			return nil, models.Invalidf("photos", "cannot read %q: %v", fh.Filename, err)
		}
		out = append(out, service.PhotoUpload{ContentType: fh.Header.Get(fiber.HeaderContentType), Data: data})
	}
	return out, nil
}
