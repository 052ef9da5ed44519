package request

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// IsMultipart says whether the body is multipart/form-data.
func IsMultipart(c *fiber.Ctx) bool {
	return strings.HasPrefix(strings.ToLower(string(c.Request().Header.ContentType())), fiber.MIMEMultipartForm)
}

// IsJSONContent says whether the body is application/json, whatever its
// parameters (charset).
func IsJSONContent(c *fiber.Ctx) bool {
	ct := strings.ToLower(strings.TrimSpace(string(c.Request().Header.ContentType())))
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = strings.TrimSpace(ct[:i])
	}
	return ct == fiber.MIMEApplicationJSON
}
