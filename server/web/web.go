// Package web serves civicdesk's browser pages: the public transparency
// portal, the public page of one issue and the officials' dashboard. The
// pages are static HTML, CSS and small vanilla JavaScript embedded in the
// binary; they talk to the REST API under /api/v1 and need no build step
// and nothing from the Internet.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
)

//go:embed assets
var assetFS embed.FS

// file is one embedded file, ready to send.
type file struct {
	body  []byte
	etag  string
	ctype string
}

// files maps a path under assets/ ("app.css", "js/api.js") to its file.
var files = mustLoad()

// Version names this build's assets: a hash of all of them. Pages refer
// to /assets/v-<Version>/..., which never changes content, so browsers
// keep those files for a year and a page load costs the page and its data
// only. Scripts import each other by relative paths, so one version for
// all files keeps every import inside the same version.
var Version = assetsVersion(files)

// versioned is the URL prefix of this build's assets.
var versioned = "/assets/v-" + Version + "/"

// pages are the HTML pages with their asset links versioned.
var pages = versionPages(files)

func assetsVersion(fs map[string]file) string {
	names := make([]string, 0, len(fs))
	for n := range fs {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte(fs[n].etag))
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}

func versionPages(fs map[string]file) map[string]file {
	out := map[string]file{}
	for n, f := range fs {
		if !strings.HasSuffix(n, ".html") {
			continue
		}
		b := bytes.ReplaceAll(f.body, []byte(`"/assets/`), []byte(`"`+versioned))
		sum := sha256.Sum256(b)
		out[n] = file{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: f.ctype}
	}
	return out
}

// Unlimited says whether path is a page or an asset: static bytes that
// cost nothing to serve, so rate limits must not count them (see
// server.Mount.Unlimited).
func Unlimited(path string) bool {
	switch {
	case path == "/", path == "/dashboard", strings.HasPrefix(path, "/assets/"):
		return true
	case strings.HasPrefix(path, "/issues/"):
		return !strings.Contains(path[len("/issues/"):], "/")
	}
	return false
}

// contentTypes lists the types of the files we embed; the system MIME
// database is not consulted so every machine answers the same.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
}

func mustLoad() map[string]file {
	out := map[string]file{}
	err := fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ctype, ok := contentTypes[path.Ext(p)]
		if !ok {
			return nil
		}
		b, err := assetFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[strings.TrimPrefix(p, "assets/")] = file{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: ctype}
		return nil
	})
	if err != nil {
		panic("web: cannot read embedded assets: " + err.Error())
	}
	return out
}

// csp allows nothing but this origin: no inline scripts or styles, no
// third-party resources but OpenStreetMap's map tiles (the maps work
// without them), no framing.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https://tile.openstreetmap.org; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Mount registers the pages and their assets on r, which must be the
// application root (the pages use absolute paths):
//
//	GET /               public transparency portal
//	GET /issues/:code   public page of one issue
//	GET /dashboard      officials' dashboard
//	GET /report         reporting an issue from the web
//	GET /admin          administration (accounts, API keys, organisations)
//	GET /figures        charts per ward, CSV, the printable weekly report
//	GET /assets/*       CSS, JavaScript and icons; under /assets/v-<Version>/
//	                    cached for a year
//	GET anything else   a 404 page in the visitor's language, except
//	                    under /api and /open311, which keep their JSON 404
//
// Mount it last: its catch-all answers every GET not routed before it.
func Mount(r fiber.Router) {
	r.Get("/", page("index.html"))
	r.Get("/issues/:code", page("issue.html"))
	r.Get("/dashboard", page("dashboard.html"))
	r.Get("/report", page("report.html"))
	r.Get("/admin", page("admin.html"))
	r.Get("/figures", page("figures.html"))
	r.Get("/assets/*", serveAsset)
	r.Get("/*", notFound(page("notfound.html")))
}

// apiPrefixes are the machine-facing paths: an unknown one answers the
// API's JSON error, not a page.
var apiPrefixes = []string{"/api/", "/open311/", "/telegram/"}

func notFound(send fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := c.Path() + "/"
		for _, pre := range apiPrefixes {
			if strings.HasPrefix(p, pre) {
				return c.Next()
			}
		}
		c.Status(fiber.StatusNotFound)
		return send(c)
	}
}

func page(name string) fiber.Handler {
	f, ok := pages[name]
	if !ok {
		panic("web: missing page " + name)
	}
	return func(c *fiber.Ctx) error {
		c.Set("Content-Security-Policy", csp)
		c.Set("X-Frame-Options", "DENY")
		c.Set("Referrer-Policy", "same-origin")
		return send(c, f, "no-cache")
	}
}

// serveAsset answers /assets/<name> (revalidated on every load, for links
// from outside the pages) and /assets/v-<version>/<name>: immutable for a
// year when the version is this build's. An older version's URL gets
// today's file, revalidated, so a page cached across an upgrade still
// works and no cache keeps the new bytes under the old name for long.
func serveAsset(c *fiber.Ctx) error {
	name := c.Params("*")
	cache := "no-cache"
	if rest, ok := strings.CutPrefix(name, "v-"); ok {
		v, n, _ := strings.Cut(rest, "/")
		name = n
		if v == Version {
			cache = "public, max-age=31536000, immutable"
		}
	}
	f, ok := files[name]
	if !ok || strings.HasSuffix(name, ".html") {
		return c.Status(fiber.StatusNotFound).Type("txt", "utf-8").SendString("not found")
	}
	return send(c, f, cache)
}

// send answers with f, or 304 when the browser's copy is current. Pages
// are revalidated on every load so a new binary shows at once; the assets
// they link are versioned and kept.
func send(c *fiber.Ctx, f file, cache string) error {
	c.Set("Cache-Control", cache)
	c.Set("ETag", f.etag)
	c.Set("X-Content-Type-Options", "nosniff")
	if match := c.Get(fiber.HeaderIfNoneMatch); match != "" && etagMatches(match, f.etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, f.ctype)
	return c.Send(f.body)
}

func etagMatches(header, etag string) bool {
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == etag || part == "*" {
			return true
		}
	}
	return false
}
