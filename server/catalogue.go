package server

import (
	"encoding/json"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/request"
	"github.com/civicdesk/civicdesk/service"
)

type catalogueAnswer struct {
	Version   int64             `json:"version"`
	Catalogue *models.Catalogue `json:"catalogue"`
}

// catalogueParts are the lists readable one by one.
var catalogueParts = []struct {
	Name string
	Doc  any
	Get  func(*models.Catalogue) any
}{
	{"wards", wardsAnswer{}, func(c *models.Catalogue) any { return c.Wards }},
	{"departments", departmentsAnswer{}, func(c *models.Catalogue) any { return c.Departments }},
	{"categories", categoriesAnswer{}, func(c *models.Catalogue) any { return c.Categories }},
	{"rules", rulesAnswer{}, func(c *models.Catalogue) any { return c.Rules }},
	{"holidays", holidaysAnswer{}, func(c *models.Catalogue) any { return c.Calendar.Holidays }},
}

// The answer types of the catalogue parts, for the OpenAPI document.
type (
	wardsAnswer struct {
		Version int64         `json:"version"`
		Items   []models.Ward `json:"wards"`
	}
	departmentsAnswer struct {
		Version int64               `json:"version"`
		Items   []models.Department `json:"departments"`
	}
	categoriesAnswer struct {
		Version int64             `json:"version"`
		Items   []models.Category `json:"categories"`
	}
	rulesAnswer struct {
		Version int64         `json:"version"`
		Items   []models.Rule `json:"rules"`
	}
	holidaysAnswer struct {
		Version int64            `json:"version"`
		Items   []models.Holiday `json:"holidays"`
	}
)

func (s *Server) getCatalogue(c *fiber.Ctx) error {
	v := s.svc.CatalogueVersion()
	c.Set(fiber.HeaderETag, etag(v))
	return c.JSON(catalogueAnswer{Version: v, Catalogue: s.svc.Catalogue()})
}

// publicCatalogue is the catalogue for the public portal and residents'
// apps: no internal settings.
func (s *Server) publicCatalogue(c *fiber.Ctx) error {
	v := s.svc.CatalogueVersion()
	c.Set(fiber.HeaderETag, etag(v))
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(catalogueAnswer{Version: v, Catalogue: s.svc.PublicCatalogue()})
}

func (s *Server) cataloguePart(name string, get func(*models.Catalogue) any) fiber.Handler {
	return func(c *fiber.Ctx) error {
		v := s.svc.CatalogueVersion()
		c.Set(fiber.HeaderETag, etag(v))
		return c.JSON(fiber.Map{"version": v, name: get(s.svc.Catalogue())})
	}
}

// putCatalogue replaces the catalogue (admins). If-Match must name the
// version edited; the body is the whole catalogue, checked like the
// catalogue file.
func (s *Server) putCatalogue(c *fiber.Ctx) error {
	v, err := ifMatch(c)
	if err != nil {
		return err
	}
	if v == 0 {
		return invalidField("If-Match", "is required: send the version you edited, as in the ETag of GET /api/v1/catalogue")
	}
	body := c.Body()
	if !request.IsJSONContent(c) {
		return request.NotJSON(c, "the catalogue as JSON")
	}
	var probe map[string]json.RawMessage
	if err := request.DecodeStrict(body, &probe); err != nil {
		return err
	}
	cat, err := catalogue.Parse(body, "catalogue")
	if err != nil {
		return err
	}
	nv, err := s.svc.UpdateCatalogue(c.UserContext(), principal(c), cat, v)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(nv))
	return c.JSON(catalogueAnswer{Version: nv, Catalogue: s.svc.Catalogue()})
}

func (s *Server) whoHandles(c *fiber.Ctx) error {
	probs := models.Problems{}
	q := service.WhoHandlesQuery{
		Category: query1(c, probs, "category"),
		Ward:     query1(c, probs, "ward"),
		Lat:      queryFloat(c, probs, "lat"),
		Lon:      queryFloat(c, probs, "lon"),
	}
	if q.Category == "" {
		probs.Add("category", "is required")
	}
	if err := probs.Err("the question"); err != nil {
		return err
	}
	a, err := s.svc.WhoHandles(c.UserContext(), q)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(a)
}

type catalogueHistoryAnswer struct {
	Versions []models.CatalogueVersion `json:"versions"`
}

// catalogueHistory lists the kept versions of the catalogue (admins).
func (s *Server) catalogueHistory(c *fiber.Ctx) error {
	list, err := s.svc.CatalogueHistory(c.UserContext(), principal(c), 20)
	if err != nil {
		return err
	}
	return c.JSON(catalogueHistoryAnswer{Versions: list})
}

// catalogueVersion answers a kept version of the catalogue (admins).
func (s *Server) catalogueVersion(c *fiber.Ctx) error {
	v, err := strconv.ParseInt(pathParam(c, "version"), 10, 64)
	if err != nil || v < 1 {
		return invalidField("version", "must be a version number")
	}
	raw, err := s.svc.CatalogueAt(c.UserContext(), principal(c), v)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(raw)
}
