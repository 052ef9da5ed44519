package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Every answer a server test receives is checked against the OpenAPI
// document the server serves, with kin-openapi: the status must be
// documented for the route, the content type listed, and the body valid
// against the schema. So the document cannot drift from the code.

var (
	contractMu      sync.Mutex
	contractRouters = map[*Server]routers.Router{}
)

func init() {
	// Bodies that are not JSON are checked for their content type only.
	raw := func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		b, err := io.ReadAll(body)
		return string(b), err
	}
	for _, ct := range []string{"text/xml", "image/png", "image/jpeg", "image/webp", "text/html"} {
		openapi3filter.RegisterBodyDecoder(ct, raw)
	}
}

// contractRouter loads the server's document once, checks it is a valid
// OpenAPI document, and routes requests by it.
func contractRouter(t *testing.T, s *Server) routers.Router {
	t.Helper()
	contractMu.Lock()
	defer contractMu.Unlock()
	if r, ok := contractRouters[s]; ok {
		return r
	}
	raw, err := json.Marshal(s.OpenAPI())
	if err != nil {
		t.Fatalf("the OpenAPI document does not marshal: %v", err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("the OpenAPI document does not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is not valid: %v", err)
	}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("the OpenAPI document cannot route: %v", err)
	}
	contractRouters[s] = r
	return r
}

// checkContract validates one answer; a request to a path the document
// does not have (an unknown route's 404) has no contract to check.
func (e *env) checkContract(req *http.Request, a answer) {
	e.t.Helper()
	route, params, err := contractRouter(e.t, e.srv).FindRoute(req)
	if err != nil {
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 a.status,
		Header:                 a.header,
		Body:                   io.NopCloser(bytes.NewReader(a.body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		e.t.Errorf("%s %s answered %d %s against the OpenAPI document: %v\nbody: %.400s",
			req.Method, req.URL.Path, a.status, a.header.Get("Content-Type"), err, a.body)
	}
}
