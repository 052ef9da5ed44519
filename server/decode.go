package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

// decodeJSON reads the request body into dst strictly: it must be one
// JSON object of valid UTF-8, with only the fields dst has, each of the
// right type. Operator injection such as {"title": {"$gt": ""}} or
// {"$where": "..."} therefore fails here, naming the field. An empty body
// is allowed when required is false (actions without parameters).
func decodeJSON(c *fiber.Ctx, dst any, required bool) error {
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		if required {
			return invalidField("body", "must be a JSON object, with Content-Type: application/json")
		}
		return nil
	}
	if !isJSONContent(c) {
		return notJSON(c, "JSON")
	}
	return decodeStrict(body, dst)
}

// notJSON answers 415 to a body in another media type: the API reads
// JSON only (and multipart/form-data where a route says so), never forms.
func notJSON(c *fiber.Ctx, accepted string) error {
	got := strings.ToValidUTF8(string(c.Request().Header.ContentType()), "")
	if len(got) > 80 {
		got = got[:80]
	}
	if got == "" {
		got = "none"
	}
	return httpErr(fiber.StatusUnsupportedMediaType, codeUnsupportedMedia, "http.unsupported_media", "accepted", accepted, "got", got)
}

// decodeStrict decodes one JSON object into dst, rejecting unknown fields.
func decodeStrict(body []byte, dst any) error {
	if !utf8.Valid(body) {
		return invalidField("body", "is not valid UTF-8")
	}
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' {
		return invalidField("body", "must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return invalidField("body", "has data after the JSON object")
	}
	return nil
}

// jsonError turns encoding/json's errors into messages that name the
// field and say what was expected.
func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return invalidField("body", "is not valid JSON (at byte %d): %s", syn.Offset, syn.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidField("body", "is not valid JSON: it ends too early")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return invalidField(field, "must be %s, not a JSON %s", jsonTypeName(typ.Type), typ.Value)
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		if len(name) > 64 {
			name = strings.ToValidUTF8(name[:64], "") + "…"
		}
		return invalidField(name, "is not a known field")
	}
	return invalidField("body", "cannot be read: %s", strings.TrimPrefix(msg, "json: "))
}

func jsonTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// query returns the values of a query parameter, repeated or
// comma-separated, trimmed and copied (they outlive Fiber's buffers when
// the service keeps them).
func query(c *fiber.Ctx, name string) []string {
	var out []string
	for _, v := range c.Request().URI().QueryArgs().PeekMulti(name) {
		for _, part := range strings.Split(string(v), ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// query1 returns the single value of a parameter; repeating it is an error.
func query1(c *fiber.Ctx, probs models.Problems, name string) string {
	vs := c.Request().URI().QueryArgs().PeekMulti(name)
	if len(vs) > 1 {
		probs.Add(name, "give it once")
	}
	if len(vs) == 0 {
		return ""
	}
	return strings.TrimSpace(string(vs[0]))
}

func queryBool(c *fiber.Ctx, probs models.Problems, name string) *bool {
	v := query1(c, probs, name)
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil || (v != "true" && v != "false") {
		probs.Add(name, "must be true or false")
		return nil
	}
	return &b
}

func queryFloat(c *fiber.Ctx, probs models.Problems, name string) *float64 {
	v := query1(c, probs, name)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		probs.Add(name, "must be a number")
		return nil
	}
	return &f
}

// queryTime reads RFC 3339 or a local date (YYYY-MM-DD). A date as an
// upper bound means the end of that day, so ranges of dates are inclusive.
func queryTime(c *fiber.Ctx, probs models.Problems, name string, loc *time.Location, upper bool) *time.Time {
	v := query1(c, probs, name)
	if v == "" {
		return nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return &t
	}
	d, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		probs.Add(name, "must be a date (YYYY-MM-DD) or a time (RFC 3339, e.g. 2026-11-23T09:00:00+07:00)")
		return nil
	}
	if upper {
		d = d.AddDate(0, 0, 1)
	}
	return &d
}

// queryDate reads a local date (YYYY-MM-DD).
func queryDate(c *fiber.Ctx, probs models.Problems, name string, loc *time.Location) time.Time {
	v := query1(c, probs, name)
	if v == "" {
		return time.Time{}
	}
	d, err := time.ParseInLocation(time.DateOnly, v, loc)
	if err != nil {
		probs.Add(name, "must be a date (YYYY-MM-DD)")
	}
	return d
}

// ifMatch reads the version in If-Match: "7", W/"7" or 7. 0 when absent.
func ifMatch(c *fiber.Ctx) (int64, error) {
	v := strings.TrimSpace(c.Get(fiber.HeaderIfMatch))
	if v == "" {
		return 0, nil
	}
	v = strings.Trim(strings.TrimPrefix(v, "W/"), `"`)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		return 0, invalidField("If-Match", "must be the version to change, as in the ETag: \"7\"")
	}
	return n, nil
}

// version combines If-Match and a version in the body; they must agree.
func version(c *fiber.Ctx, body int64) (int64, error) {
	h, err := ifMatch(c)
	if err != nil {
		return 0, err
	}
	if body < 0 {
		return 0, invalidField("version", "must be a positive version number")
	}
	if h != 0 && body != 0 && h != body {
		return 0, invalidField("version", "is %d but If-Match says %d", body, h)
	}
	return max(h, body), nil
}

func etag(v int64) string { return fmt.Sprintf("%q", strconv.FormatInt(v, 10)) }

// pathParam returns a path parameter as a copy.
func pathParam(c *fiber.Ctx, name string) string { return strings.Clone(c.Params(name)) }
