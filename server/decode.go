package server

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

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
