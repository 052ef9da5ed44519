package server

import (
	"strings"
	"testing"
)

// Error messages come in the language of Accept-Language (English by
// default), with their i18n key and parameters, and name departments by
// their names, not their codes.
func TestErrorMessagesFollowAcceptLanguage(t *testing.T) {
	e := newEnv(t, nil)
	msg := func(a answer) (string, string) {
		t.Helper()
		body := a.json()
		errObj, _ := body["error"].(map[string]any)
		m, _ := errObj["message"].(string)
		k, _ := errObj["key"].(string)
		return m, k
	}
	m, k := msg(e.do("GET", "/api/v1/public/issues/KL-26-99999", nil, nil).want(404))
	if m != `issue "KL-26-99999" not found` || k != "issue.not_found" {
		t.Errorf("default (English): %q key %q", m, k)
	}
	m, _ = msg(e.do("GET", "/api/v1/public/issues/KL-26-99999", map[string]string{"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.8"}, nil).want(404))
	if m != "không có phản ánh mã KL-26-99999" {
		t.Errorf("Vietnamese: %q", m)
	}
	m, _ = msg(e.do("GET", "/api/v1/public/issues/KL-26-99999", map[string]string{"Accept-Language": "fr, en;q=0.5, vi;q=0.4"}, nil).want(404))
	if !strings.Contains(m, "not found") {
		t.Errorf("English preferred over Vietnamese: %q", m)
	}

	// A city official acting on a ward issue is told who handles it, by name.
	iss := e.newIssue()
	code := iss["code"].(string)
	a := e.do("POST", "/api/v1/issues/"+code+"/start", with(e.auth("cityoff"), "Accept-Language", "vi"), map[string]any{}).want(403)
	m, k = msg(a)
	if k != "issue.handled_by_other" || !strings.Contains(m, "Phòng Kinh tế, Hạ tầng và Đô thị") || strings.Contains(m, "kim-long-infra") || !strings.Contains(m, code) {
		t.Errorf("forbidden in Vietnamese: %q (key %q)", m, k)
	}
	body := a.json()["error"].(map[string]any)
	if p, _ := body["params"].(map[string]any); p["department"] != "kim-long-infra" || p["code"] != code {
		t.Errorf("params keep the codes for programs: %v", body["params"])
	}
	m, _ = msg(e.do("POST", "/api/v1/issues/"+code+"/start", e.auth("cityoff"), map[string]any{}).want(403))
	if !strings.Contains(m, "handled by") || strings.Contains(m, "kim-long-infra") {
		t.Errorf("forbidden in English: %q", m)
	}

	// A wrong password, in Vietnamese.
	m, _ = msg(e.do("POST", "/api/v1/auth/login", map[string]string{"Accept-Language": "vi"}, map[string]any{"username": "nobody", "password": "x"}).want(401))
	if m != "sai tên đăng nhập hoặc mật khẩu" {
		t.Errorf("login in Vietnamese: %q", m)
	}
}

// The errors the server raises before the service (no route, a body over
// the limit, the wrong content type) speak the caller's language too.
func TestHTTPErrorsFollowAcceptLanguage(t *testing.T) {
	e := newEnv(t, nil)
	vi := map[string]string{"Accept-Language": "vi"}
	cases := []struct {
		name, method, path string
		headers            map[string]string
		body               any
		status             int
		key, en, vi        string
	}{
		{"no route", "GET", "/api/v1/nowhere", nil, nil, 404, "http.no_route", "there is no such route", "không có đường dẫn này"},
		{"not JSON", "POST", "/api/v1/auth/login", map[string]string{"Content-Type": "text/plain"}, "x", 415, "http.unsupported_media", `the request's Content-Type is "text/plain"`, `Content-Type của yêu cầu là "text/plain"`},
		{"too large", "POST", "/api/v1/auth/login", nil, map[string]any{"username": strings.Repeat("a", 2<<20)}, 413, "http.body_too_large", "the request body is over", "nội dung yêu cầu vượt quá"},
	}
	for _, c := range cases {
		for _, lang := range []string{"en", "vi"} {
			h := map[string]string{}
			for k, v := range c.headers {
				h[k] = v
			}
			want := c.en
			if lang == "vi" {
				h["Accept-Language"] = vi["Accept-Language"]
				want = c.vi
			}
			body := e.do(c.method, c.path, h, c.body).want(c.status).json()
			errObj, _ := body["error"].(map[string]any)
			m, _ := errObj["message"].(string)
			k, _ := errObj["key"].(string)
			if k != c.key || !strings.Contains(m, want) {
				t.Errorf("%s in %s: %q (key %q), want it to contain %q", c.name, lang, m, k, want)
			}
		}
	}
}
