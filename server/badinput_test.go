package server

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"
)

const goodIssue = `"description":"Đèn đường không sáng.","category":"infrastructure","ward":"kim-long"`

// Every bad input is a 4xx in the one error shape, naming what is wrong,
// and writes nothing.
func TestBadInputWritesNothing(t *testing.T) {
	e := newEnv(t, nil)
	code := e.newIssue()["code"].(string)
	issue := "/api/v1/issues/" + code
	before := e.countIssues()
	version := func() any { return e.do("GET", issue, e.auth("wardoff"), nil).want(200).json()["version"] }
	v0 := version()

	type tc struct {
		name, method, path, ctype string
		body                      string
		status                    int
		field                     string // a field the error must name ("" = any)
		errCode                   string
	}
	cases := []tc{
		{name: "malformed JSON", method: "POST", path: "/api/v1/issues", body: `{"title": "Đèn hỏng",`, status: 400, field: "body"},
		{name: "wrong type", method: "POST", path: "/api/v1/issues", body: `{"title": 5,` + goodIssue + `}`, status: 400, field: "title"},
		{name: "unknown field", method: "POST", path: "/api/v1/issues", body: `{"titel": "Đèn hỏng lâu",` + goodIssue + `}`, status: 400, field: "titel"},
		{name: "operator in a field", method: "POST", path: "/api/v1/issues", body: `{"title": {"$gt": ""},` + goodIssue + `}`, status: 400, field: "title"},
		{name: "$where", method: "POST", path: "/api/v1/issues", body: `{"$where": "sleep(5000)", "title": "Đèn hỏng lâu",` + goodIssue + `}`, status: 400, field: "$where"},
		{name: "operator in contact", method: "POST", path: "/api/v1/issues", body: `{"title": "Đèn hỏng lâu",` + goodIssue + `,"contact":{"phone":{"$ne":null}}}`, status: 400, field: "contact.phone"},
		{name: "operator in an action", method: "POST", path: issue + "/transfer", body: `{"department": {"$ne": ""}}`, status: 400, field: "department"},
		{name: "$where in an action", method: "POST", path: issue + "/note", body: `{"message": "x", "$where": "1"}`, status: 400, field: "$where"},
		{name: "field another action uses", method: "POST", path: issue + "/note", body: `{"message": "x", "rating": 5}`, status: 400, field: "rating"},
		{name: "unknown reject reason", method: "POST", path: issue + "/reject", body: `{"reason": "because"}`, status: 400, field: "reason"},
		{name: "version as text", method: "POST", path: issue + "/start", body: `{"version": "1"}`, status: 400, field: "version"},
		{name: "bad If-Match", method: "POST", path: issue + "/start", body: ``, status: 400, field: "If-Match"},
		{name: "invalid UTF-8 body", method: "POST", path: "/api/v1/issues", body: "{\"title\": \"\xff\xfe đèn\"," + goodIssue + "}", status: 400, field: "body"},
		{name: "array body", method: "POST", path: "/api/v1/issues", body: `[1,2]`, status: 400, field: "body"},
		{name: "null body", method: "POST", path: "/api/v1/issues", body: `null`, status: 400, field: "body"},
		{name: "two objects", method: "POST", path: "/api/v1/issues", body: `{"title":"Đèn hỏng lâu",` + goodIssue + `}{}`, status: 400, field: "body"},
		{name: "empty body", method: "POST", path: "/api/v1/issues", body: ``, status: 400, field: "body"},
		{name: "not JSON content", method: "POST", path: "/api/v1/issues", ctype: "text/plain", body: `{"title":"Đèn hỏng lâu",` + goodIssue + `}`, status: 415},
		{name: "control characters", method: "POST", path: "/api/v1/issues", body: `{"title":"Đèn\u0007 hỏng lâu",` + goodIssue + `}`, status: 400, field: "title"},
		{name: "latitude out of range", method: "POST", path: "/api/v1/issues", body: `{"title":"Đèn hỏng lâu","description":"x","category":"infrastructure","lat":95,"lon":107.5}`, status: 400, field: "lat"},
		{name: "people count from an official", method: "POST", path: "/api/v1/issues", body: `{"title":"Đèn hỏng lâu",` + goodIssue + `,"people_count":3}`, status: 400, field: "people_count"},
		{name: "unknown category", method: "POST", path: "/api/v1/issues", body: `{"title":"Đèn hỏng lâu","description":"x","category":"aliens","ward":"kim-long"}`, status: 400, field: "category"},
		{name: "huge JSON", method: "POST", path: "/api/v1/issues", body: `{"title":"` + strings.Repeat("a", 1<<20) + `"}`, status: 413, errCode: "too_large"},
		{name: "query operator", method: "GET", path: "/api/v1/issues?status[$ne]=x", status: 400, field: "status[$ne]"},
		{name: "query $where", method: "GET", path: "/api/v1/issues?$where=sleep(1)", status: 400, field: "$where"},
		{name: "operator as a value", method: "GET", path: "/api/v1/issues?status=$ne", status: 400, field: "status"},
		{name: "invalid UTF-8 query", method: "GET", path: "/api/v1/issues?q=%FF%FE", status: 400, field: "q"},
		{name: "bad cursor", method: "GET", path: "/api/v1/issues?cursor=not-a-cursor", status: 400, field: "cursor"},
		{name: "forged cursor", method: "GET", path: "/api/v1/issues?cursor=eyIkZ3QiOiIifQ", status: 400, field: "cursor"},
		{name: "unknown status", method: "GET", path: "/api/v1/issues?status=solved", status: 400, field: "status"},
		{name: "unknown sort", method: "GET", path: "/api/v1/issues?sort=priority", status: 400, field: "sort"},
		{name: "unknown order", method: "GET", path: "/api/v1/issues?order=up", status: 400, field: "order"},
		{name: "unknown level", method: "GET", path: "/api/v1/issues?level=province", status: 400, field: "level"},
		{name: "unknown ward", method: "GET", path: "/api/v1/public/issues?ward=atlantis", status: 400, field: "ward"},
		{name: "limit 0", method: "GET", path: "/api/v1/issues?limit=0", status: 400, field: "limit"},
		{name: "limit 1000", method: "GET", path: "/api/v1/issues?limit=1000", status: 400, field: "limit"},
		{name: "limit text", method: "GET", path: "/api/v1/issues?limit=ten", status: 400, field: "limit"},
		{name: "overdue maybe", method: "GET", path: "/api/v1/issues?overdue=maybe", status: 400, field: "overdue"},
		{name: "bad date", method: "GET", path: "/api/v1/issues?created_from=yesterday", status: 400, field: "created_from"},
		{name: "stats bad date", method: "GET", path: "/api/v1/stats?from=2026-13-01", status: 400, field: "from"},
		{name: "stats bad grouping", method: "GET", path: "/api/v1/stats?group_by=mood", status: 400, field: "group_by"},
		{name: "stats bad format", method: "GET", path: "/api/v1/stats?format=xlsx", status: 400, field: "format"},
		{name: "who handles without category", method: "GET", path: "/api/v1/public/who-handles?ward=kim-long", status: 400, field: "category"},
		{name: "unknown user field", method: "POST", path: "/api/v1/users", body: `{"username":"x1y","role":"admin","is_root":true}`, status: 400, field: "is_root"},
		{name: "role as object", method: "PATCH", path: "/api/v1/users/abc", body: `{"role":{"$set":"admin"}}`, status: 400, field: "role"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.t = t
			h := e.auth("wardoff")
			if strings.Contains(c.path, "/users") {
				h = e.auth("admin")
			}
			if c.name == "bad If-Match" {
				h = with(h, "If-Match", "yesterday")
			}
			req := httptest.NewRequest(c.method, c.path, bytes.NewReader([]byte(c.body)))
			if c.body != "" || c.method == "POST" {
				ct := c.ctype
				if ct == "" {
					ct = "application/json"
				}
				req.Header.Set("Content-Type", ct)
			}
			for k, v := range h {
				req.Header.Set(k, v)
			}
			a := e.send(req)
			if a.status != c.status {
				t.Fatalf("status %d, want %d: %s", a.status, c.status, a.body)
			}
			got := a.errorCode()
			if c.errCode != "" && got != c.errCode {
				t.Errorf("code %q, want %q", got, c.errCode)
			}
			if c.field != "" {
				if _, ok := a.errorFields()[c.field]; !ok {
					t.Errorf("the error does not name %q: %s", c.field, a.body)
				}
			}
			if bytes.Contains(a.body, []byte("mongo")) || bytes.Contains(a.body, []byte("goroutine")) {
				t.Errorf("internal detail in %s", a.body)
			}
			if n := e.countIssues(); n != before {
				t.Fatalf("%d issues after a bad request, want %d", n, before)
			}
		})
	}
	e.t = t
	if v := version(); v != v0 {
		t.Errorf("issue version %v after bad actions, want %v", v, v0)
	}
}

