package server

import (
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

// access says who may call a route before the service has its say.
type access int

const (
	// public routes ignore credentials.
	public access = iota
	// signedIn routes need a valid token or API key; the service decides
	// the rest (roles, scope).
	signedIn
)

// param is a query parameter a route accepts.
type param struct {
	Name     string
	Desc     string
	Type     string // OpenAPI type: string, integer, boolean, number
	Enum     []string
	Repeated bool // repeatable or comma-separated
	Required bool
}

// route is one endpoint: how it is served and how it is documented. The
// same table registers the routes and builds the OpenAPI document, and
// the query parameters it lists are the only ones the route accepts.
type route struct {
	Method  string
	Path    string // Fiber form: /api/v1/issues/:ref
	Access  access
	Tag     string
	Summary string
	Desc    string
	Query   []param
	// Headers the route reads besides Authorization and X-API-Key.
	Headers []param
	// Body is a value of the JSON request body type, nil for none.
	Body any
	// Multipart says the body may also be multipart/form-data.
	Multipart bool
	// BodyOptional says the body may be left out.
	BodyOptional bool
	// Status is the success status; Resp a value of the response type
	// (nil: no content); RespType the media type when not JSON.
	Status   int
	Resp     any
	RespType string
	// Errors lists the error statuses worth documenting besides the
	// common ones (400, 401, 429, 500).
	Errors []int
	// Idempotent routes honour Idempotency-Key.
	Idempotent bool
	// Secret marks answers that carry a secret shown once: a replay
	// answers without it (see idempotency.go).
	Secret  bool
	Extra   []fiber.Handler // per-route middleware before the handler
	Handler fiber.Handler
}

// add registers a route with its checks: credentials, allowed query
// parameters, idempotency.
func (s *Server) add(r *route) {
	s.routes = append(s.routes, r)
	hs := append([]fiber.Handler{}, r.Extra...)
	if r.Access == signedIn {
		hs = append(hs, s.requireSignIn)
	}
	hs = append(hs, s.checkQuery(r))
	if r.Idempotent {
		hs = append(hs, s.idempotency())
	}
	hs = append(hs, r.Handler)
	s.app.Add(r.Method, r.Path, hs...)
}

// checkQuery rejects query parameters the route does not know, so a typo
// or an injection attempt such as status[$ne]=x is an error, not a
// silently broader answer; and any parameter or path value that is not
// valid UTF-8.
func (s *Server) checkQuery(r *route) fiber.Handler {
	known := map[string]bool{}
	for _, p := range r.Query {
		known[p.Name] = true
	}
	return func(c *fiber.Ctx) error {
		probs := models.Problems{}
		c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) {
			name := string(k)
			if len(name) > 64 {
				name = strings.ToValidUTF8(name[:64], "") + "…"
			}
			switch {
			case !utf8.Valid(k):
				probs.Add("query", "a parameter name is not valid UTF-8")
			case !known[name]:
				probs.Add(name, "unknown query parameter; this route accepts: %s", knownList(r.Query))
			case !utf8.Valid(v):
				probs.Add(name, "is not valid UTF-8")
			}
		})
		for _, name := range c.Route().Params {
			if !utf8.ValidString(c.Params(name)) {
				probs.Add(name, "is not valid UTF-8")
			}
		}
		if err := probs.Err("the request"); err != nil {
			return err
		}
		return c.Next()
	}
}

func knownList(ps []param) string {
	if len(ps) == 0 {
		return "none"
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}
