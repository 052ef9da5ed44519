package request

import (
	"fmt"
	"io"
	"mime/multipart"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// IssueFields are the form fields accepted instead of a "data" part.
var IssueFields = []string{"title", "description", "category", "lat", "lon", "address", "ward",
	"people_count", "contact.name", "contact.phone", "contact.email", "contact.lang"}

// IssueForm reads a multipart issue: either a "data" part holding the
// JSON body, which data decodes (the server's body type, so the JSON and
// the multipart issue cannot drift apart), or the fields one by one; and
// up to MaxPhotos "photos" files. The service sniffs each photo's type
// from its bytes.
func IssueForm(c *fiber.Ctx, data func([]byte) (service.NewIssue, error)) (service.NewIssue, error) {
	form, err := c.MultipartForm()
	if err != nil {
		return service.NewIssue{}, InvalidField("body", "is not a readable multipart/form-data body")
	}
	probs := models.Problems{}
	for name := range form.File {
		if name != "photos" {
			probs.Add(FieldName(name), "unknown file field; send photos as \"photos\"")
		}
	}
	var in service.NewIssue
	if part, ok := form.Value["data"]; ok {
		for name := range form.Value {
			if name != "data" {
				probs.Add(FieldName(name), "send either a \"data\" part with the JSON issue or the fields one by one, not both")
			}
		}
		if len(part) != 1 {
			probs.Add("data", "give it once")
		} else if in, err = data([]byte(part[0])); err != nil {
			return service.NewIssue{}, err
		}
	} else {
		in = issueFromFields(form.Value, probs)
	}
	in.Channel = models.ChannelAPI
	files := form.File["photos"]
	if len(files) > models.MaxPhotos {
		probs.Add("photos", "at most %d photos", models.MaxPhotos)
	}
	if err := probs.Err("the issue"); err != nil {
		return in, err
	}
	for i, fh := range files {
		data, err := ReadPhoto(fh)
		if err != nil {
			probs.Add(fmt.Sprintf("photos[%d]", i), "%s", err.Error())
			continue
		}
		in.Photos = append(in.Photos, service.PhotoUpload{ContentType: fh.Header.Get("Content-Type"), Data: data})
	}
	return in, probs.Err("the issue")
}

func issueFromFields(v map[string][]string, probs models.Problems) service.NewIssue {
	known := map[string]bool{}
	for _, f := range IssueFields {
		known[f] = true
	}
	get := func(name string) string {
		vs := v[name]
		if len(vs) > 1 {
			probs.Add(name, "give it once")
		}
		if len(vs) == 0 {
			return ""
		}
		return vs[0]
	}
	for name := range v {
		if !known[name] {
			probs.Add(FieldName(name), "unknown field")
		}
	}
	num := func(name string) *float64 {
		s := get(name)
		if s == "" {
			return nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			probs.Add(name, "must be a number")
			return nil
		}
		return &f
	}
	in := service.NewIssue{Title: get("title"), Description: get("description"), Category: get("category"),
		Address: get("address"), Ward: get("ward"), Lat: num("lat"), Lon: num("lon")}
	if s := get("people_count"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			probs.Add("people_count", "must be a whole number")
		}
		in.PeopleCount = n
	}
	in.Contact = models.Contact{Name: get("contact.name"), Phone: get("contact.phone"), Email: get("contact.email"), Lang: get("contact.lang")}
	return in
}

// ReadPhoto reads one uploaded file, refusing more than MaxPhotoBytes
// whatever the part header claims.
func ReadPhoto(fh *multipart.FileHeader) ([]byte, error) {
	if fh.Size > models.MaxPhotoBytes {
		return nil, fmt.Errorf("is %d bytes; the limit is %d MB", fh.Size, models.MaxPhotoBytes>>20)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot be read")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, models.MaxPhotoBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cannot be read")
	}
	if len(data) > models.MaxPhotoBytes {
		return nil, fmt.Errorf("is over the limit of %d MB", models.MaxPhotoBytes>>20)
	}
	return data, nil
}
