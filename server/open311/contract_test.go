package open311

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Every answer these tests receive is checked against the endpoint's own
// OpenAPI path items (the ones the REST server publishes) with
// kin-openapi: documented status, listed content type, valid JSON body.

func init() {
	openapi3filter.RegisterBodyDecoder("text/xml", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		b, err := io.ReadAll(body)
		return string(b), err
	})
}

func (e *env) router() routers.Router {
	e.t.Helper()
	if e.contract != nil {
		return e.contract
	}
	raw, err := json.Marshal(map[string]any{"openapi": "3.0.3", "info": map[string]any{"title": "open311", "version": "2"},
		"paths": e.api.Paths(prefix)})
	if err != nil {
		e.t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		e.t.Fatalf("the Open311 path items do not load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		e.t.Fatalf("the Open311 path items are not valid OpenAPI: %v", err)
	}
	if e.contract, err = gorillamux.NewRouter(doc); err != nil {
		e.t.Fatal(err)
	}
	return e.contract
}

// checkContract validates one answer; unknown paths have no contract.
func (e *env) checkContract(req *http.Request, r response) {
	e.t.Helper()
	route, params, err := e.router().FindRoute(req)
	if err != nil {
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 r.status,
		Header:                 http.Header{"Content-Type": {r.contentType}},
		Body:                   io.NopCloser(bytes.NewReader(r.body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		e.t.Errorf("%s %s answered %d %s against the OpenAPI document: %v\nbody: %.300s", req.Method, req.URL.Path, r.status, r.contentType, err, r.body)
	}
}
