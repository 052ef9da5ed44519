package request

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

// InvalidField is an EInvalid error about one input field whose message
// names the field: "title must be a string, not a JSON object".
func InvalidField(field, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &models.Error{Code: models.EInvalid, Message: field + " " + msg, Fields: map[string]string{field: msg}}
}

// FieldName is the name of a field as a client sent it, fit to be named
// in an error: valid UTF-8, as the answer is JSON, at most 64 bytes, and
// "" shown as such. A multipart part's or a JSON key's name may be any
// bytes of any length, or none (found by FuzzDecodeRequest: a part named
// "\x82" came back in the error's message and fields as it was, and the
// key "" gave the message " is not a known field").
func FieldName(name string) string {
	const most = 64
	if name == "" {
		return `""`
	}
	cut := len(name) > most
	if cut {
		name = name[:most]
	}
	name = strings.ToValidUTF8(name, "\uFFFD")
	if cut {
		name += "…"
	}
	return name
}

// MediaError is a body in a media type the route does not read: the API
// reads JSON only (and multipart/form-data where a route says so), never
// forms. The server answers it 415 unsupported_media_type.
type MediaError struct {
	// Accepted is what the route reads, Got the request's Content-Type
	// (valid UTF-8, at most 80 bytes, "none" when absent).
	Accepted, Got string
}

func (e *MediaError) Error() string {
	return fmt.Sprintf("this route accepts only %s, with Content-Type: application/json; the request's Content-Type is %q", e.Accepted, e.Got)
}

// NotJSON is the MediaError for c's body.
func NotJSON(c *fiber.Ctx, accepted string) error {
	got := strings.ToValidUTF8(string(c.Request().Header.ContentType()), "")
	if len(got) > 80 {
		got = strings.ToValidUTF8(got[:80], "")
	}
	if got == "" {
		got = "none"
	}
	return &MediaError{Accepted: accepted, Got: got}
}
