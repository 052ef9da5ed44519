package server

import (
	"fmt"
	"io"
	"mime/multipart"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// newIssueBody is the JSON (or the multipart "data" part) of a new issue.
type newIssueBody struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Category    string   `json:"category"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
	Address     string   `json:"address,omitempty"`
	Ward        string   `json:"ward,omitempty"`
	// Contact is the resident an official files for; private.
	Contact *contactBody `json:"contact,omitempty"`
	// PeopleCount is how many people an organisation's concern speaks for.
	PeopleCount int `json:"people_count,omitempty"`
}

type contactBody struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	Lang  string `json:"lang,omitempty"`
}

func (b newIssueBody) toService() service.NewIssue {
	in := service.NewIssue{
		Title: b.Title, Description: b.Description, Category: b.Category,
		Lat: b.Lat, Lon: b.Lon, Address: b.Address, Ward: b.Ward,
		Channel: models.ChannelAPI, PeopleCount: b.PeopleCount,
	}
	if b.Contact != nil {
		in.Contact = models.Contact{Name: b.Contact.Name, Phone: b.Contact.Phone, Email: b.Contact.Email, Lang: b.Contact.Lang}
	}
	return in
}

// multipartFields are the form fields accepted instead of a "data" part.
var multipartFields = []string{"title", "description", "category", "lat", "lon", "address", "ward",
	"people_count", "contact.name", "contact.phone", "contact.email", "contact.lang"}

func (s *Server) createIssue(c *fiber.Ctx) error {
	var in service.NewIssue
	if isMultipart(c) {
		var err error
		if in, err = readIssueForm(c); err != nil {
			return err
		}
	} else {
		var b newIssueBody
		if len(c.Body()) > 0 && !isJSONContent(c) {
			return notJSON(c, "JSON or multipart/form-data")
		}
		if err := decodeJSON(c, &b, true); err != nil {
			return err
		}
		in = b.toService()
	}
	if r := reservation(c); r != nil {
		in.ReservedCode, in.Reserve = r.code, r.reserve
	}
	iss, err := s.svc.CreateIssue(c.UserContext(), principal(c), in)
	if err != nil {
		return err
	}
	c.Location("/api/v1/issues/" + iss.Code)
	c.Set(fiber.HeaderETag, etag(iss.Version))
	return c.Status(fiber.StatusCreated).JSON(iss)
}

// readIssueForm reads a multipart issue: either a "data" part holding the
// JSON body or the fields one by one, and up to MaxPhotos "photos" files.
// The service sniffs each photo's type from its bytes.
func readIssueForm(c *fiber.Ctx) (service.NewIssue, error) {
	form, err := c.MultipartForm()
	if err != nil {
		return service.NewIssue{}, invalidField("body", "is not a readable multipart/form-data body")
	}
	probs := models.Problems{}
	for name := range form.File {
		if name != "photos" {
			probs.Add(name, "unknown file field; send photos as \"photos\"")
		}
	}
	var b newIssueBody
	if data, ok := form.Value["data"]; ok {
		for name := range form.Value {
			if name != "data" {
				probs.Add(name, "send either a \"data\" part with the JSON issue or the fields one by one, not both")
			}
		}
		if len(data) != 1 {
			probs.Add("data", "give it once")
		} else if err := decodeStrict([]byte(data[0]), &b); err != nil {
			return service.NewIssue{}, err
		}
	} else {
		b = issueFromFields(form.Value, probs)
	}
	in := b.toService()
	files := form.File["photos"]
	if len(files) > models.MaxPhotos {
		probs.Add("photos", "at most %d photos", models.MaxPhotos)
	}
	if err := probs.Err("the issue"); err != nil {
		return in, err
	}
	for i, fh := range files {
		data, err := readPhoto(fh)
		if err != nil {
			probs.Add(fmt.Sprintf("photos[%d]", i), "%s", err.Error())
			continue
		}
		in.Photos = append(in.Photos, service.PhotoUpload{ContentType: fh.Header.Get("Content-Type"), Data: data})
	}
	return in, probs.Err("the issue")
}

func issueFromFields(v map[string][]string, probs models.Problems) newIssueBody {
	known := map[string]bool{}
	for _, f := range multipartFields {
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
			probs.Add(name, "unknown field")
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
	b := newIssueBody{Title: get("title"), Description: get("description"), Category: get("category"),
		Address: get("address"), Ward: get("ward"), Lat: num("lat"), Lon: num("lon")}
	if s := get("people_count"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			probs.Add("people_count", "must be a whole number")
		}
		b.PeopleCount = n
	}
	ct := contactBody{Name: get("contact.name"), Phone: get("contact.phone"), Email: get("contact.email"), Lang: get("contact.lang")}
	if ct != (contactBody{}) {
		b.Contact = &ct
	}
	return b
}

// readPhoto reads one uploaded file, refusing more than MaxPhotoBytes
// whatever the part header claims.
func readPhoto(fh *multipart.FileHeader) ([]byte, error) {
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
