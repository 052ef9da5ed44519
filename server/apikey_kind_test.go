package server

import "testing"

// An API key belongs to an organisation, or is explicitly an Open311
// client's; a key with neither is refused with a message saying so (#10).
func TestAPIKeyNeedsAnOrganisationOrAKind(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.auth("admin")
	a := e.do("POST", "/api/v1/api-keys", admin, map[string]any{"name": "mystery"}).want(400)
	if a.errorFields()["organisation_id"] == nil {
		t.Fatalf("a key without organisation or kind: %s", a.body)
	}
	e.do("POST", "/api/v1/api-keys", admin, map[string]any{"name": "x", "kind": "robot"}).want(400)
	org := e.do("POST", "/api/v1/organisations", admin, map[string]any{"code": "youth-union", "name_vi": "Đoàn Thanh niên"}).want(201).json()
	e.do("POST", "/api/v1/api-keys", admin, map[string]any{"name": "x", "kind": "open311_client", "organisation_id": org["id"]}).want(400)

	k := e.do("POST", "/api/v1/api-keys", admin, map[string]any{"name": "city app", "kind": "open311_client"}).want(201).json()["key"].(map[string]any)
	if k["kind"] != "open311_client" || k["organisation_id"] != nil {
		t.Fatalf("open311 client key: %v", k)
	}
	k = e.do("POST", "/api/v1/api-keys", admin, map[string]any{"name": "youth system", "organisation_id": org["id"]}).want(201).json()["key"].(map[string]any)
	if k["kind"] != "organisation" || k["organisation_id"] != org["id"] {
		t.Fatalf("organisation key: %v", k)
	}
}
