package server

import (
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

// The OpenAPI 3.0 document is built from the route table (routes.go) and
// the Go types of bodies and answers, so it cannot drift from the code;
// mounted routers add their own path items. Undocumented lists any /api or
// /open311 route missing from it; a test keeps that list empty.

// partialBody documents a body type restricted to some of its fields.
type partialBody struct {
	of     any
	fields []string
}

func actionDoc(ar actionRoute) any {
	return partialBody{of: actionBody{}, fields: append([]string{"version"}, ar.Fields...)}
}

var paramRE = regexp.MustCompile(`:([A-Za-z0-9_]+)\??`)

// openAPIPath turns /issues/:ref into /issues/{ref}.
func openAPIPath(p string) string { return paramRE.ReplaceAllString(p, "{$1}") }

type schemas struct{ defs map[string]any }

// enums gives the known values of the domain's string types.
var enums = map[reflect.Type][]string{
	reflect.TypeOf(models.Status("")):       statusNames(),
	reflect.TypeOf(models.Level("")):        {"ward", "city"},
	reflect.TypeOf(models.Role("")):         {"official", "supervisor", "monitor", "admin"},
	reflect.TypeOf(models.RejectReason("")): {"duplicate", "out_of_competence", "spam"},
	reflect.TypeOf(models.ReporterKind("")): {"resident", "organisation", "official", "imported"},
	reflect.TypeOf(models.ActorKind("")):    {"resident", "official", "organisation", "system"},
	reflect.TypeOf(models.Channel("")):      {"telegram", "api", "web", "open311", "import"},
}

var (
	timeType     = reflect.TypeOf(time.Time{})
	geometryType = reflect.TypeOf(models.Geometry{})
)

// of returns the schema of a Go type; named structs become components.
func (s *schemas) of(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == geometryType:
		return map[string]any{"type": "object", "description": "GeoJSON MultiPolygon (a Polygon is accepted)",
			"properties": map[string]any{"type": map[string]any{"type": "string"}, "coordinates": map[string]any{"type": "array", "items": map[string]any{}}}}
	}
	if e, ok := enums[t]; ok {
		return map[string]any{"type": "string", "enum": e}
	}
	switch t.Kind() {
	case reflect.Pointer:
		sc := s.of(t.Elem())
		if _, ref := sc["$ref"]; ref {
			return map[string]any{"allOf": []any{sc}, "nullable": true}
		}
		out := map[string]any{"nullable": true}
		for k, v := range sc {
			out[k] = v
		}
		return out
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "format": "byte"}
		}
		return map[string]any{"type": "array", "items": s.of(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": s.of(t.Elem())}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		name := t.Name()
		if name == "" {
			return s.object(t, nil)
		}
		if _, done := s.defs[name]; !done {
			s.defs[name] = nil // placeholder against recursion
			s.defs[name] = s.object(t, nil)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// object lists a struct's JSON fields (only those in keep, when given),
// which of them are required, and their descriptions and examples
// (apidoc.go).
func (s *schemas) object(t reflect.Type, keep []string) map[string]any {
	props := map[string]any{}
	var always []string
	s.fields(t, props, &always)
	required := always
	if r, ok := bodyRequired[t.Name()]; ok {
		required = r
	}
	if keep != nil {
		kept := map[string]any{}
		for _, k := range keep {
			if p, ok := props[k]; ok {
				kept[k] = p
			}
		}
		props = kept
		required = nil
	}
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		out["required"] = required
	}
	if d := typeDocs[t.Name()]; d != "" {
		out["description"] = d
	}
	if ex, ok := typeExamples[t.Name()]; ok && keep == nil {
		out["example"] = ex
	}
	return out
}

// fields adds a struct's JSON fields to props; always gets the fields the
// encoder always writes (no omitempty), which answers therefore carry.
func (s *schemas) fields(t reflect.Type, props map[string]any, always *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			s.fields(f.Type, props, always)
			continue
		}
		if name == "" {
			name = f.Name
		}
		sc := s.of(f.Type)
		omitempty := strings.Contains(opts, "omitempty")
		if !omitempty {
			*always = append(*always, name)
			// encoding/json writes a nil slice or map as null.
			if k := f.Type.Kind(); k == reflect.Slice && f.Type.Elem().Kind() != reflect.Uint8 || k == reflect.Map {
				sc["nullable"] = true
			}
		}
		props[name] = withDoc(sc, t.Name()+"."+name)
	}
}

