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
