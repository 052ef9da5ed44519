// Package web serves civicdesk's browser pages: the public transparency
// portal, the public page of one issue and the officials' dashboard. The
// pages are static HTML, CSS and small vanilla JavaScript embedded in the
// binary; they talk to the REST API under /api/v1 and need no build step
// and nothing from the Internet.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
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
//	GET /assets/*       CSS, JavaScript and icons
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
	f, ok := files[name]
	if !ok {
		panic("web: missing page " + name)
	}
	return func(c *fiber.Ctx) error {
		c.Set("Content-Security-Policy", csp)
		c.Set("X-Frame-Options", "DENY")
		c.Set("Referrer-Policy", "same-origin")
		return send(c, f)
	}
}

func serveAsset(c *fiber.Ctx) error {
	name := c.Params("*")
	f, ok := files[name]
	if !ok || strings.HasSuffix(name, ".html") {
		return c.Status(fiber.StatusNotFound).Type("txt", "utf-8").SendString("not found")
	}
	return send(c, f)
}

// send answers with f, or 304 when the browser's copy is current. Pages
// and assets are revalidated on every load so a new binary shows at once.
func send(c *fiber.Ctx, f file) error {
	c.Set("Cache-Control", "no-cache")
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
