package server

import (
	"strings"
	"testing"
)

// An organisation is named by its code or its id when creating its API
// key or invites; the key records the id.
func TestOrganisationByCodeOrID(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.auth("admin")
	org := e.do("POST", "/api/v1/organisations", admin, map[string]any{"code": "women-union-kl", "name_vi": "Hội LHPN phường Kim Long", "ward": "kim-long"}).want(201).json()
	id := org["id"].(string)
	for _, ref := range []string{"women-union-kl", id} {
		a := e.do("POST", "/api/v1/api-keys", admin, map[string]any{"name": "system " + ref, "organisation_id": ref}).want(201).json()
		if a["key"].(map[string]any)["organisation_id"] != id || a["secret_shown_once"] != true {
			t.Errorf("key for %q: %v", ref, a)
		}
		e.do("POST", "/api/v1/organisations/"+ref+"/invites", admin, nil).want(201)
	}
	a := e.do("POST", "/api/v1/api-keys", admin, map[string]any{"name": "x", "organisation_id": "youth-union"}).want(400)
	if !strings.Contains(string(a.body), `no organisation has the code or id \"youth-union\"`) {
		t.Errorf("unknown organisation: %s", a.body)
	}
	e.do("POST", "/api/v1/organisations/youth-union/invites", admin, nil).want(404)
}

// Admin endpoints read JSON only and say so with 415.
func TestAdminEndpointsAcceptOnlyJSON(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.auth("admin")
	for _, p := range []string{"/api/v1/users", "/api/v1/organisations", "/api/v1/api-keys", "/api/v1/auth/login"} {
		a := e.do("POST", p, with(admin, "Content-Type", "application/x-www-form-urlencoded"), "name=x&code=y").want(415)
		if a.errorCode() != "unsupported_media_type" || !strings.Contains(string(a.body), "application/json") ||
			!strings.Contains(string(a.body), "application/x-www-form-urlencoded") {
			t.Errorf("%s: %s", p, a.body)
		}
	}
	e.do("PUT", "/api/v1/catalogue", with(admin, "Content-Type", "text/yaml", "If-Match", "1"), "wards: []").want(415)
}

// The document is written for someone who has never read the code: every
// schema says what it is, request bodies list their required fields and
// have an example, and the fields integrators send and read are described.
func TestOpenAPISchemasAreDocumented(t *testing.T) {
	e := newEnv(t, nil)
	contractRouter(t, e.srv) // loads and validates the document, examples included
	schemas := e.srv.OpenAPI()["components"].(map[string]any)["schemas"].(map[string]any)
	for name, v := range schemas {
		sc, _ := v.(map[string]any)
		if d, _ := sc["description"].(string); d == "" {
			t.Errorf("schema %s has no description", name)
		}
	}
	for name, req := range bodyRequired {
		sc, _ := schemas[name].(map[string]any)
		if sc["example"] == nil {
			t.Errorf("request body %s has no example", name)
		}
		got, _ := sc["required"].([]string)
		if len(req) > 0 && len(got) != len(req) {
			t.Errorf("request body %s requires %v, want %v", name, got, req)
		}
	}
	for _, name := range documentedFields {
		sc, _ := schemas[name].(map[string]any)
		if sc["example"] == nil {
			t.Errorf("%s has no example", name)
		}
		props, _ := sc["properties"].(map[string]any)
		if len(props) == 0 {
			t.Errorf("%s: no properties", name)
		}
		for p, v := range props {
			if d, _ := v.(map[string]any)["description"].(string); d == "" {
				t.Errorf("%s.%s has no description", name, p)
			}
		}
	}
	// Answers list the fields they always carry.
	if req, _ := schemas["Issue"].(map[string]any)["required"].([]string); !strings.Contains(strings.Join(req, ","), "code") {
		t.Errorf("Issue requires %v", req)
	}
	// What organisation_id on a key means is said where it is read.
	key := schemas["APIKey"].(map[string]any)["properties"].(map[string]any)["organisation_id"].(map[string]any)
	if !strings.Contains(key["description"].(string), "organisation's concerns") {
		t.Errorf("APIKey.organisation_id: %v", key["description"])
	}
}
