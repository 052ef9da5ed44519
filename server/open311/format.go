package open311

import (
	"encoding/json"
	"encoding/xml"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

// format is the response format, chosen by the resource's extension.
type format int

const (
	formatXML format = iota
	formatJSON
)

// Content types as the spec's examples give them; discovery lists text/xml.
const (
	contentXML  = "text/xml; charset=utf-8"
	contentJSON = "application/json; charset=utf-8"
)

// parseFormat reads the extension of a resource.
func parseFormat(ext string) (format, error) {
	switch strings.ToLower(ext) {
	case "xml":
		return formatXML, nil
	case "json":
		return formatJSON, nil
	}
	return formatXML, models.Errorf(models.ENotFound, "format %q is not supported; use .xml or .json", ext)
}

// send writes v in the format: JSON gets jsonV (the spec's bare arrays),
// XML gets xmlV (the same data under the spec's root element), preceded by
// the XML declaration the spec requires.
func send(c *fiber.Ctx, f format, status int, jsonV, xmlV any) error {
	var body []byte
	var err error
	if f == formatJSON {
		c.Set(fiber.HeaderContentType, contentJSON)
		body, err = json.Marshal(jsonV)
	} else {
		c.Set(fiber.HeaderContentType, contentXML)
		body, err = xml.Marshal(xmlV)
		body = append([]byte(xml.Header), body...)
	}
	if err != nil {
		// Our types always marshal; this is a bug, so say so plainly.
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.Status(fiber.StatusInternalServerError).SendString("cannot encode the response")
	}
	return c.Status(status).Send(body)
}
