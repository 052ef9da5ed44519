package open311

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

// getDiscovery answers GET discovery.{format}. It lists the endpoint once
// per format, so clients that pick an endpoint by format find theirs, and
// names the jurisdiction served.
func (a *API) getDiscovery(c *fiber.Ctx) error {
	f, err := parseFormat(c.Params("format"))
	if err == nil {
		err = a.checkJurisdiction(c.Query("jurisdiction_id"))
	}
	if err != nil {
		return a.fail(c, f, err)
	}
	changed := a.timestamp(a.changeset())
	d := discovery{
		Changeset:      changed,
		Contact:        a.cfg.Contact,
		KeyService:     a.cfg.KeyService,
		JurisdictionID: a.cfg.JurisdictionID,
	}
	for _, format := range []string{"text/xml", "application/json"} {
		d.Endpoints = append(d.Endpoints, endpoint{
			Specification: Specification,
			URL:           a.cfg.BaseURL + a.cfg.Path,
			Changeset:     changed,
			Type:          "production",
			Formats:       []string{format},
		})
	}
	return send(c, f, fiber.StatusOK, d, d)
}

// getServices answers GET services.{format}: one service per category.
func (a *API) getServices(c *fiber.Ctx) error {
	f, err := parseFormat(c.Params("format"))
	if err == nil {
		err = a.checkJurisdiction(c.Query("jurisdiction_id"))
	}
	if err != nil {
		return a.fail(c, f, err)
	}
	cat := a.svc.Catalogue()
	list := make([]serviceInfo, 0, len(cat.Categories))
	for _, k := range cat.Categories {
		list = append(list, serviceInfo{
			Code:        k.Code,
			Name:        k.NameVI,
			Description: describe(k),
			Metadata:    true, // every service has the ward attribute
			Type:        "realtime",
			Keywords:    keywords(k),
			Group:       string(k.DefaultLevel),
		})
	}
	return send(c, f, fiber.StatusOK, list, servicesXML{Services: list})
}

// getServiceDefinition answers GET services/{service_code}.{format}.
func (a *API) getServiceDefinition(c *fiber.Ctx) error {
	code := c.Params("service_code")
	f, err := parseFormat(c.Params("format"))
	if err == nil {
		err = a.checkJurisdiction(c.Query("jurisdiction_id"))
	}
	if err != nil {
		return a.fail(c, f, err)
	}
	cat := a.svc.Catalogue()
	if _, ok := cat.Category(code); !ok {
		return a.fail(c, f, models.Errorf(models.ENotFound, "service_code %q not found", code))
	}
	d := serviceDefinition{Code: code, Attributes: attributes{List: []attribute{wardAttribute(cat)}}}
	return send(c, f, fiber.StatusOK, d, d)
}

// wardAttribute lets a client without coordinates name the ward. It is
// optional: without lat/long and without it, the ward is the one the
// address_string names (diacritics optional), else the filing
// organisation's own ward; only when none of these tells, a category that
// wards handle is refused with an error that says so.
func wardAttribute(cat *models.Catalogue) attribute {
	vals := make([]value, 0, len(cat.Wards))
	for _, w := range cat.Wards {
		vals = append(vals, value{Key: w.Code, Name: w.NameVI})
	}
	return attribute{
		Variable: true,
		Code:     "ward",
		Datatype: "singlevaluelist",
		Required: false,
		DatatypeDescription: "Không bắt buộc. Khi không có lat/long, phường được lấy từ address_string (tên phường, có dấu hay không dấu) " +
			"hoặc phường của tổ chức gửi; gửi trường này khi địa chỉ không ghi tên phường. / Optional. Without lat/long, the ward is read " +
			"from address_string (the ward's name, with or without diacritics) or is the filing organisation's ward; send it when the " +
			"address does not name the ward.",
		Order:       1,
		Description: "Phường nơi xảy ra sự việc / Ward where the problem is",
		Values:      vals,
	}
}

// describe puts the hint in Vietnamese and, for clients in English, the
// English name and hint: Open311 has one language per service.
func describe(k models.Category) string {
	return strings.TrimSpace(k.HintVI) + " — " + k.NameEN + ": " + strings.TrimSpace(k.HintEN)
}

// keywords are the English name and the Vietnamese name without diacritics
// (people type "rac thai" for "rác thải"), split into phrases.
func keywords(k models.Category) string {
	seen := map[string]bool{}
	var out []string
	for _, name := range []string{k.NameEN, models.Fold(k.NameVI)} {
		for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ',' || r == '(' || r == ')' }) {
			w = strings.TrimSpace(w)
			if w != "" && !seen[strings.ToLower(w)] {
				seen[strings.ToLower(w)] = true
				out = append(out, w)
			}
		}
	}
	return strings.Join(out, ", ")
}
