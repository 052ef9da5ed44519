package open311

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/open311/form"
	"github.com/civicdesk/civicdesk/service"
)

// postRequest answers POST requests.{format}: it files an issue.
func (a *API) postRequest(c *fiber.Ctx) error {
	f, err := parseFormat(c.Params("format"))
	if err != nil {
		return a.fail(c, f, err)
	}
	p, err := form.Read(c)
	if err != nil {
		return a.fail(c, f, err)
	}
	// The key comes first: without it nothing else is worth checking, and
	// the spec answers 403 whatever else is wrong.
	// The README tells organisations to send X-API-Key; Open311 clients
	// send api_key. Either works.
	key := p.Get("api_key")
	if key == "" {
		key = strings.TrimSpace(c.Get("X-API-Key"))
	}
	if key == "" {
		return a.fail(c, f, models.Errorf(models.EUnauthorized, "api_key was not provided (send it as the api_key parameter or the X-API-Key header)"))
	}
	ctx := c.UserContext()
	who, err := a.svc.AuthenticateAPIKey(ctx, key)
	if err != nil {
		if models.ErrorCodeOf(err) == models.EUnauthorized {
			c.Locals(localAuthFailed, true)
		}
		return a.fail(c, f, err)
	}
	if err := a.checkJurisdiction(p.Get("jurisdiction_id")); err != nil {
		return a.fail(c, f, err)
	}
	in, err := form.NewIssue(p, who, a.svc.Catalogue())
	if err != nil {
		return a.fail(c, f, err)
	}
	iss, err := a.svc.CreateIssue(ctx, who, in)
	if err != nil {
		return a.fail(c, f, a.explainWard(err, in))
	}
	out := []created{{ID: iss.Code, ServiceNotice: text(notice(iss)), AccountID: text(p.Get("account_id"))}}
	return send(c, f, fiber.StatusOK, out, requestsXML[created]{Requests: out})
}

// explainWard rewords routing's "a ward or location is needed" for a
// client that sent only an address_string: it says what was tried and
// the three ways to place the report.
func (a *API) explainWard(err error, in service.NewIssue) error {
	if _, ok := models.ErrorFieldsOf(err)["ward"]; !ok || in.Lat != nil || in.Ward != "" || in.Address == "" {
		return err
	}
	names := make([]string, 0, len(a.svc.Catalogue().Wards))
	for _, w := range a.svc.Catalogue().Wards {
		names = append(names, w.NameVI)
	}
	if len(names) == 0 {
		return err
	}
	return models.Invalidf("address", "names no ward this service knows (%s), and the key has no ward of its own; this service is handled by a ward: "+
		"put the ward's name in address_string (e.g. \"phường %s\"), send attribute[ward] (see services/%s.xml), or send lat and long",
		strings.Join(names, ", "), names[0], in.Category)
}
