package request

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

// DecodeJSON reads the request body into dst strictly: it must be one
// JSON object of valid UTF-8, with only the fields dst has, each of the
// right type. Operator injection such as {"title": {"$gt": ""}} or
// {"$where": "..."} therefore fails here, naming the field. An empty body
// is allowed when required is false (actions without parameters).
func DecodeJSON(c *fiber.Ctx, dst any, required bool) error {
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		if required {
			return InvalidField("body", "must be a JSON object, with Content-Type: application/json")
		}
		return nil
	}
	if !IsJSONContent(c) {
		return NotJSON(c, "JSON")
	}
	return DecodeStrict(body, dst)
}

// DecodeStrict decodes one JSON object into dst, rejecting unknown fields.
func DecodeStrict(body []byte, dst any) error {
	if !utf8.Valid(body) {
		return InvalidField("body", "is not valid UTF-8")
	}
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' {
		return InvalidField("body", "must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return JSONError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return InvalidField("body", "has data after the JSON object")
	}
	return nil
}

// JSONError turns encoding/json's errors into messages that name the
// field and say what was expected.
func JSONError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return InvalidField("body", "is not valid JSON (at byte %d): %s", syn.Offset, syn.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return InvalidField("body", "is not valid JSON: it ends too early")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return InvalidField(field, "must be %s, not a JSON %s", jsonTypeName(typ.Type), typ.Value)
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return InvalidField(FieldName(strings.Trim(name, `"`)), "is not a known field")
	}
	return InvalidField("body", "cannot be read: %s", strings.TrimPrefix(msg, "json: "))
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