func (s *schemas) body(v any) map[string]any {
	if pb, ok := v.(partialBody); ok {
		return s.object(reflect.TypeOf(pb.of), pb.fields)
	}
	return s.of(reflect.TypeOf(v))
}

func errorResponse(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/ErrorBody"}}}}
}

// operation documents one route.
func (s *schemas) operation(r *route) map[string]any {
	op := map[string]any{"summary": r.Summary, "tags": []string{r.Tag},
		"operationId": strings.ToLower(r.Method) + strings.NewReplacer("/", "_", ":", "", "-", "_", ".", "_").Replace(r.Path)}
	desc := r.Desc
	if r.Secret {
		desc = strings.TrimSpace(desc + " The answer carries a secret shown once: a replay with the same Idempotency-Key omits it.")
	}
	if desc != "" {
		op["description"] = desc
	}
	var params []any
	for _, name := range paramRE.FindAllStringSubmatch(r.Path, -1) {
		params = append(params, map[string]any{"name": name[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	for _, p := range r.Query {
		params = append(params, paramDoc(p, "query"))
	}
	for _, h := range r.Headers {
		params = append(params, paramDoc(h, "header"))
	}
	if r.Idempotent {
		params = append(params, paramDoc(param{Name: headerIdempotencyKey,
			Desc: "makes a retry safe: the same key from the same caller replays the first answer (marked Idempotent-Replayed: true); " +
				"the same key with a different body is a 409 (multipart bodies are compared by their fields and files, not their boundary); " +
				"a filing retried after a crash returns the issue the first attempt stored, never a second one"}, "header"))
	}
	if params != nil {
		op["parameters"] = params
	}
	if r.Body != nil {
		content := map[string]any{"application/json": map[string]any{"schema": s.body(r.Body)}}
		if r.Multipart {
			content["multipart/form-data"] = map[string]any{"schema": map[string]any{"type": "object", "properties": map[string]any{
				"data":   map[string]any{"type": "string", "description": "the JSON body"},
				"photos": map[string]any{"type": "array", "items": map[string]any{"type": "string", "format": "binary"}},
			}}}
		}
		op["requestBody"] = map[string]any{"required": !r.BodyOptional, "content": content}
	}
	if r.Body != nil {
		accepts := "JSON only"
		if r.Multipart {
			accepts = "JSON or multipart/form-data"
		}
		op["description"] = strings.TrimSpace(desc + " The body is " + accepts + " (Content-Type: application/json); another media type answers 415.")
	}
	ok := map[string]any{"description": http.StatusText(r.Status)}
	content := map[string]any{}
	if r.Resp != nil {
		content["application/json"] = map[string]any{"schema": s.body(r.Resp)}
	}
	switch r.RespType {
	case "":
	case "application/json":
		content[r.RespType] = map[string]any{"schema": map[string]any{"type": "object"}}
	default:
		content[r.RespType] = map[string]any{"schema": map[string]any{"type": "string"}}
	}
	if len(content) > 0 {
		ok["content"] = content
	}
	resps := map[string]any{strconv.Itoa(r.Status): ok,
		"400": errorResponse("invalid input (fields names each problem)"),
		"429": errorResponse("too many requests; see Retry-After"),
		"500": errorResponse("internal error (logged; the answer says nothing more)"),
	}
	if r.Access == signedIn {
		resps["401"] = errorResponse("no valid token or API key")
		op["security"] = []any{map[string]any{"bearer": []string{}}, map[string]any{"apiKey": []string{}}}
	} else {
		op["security"] = []any{}
	}
	if r.Body != nil {
		resps["415"] = errorResponse("the body is not JSON (code unsupported_media_type)")
		resps["413"] = errorResponse("the body is over the limit (code too_large)")
	}
	for _, st := range r.Errors {
		resps[strconv.Itoa(st)] = errorResponse(http.StatusText(st))
	}
	op["responses"] = resps
	return op
}

func paramDoc(p param, in string) map[string]any {
	typ := p.Type
	if typ == "" {
		typ = "string"
	}
	sc := map[string]any{"type": typ}
	if p.Enum != nil {
		sc["enum"] = p.Enum
	}
	if p.Repeated {
		sc = map[string]any{"type": "array", "items": sc}
	}
	out := map[string]any{"name": p.Name, "in": in, "schema": sc, "description": p.Desc}
	if p.Required {
		out["required"] = true
	}
	if p.Repeated {
		out["style"], out["explode"] = "form", true
	}
	return out
}

// buildOpenAPI assembles the document.
func (s *Server) buildOpenAPI() map[string]any {
	sc := &schemas{defs: map[string]any{}}
	paths := map[string]any{}
	for _, r := range s.routes {
		p := openAPIPath(r.Path)
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		item[strings.ToLower(r.Method)] = sc.operation(r)
	}
	for _, m := range s.cfg.Mounts {
		for p, item := range m.Paths {
			paths[p] = item
		}
	}
	sc.defs["ErrorBody"] = map[string]any{"type": "object", "required": []string{"error"}, "description": typeDocs["ErrorBody"],
		"example": typeExamples["ErrorBody"], "properties": map[string]any{
			"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
				"code": map[string]any{"type": "string", "enum": []string{"invalid", "not_found", "conflict", "forbidden", "unauthorized",
					"unavailable", "internal", codeMethodNotAllowed, codeTooLarge, codeRateLimited, codeTimeout, codeUnsupportedMedia}},
				"message":    map[string]any{"type": "string", "description": "what is wrong, for people"},
				"fields":     map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}, "description": "each wrong field or parameter and its problem"},
				"request_id": map[string]any{"type": "string", "description": "for internal errors: quote it to the operators"},
			}},
			"current": map[string]any{"description": "on a conflict about an issue: the issue as it is now",
				"allOf": []any{map[string]any{"$ref": "#/components/schemas/Issue"}}},
		}}
	sc.of(reflect.TypeOf(models.Issue{}))
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "civicdesk API", "version": "1",
			"description": "Citizen feedback and social monitoring for wards and the city. " +
				"Request bodies are read strictly: a field the body type does not have is refused (400). " +
				"Errors always have the shape {\"error\":{\"code\",\"message\",\"fields\"}}. " +
				"Codes map to statuses: invalid 400, unauthorized 401, forbidden 403, not_found 404, method_not_allowed 405, " +
				"conflict 409, too_large 413, unsupported_media_type 415, rate_limited 429, internal 500, unavailable 503. " +
				"Bodies are JSON (Content-Type: application/json); only POST /api/v1/issues also takes multipart/form-data (photos). " +
				"Open311 (tag open311) has its own formats and error lists: see its section in the README."},
		"paths": paths,
		"tags":  apiTags,
		"components": map[string]any{
			"schemas": sc.defs,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "token from POST /api/v1/auth/login"},
				"apiKey": map[string]any{"type": "apiKey", "in": "header", "name": headerAPIKey, "description": "an organisation's system"},
			},
		},
	}
}

func (s *Server) openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(s.OpenAPI())
}

// OpenAPI returns the OpenAPI 3.0 document of every route.
func (s *Server) OpenAPI() map[string]any {
	s.docOnce.Do(func() { s.doc = s.buildOpenAPI() })
	return s.doc
}

// Undocumented lists the routes under /api or /open311 (method and path)
// that the OpenAPI document does not describe; HEAD counts as GET.
func (s *Server) Undocumented() []string {
	paths, _ := s.OpenAPI()["paths"].(map[string]any)
	var out []string
	for _, r := range s.app.GetRoutes(true) {
		// A catch-all ("/open311/v2/*") answers unknown paths; it is not a
		// resource to document.
		if !strings.HasPrefix(r.Path, "/api") && !strings.HasPrefix(r.Path, "/open311") || strings.HasSuffix(r.Path, "*") {
			continue
		}
		m := strings.ToLower(r.Method)
		if m == "head" {
			m = "get"
		}
		p := strings.TrimSuffix(openAPIPath(r.Path), "/")
		item, _ := paths[p].(map[string]any)
		if _, ok := item[m]; !ok {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	sort.Strings(out)
	return out
}