func TestBadPhotos(t *testing.T) {
	e := newEnv(t, nil)
	data := `{"title":"Ổ gà trên đường Kim Long","description":"Ổ gà sâu.","category":"infrastructure","ward":"kim-long"}`
	six := map[string][]byte{}
	for i := range 6 {
		six[fmt.Sprintf("p%d.png", i)] = pngBytes(10)
	}
	cases := []struct {
		name   string
		photos map[string][]byte
		field  string
	}{
		{"not an image", map[string][]byte{"x.png": []byte("MZ\x90\x00 this is an executable")}, "photos[0]"},
		{"too many", six, "photos"},
		{"too big", map[string][]byte{"big.png": pngBytes(5<<20 + 1)}, "photos[0]"},
		{"empty", map[string][]byte{"empty.png": {}}, "photos[0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.t = t
			body, ct := multipartIssue(t, data, c.photos)
			req := httptest.NewRequest("POST", "/api/v1/issues", bytes.NewReader(body))
			req.Header.Set("Content-Type", ct)
			for k, v := range e.auth("wardoff") {
				req.Header.Set(k, v)
			}
			a := e.send(req).want(400)
			if _, ok := a.errorFields()[c.field]; !ok {
				t.Errorf("the error does not name %s: %s", c.field, a.body)
			}
			if n := e.countIssues(); n != 0 {
				t.Fatalf("%d issues written", n)
			}
		})
	}
	// Fields one by one work like the data part; unknown ones are refused.
	e.t = t
	for _, tc := range []struct {
		fields map[string]string
		status int
	}{
		{map[string]string{"title": "Ổ gà trên đường Kim Long", "description": "Ổ gà sâu.", "category": "infrastructure", "lat": "16.47", "lon": "107.53", "contact.phone": "0905000111"}, 201},
		{map[string]string{"title": "Ổ gà trên đường Kim Long", "description": "Ổ gà sâu.", "category": "infrastructure", "ward": "kim-long", "$where": "1"}, 400},
		{map[string]string{"title": "Ổ gà trên đường Kim Long", "description": "Ổ gà sâu.", "category": "infrastructure", "lat": "north"}, 400},
	} {
		var buf bytes.Buffer
		w := newMultipart(&buf, tc.fields)
		req := httptest.NewRequest("POST", "/api/v1/issues", &buf)
		req.Header.Set("Content-Type", w)
		for k, v := range e.auth("wardoff") {
			req.Header.Set(k, v)
		}
		a := e.send(req).want(tc.status)
		if tc.status == 201 && a.json()["reporter"].(map[string]any)["contact"].(map[string]any)["phone"] != "0905000111" {
			t.Errorf("contact from form fields lost: %s", a.body)
		}
	}
	if n := e.countIssues(); n != 1 {
		t.Fatalf("%d issues, want 1", n)
	}
}

// newMultipart writes form fields and returns the content type.
func newMultipart(buf *bytes.Buffer, fields map[string]string) string {
	w := multipart.NewWriter(buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	_ = w.Close()
	return w.FormDataContentType()
}
