package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

func testApp() *fiber.App {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	Mount(app)
	return app
}

func get(t *testing.T, app *fiber.App, method, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestMountServesPages(t *testing.T) {
	app := testApp()
	for path, marker := range map[string]string{
		"/":                   "/js/portal.js",
		"/issues/KL-26-00001": "/js/issue.js",
		"/dashboard":          "/js/dashboard.js",
	} {
		marker = versioned[:len(versioned)-1] + marker
		res, body := get(t, app, http.MethodGet, path)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, marker) {
			t.Errorf("GET %s: %d, body lacks %s", path, res.StatusCode, marker)
		}
		if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q", path, csp)
		}
		if res, body := get(t, app, http.MethodHead, path); res.StatusCode != http.StatusOK || body != "" {
			t.Errorf("HEAD %s: %d with %d bytes", path, res.StatusCode, len(body))
		}
	}
}

func TestMountServesAssets(t *testing.T) {
	app := testApp()
	for path, ct := range map[string]string{
		"/assets/app.css":         "text/css; charset=utf-8",
		"/assets/js/dashboard.js": "text/javascript; charset=utf-8",
		"/assets/js/lang-vi.js":   "text/javascript; charset=utf-8",
		"/assets/icon.svg":        "image/svg+xml",
		"/assets/js/issueview.js": "text/javascript; charset=utf-8",
		"/assets/js/catalogue.js": "text/javascript; charset=utf-8",
		"/assets/js/portal.js":    "text/javascript; charset=utf-8",
		"/assets/js/actions.js":   "text/javascript; charset=utf-8",
		"/assets/js/api.js":       "text/javascript; charset=utf-8",
		"/assets/js/i18n.js":      "text/javascript; charset=utf-8",
		"/assets/js/dom.js":       "text/javascript; charset=utf-8",
		"/assets/js/issue.js":     "text/javascript; charset=utf-8",
		"/assets/js/lang-en.js":   "text/javascript; charset=utf-8",
	} {
		res, body := get(t, app, http.MethodGet, path)
		if res.StatusCode != http.StatusOK || body == "" {
			t.Errorf("GET %s: %d", path, res.StatusCode)
			continue
		}
		if got := res.Header.Get("Content-Type"); got != ct {
			t.Errorf("GET %s: Content-Type %q, want %q", path, got, ct)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff", path)
		}
		etag := res.Header.Get("ETag")
		if res, _ := get(t, app, http.MethodGet, path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with If-None-Match %s: %d, want 304", path, etag, res.StatusCode)
		}
	}
	for _, path := range []string{"/assets/nope.js", "/assets/index.html", "/assets/../web.go", "/assets/", "/assets/js"} {
		if res, _ := get(t, app, http.MethodGet, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.StatusCode)
		}
	}
}

var (
	localRef  = regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`)
	jsImport  = regexp.MustCompile(`(?m)^import .* from '\./([^']+)';$`)
	inlineJS  = regexp.MustCompile(`(?i)\son[a-z]+\s*=|<script(?:\s+type="module")?>|javascript:`)
	remoteRef = regexp.MustCompile(`https?://`)
	i18nAttr  = regexp.MustCompile(`data-i18n(?:-placeholder|-label)?="([^"]+)"`)
	tCall     = regexp.MustCompile(`\bt\('([^']+)'\s*[,)]`)
	dictKey   = regexp.MustCompile(`(?m)^\s*'([^']+)':`)
)

// The pages must work offline and under the strict CSP: no inline
// scripts or handlers, no third-party resources, every reference present.
func TestAssetsAreSelfContained(t *testing.T) {
	for name, f := range files {
		body := string(f.body)
		if strings.HasPrefix(name, "vendor/") {
			continue // third-party code, pinned and vendored as published (see vendor/*/LICENSE.txt)
		}
		if strings.HasSuffix(name, ".html") {
			if inlineJS.MatchString(body) {
				t.Errorf("%s has inline JavaScript: %q", name, inlineJS.FindString(body))
			}
			for _, m := range localRef.FindAllStringSubmatch(body, -1) {
				if _, ok := files[strings.TrimPrefix(m[1], "/assets/")]; !ok {
					t.Errorf("%s refers to missing %s", name, m[1])
				}
			}
		}
		if strings.HasSuffix(name, ".js") {
			for _, m := range jsImport.FindAllStringSubmatch(body, -1) {
				if _, ok := files["js/"+m[1]]; !ok {
					t.Errorf("%s imports missing %s", name, m[1])
				}
			}
			for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("} {
				if strings.Contains(body, bad) {
					t.Errorf("%s uses %s; build the DOM with textContent", name, bad)
				}
			}
		}
		// The one remote resource is OpenStreetMap's tiles, optional (the
		// maps' pins are drawn without them); t.me links are navigation.
		body = strings.NewReplacer(`xmlns="http://www.w3.org/2000/svg"`, "", `'http://www.w3.org/2000/svg'`, "", "https://tile.openstreetmap.org/", "").Replace(body)
		for _, u := range remoteRef.FindAllString(body, -1) {
			t.Errorf("%s refers to a remote resource (%s); the pages must work offline", name, u)
		}
	}
}

func keys(re *regexp.Regexp, s string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// Every text used is translated, in both languages.
func TestTranslationsComplete(t *testing.T) {
	vi := keys(dictKey, string(files["js/lang-vi.js"].body))
	en := keys(dictKey, string(files["js/lang-en.js"].body))
	if len(vi) < 100 {
		t.Fatalf("found only %d Vietnamese keys", len(vi))
	}
	for _, k := range vi {
		if !slices.Contains(en, k) && k != "dash" {
			t.Errorf("key %q has no English text", k)
		}
	}
	for _, k := range en {
		if !slices.Contains(vi, k) {
			t.Errorf("key %q has no Vietnamese text", k)
		}
	}
	for name, f := range files {
		var used []string
		switch {
		case strings.HasSuffix(name, ".html"):
			used = keys(i18nAttr, string(f.body))
		case strings.HasSuffix(name, ".js"):
			used = keys(tCall, string(f.body))
		}
		for _, k := range used {
			if !slices.Contains(vi, k) {
				t.Errorf("%s uses untranslated key %q", name, k)
			}
		}
	}
}

// Pages link this build's versioned assets, which are kept for a year;
// the plain /assets/ URLs still work and are revalidated.
func TestAssetsAreVersionedAndCached(t *testing.T) {
	app := testApp()
	_, body := get(t, app, http.MethodGet, "/dashboard")
	if strings.Contains(body, `"/assets/app.css"`) || !strings.Contains(body, `"/assets/v-`+Version+`/app.css"`) {
		t.Fatalf("the dashboard links unversioned assets")
	}
	res, css := get(t, app, http.MethodGet, "/assets/v-"+Version+"/app.css")
	if res.StatusCode != 200 || css != string(files["app.css"].body) {
		t.Fatalf("versioned app.css: %d", res.StatusCode)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("versioned Cache-Control %q", cc)
	}
	res, _ = get(t, app, http.MethodGet, "/assets/app.css")
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("plain Cache-Control %q", cc)
	}
	for path, want := range map[string]bool{"/": true, "/dashboard": true, "/issues/KL-26-00001": true, "/assets/js/api.js": true,
		"/api/v1/public/issues": false, "/issues/KL-26-00001/photos/x": false, "/open311/v2/services.json": false} {
		if Unlimited(path) != want {
			t.Errorf("Unlimited(%q) = %v", path, !want)
		}
	}
}
