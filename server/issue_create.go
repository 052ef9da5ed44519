package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/request"
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

func (s *Server) createIssue(c *fiber.Ctx) error {
	var in service.NewIssue
	if request.IsMultipart(c) {
		var err error
		if in, err = readIssueForm(c); err != nil {
			return err
		}
	} else {
		var b newIssueBody
		if len(c.Body()) > 0 && !request.IsJSONContent(c) {
			return request.NotJSON(c, "JSON or multipart/form-data")
		}
		if err := request.DecodeJSON(c, &b, true); err != nil {
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

// readIssueForm reads a multipart issue, its "data" part decoded as the
// JSON body is.
func readIssueForm(c *fiber.Ctx) (service.NewIssue, error) {
	return request.IssueForm(c, func(data []byte) (service.NewIssue, error) {
		var b newIssueBody
		if err := request.DecodeStrict(data, &b); err != nil {
			return service.NewIssue{}, err
		}
		return b.toService(), nil
	})
}
