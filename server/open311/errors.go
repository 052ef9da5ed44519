package open311

import (
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/i18n"
	"github.com/civicdesk/civicdesk/models"
)

// statusOf is the one place where civicdesk's error codes become the HTTP
// statuses the spec names: 400 for bad or missing parameters, 403 for the
// api_key, 404 for what does not exist.
func statusOf(code models.ErrorCode) int {
	switch code {
	case models.EInvalid:
		return fiber.StatusBadRequest
	case models.EUnauthorized, models.EForbidden:
		return fiber.StatusForbidden
	case models.ENotFound:
		return fiber.StatusNotFound
	case models.EConflict:
		return fiber.StatusConflict
	case models.EUnavailable:
		return fiber.StatusServiceUnavailable
	}
	return fiber.StatusInternalServerError
}

// paramNames renames the service's field names to the Open311 parameters
// the client actually sent, so an error points at something it knows.
var paramNames = map[string]string{
	"category":      "service_code",
	"lon":           "long",
	"location":      "lat/long",
	"ward":          "attribute[ward]",
	"address":       "address_string",
	"title":         "description",
	"contact.name":  "first_name/last_name",
	"contact.phone": "phone",
	"contact.email": "email",
	"people_count":  "attribute[people_count]",
	"photos":        "media",
	"created_from":  "start_date",
	"created_to":    "end_date",
}

func paramName(field string) string {
	if p, ok := paramNames[field]; ok {
		return p
	}
	if len(field) > 7 && field[:7] == "photos[" {
		return "media" + field[6:]
	}
	return field
}

// errorsOf turns an error into the spec's error list: one entry per wrong
// parameter, so a client sees every problem at once. Descriptions are in
// lang (Accept-Language; English by default), except the per-parameter
// details, which the service writes in English.
func errorsOf(err error, lang string, names i18n.Names) (int, []apiError) {
	status := statusOf(models.ErrorCodeOf(err))
	fields := models.ErrorFieldsOf(err)
	if models.ErrorCodeOf(err) != models.EInvalid || len(fields) == 0 {
		return status, []apiError{{Code: status, Description: models.ErrorText(err, lang, names)}}
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]apiError, 0, len(keys))
	for _, k := range keys {
		out = append(out, apiError{Code: status, Description: paramName(k) + ": " + fields[k]})
	}
	return status, out
}

// fail answers with the error list in the requested format. It always
// answers itself, so the surrounding app's error handler never turns an
// Open311 error into something a client cannot parse.
func (a *API) fail(c *fiber.Ctx, f format, err error) error {
	status, list := errorsOf(err, i18n.FromAcceptLanguage(c.Get(fiber.HeaderAcceptLanguage)), a.svc.Catalogue())
	if status >= 500 {
		a.log.ErrorContext(c.UserContext(), "open311 request failed", "method", c.Method(), "path", c.Path(), "err", err)
	}
	return send(c, f, status, list, errorsXML{Errors: list})
}

// formatOfPath guesses the format of a path that no route parsed (an
// unknown path, or an error raised before the handler): .json answers
// JSON, anything else XML, the spec's default.
func formatOfPath(path string) format {
	if strings.HasSuffix(strings.ToLower(path), ".json") {
		return formatJSON
	}
	return formatXML
}

// Fail answers an error raised outside the endpoint's handlers (the
// server's rate limit, a body over the limit) as the spec's error list,
// in the format the path asks for, so a client parses it like any other
// error. The REST server calls it through server.Mount.Fail.
func (a *API) Fail(c *fiber.Ctx, status int, message string) error {
	list := []apiError{{Code: status, Description: message}}
	return send(c, formatOfPath(c.Path()), status, list, errorsXML{Errors: list})
}

// unknownPath answers any path under the endpoint that is not one of its
// resources, in Open311's error format.
func (a *API) unknownPath(c *fiber.Ctx) error {
	return a.fail(c, formatOfPath(c.Path()), models.Errorf(models.ENotFound,
		"there is no Open311 resource %s; this endpoint serves discovery, services, services/{service_code}, requests and requests/{service_request_id}, each as .xml or .json", c.Path()))
}

// localAuthFailed is server.LocalAuthFailed (this package cannot import
// the server): set on a wrong api_key, it makes the failure count against
// the caller's allowance for guessing keys.
const localAuthFailed = "civicdesk.auth_failed"
