package server

import (
	"strconv"
	"testing"
)

// Two officials act on the version they both loaded: the first wins, the
// second gets 409 with the issue as it is now, and nothing of it is
// written.
func TestStaleVersionConflictsWithCurrentState(t *testing.T) {
	e := newEnv(t, nil)
	code := e.newIssue()["code"].(string)
	got := e.do("GET", "/api/v1/issues/"+code, e.auth("wardoff"), nil).want(200)
	tag := got.header.Get("ETag")
	if tag != `"1"` {
		t.Fatalf("ETag %q, want \"1\"", tag)
	}

	e.do("POST", "/api/v1/issues/"+code+"/start", with(e.auth("wardoff"), "If-Match", tag), map[string]any{"message": "tôi nhận"}).want(200)
	a := e.do("POST", "/api/v1/issues/"+code+"/resolve", with(e.auth("wardsup"), "If-Match", tag), map[string]any{"message": "đã xong"}).want(409)
	if a.errorCode() != "conflict" {
		t.Fatalf("code %q", a.errorCode())
	}
	cur, ok := a.json()["current"].(map[string]any)
	if !ok {
		t.Fatalf("no current issue in the conflict: %s", a.body)
	}
	if cur["version"] != float64(2) || cur["status"] != "in_progress" {
		t.Errorf("current is version %v, status %v; want 2, in_progress", cur["version"], cur["status"])
	}
	if a.header.Get("ETag") != `"2"` {
		t.Errorf("conflict ETag %q, want \"2\"", a.header.Get("ETag"))
	}
	after := e.do("GET", "/api/v1/issues/"+code, e.auth("wardoff"), nil).want(200).json()
	if after["status"] != "in_progress" || after["version"] != float64(2) {
		t.Errorf("the losing change was written: %v %v", after["status"], after["version"])
	}

	// The version may come in the body instead, bare or quoted If-Match.
	e.do("POST", "/api/v1/issues/"+code+"/note", e.auth("wardsup"), map[string]any{"message": "ghi chú", "version": 1}).want(409)
	e.do("POST", "/api/v1/issues/"+code+"/note", with(e.auth("wardsup"), "If-Match", "2"), map[string]any{"message": "ghi chú"}).want(200)
	// Header and body disagreeing is a client bug.
	a = e.do("POST", "/api/v1/issues/"+code+"/note", with(e.auth("wardsup"), "If-Match", `"3"`), map[string]any{"message": "x", "version": 2}).want(400)
	if a.errorFields()["version"] == nil {
		t.Errorf("disagreeing versions: %s", a.body)
	}
	// A status change the issue does not allow is a conflict with its state too.
	a = e.do("POST", "/api/v1/issues/"+code+"/close", e.auth("wardoff"), nil)
	if a.status != 403 && a.status != 409 {
		t.Errorf("closing an open issue: %d %s", a.status, a.body)
	}
	a = e.do("POST", "/api/v1/issues/"+code+"/reopen", e.auth("wardsup"), nil).want(409)
	if cur, _ := a.json()["current"].(map[string]any); cur["version"] != float64(3) {
		t.Errorf("reopen of an open issue: %s", a.body)
	}
}

func TestCatalogueEditConflicts(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.auth("admin")
	got := e.do("GET", "/api/v1/catalogue", admin, nil).want(200)
	v := got.header.Get("ETag")
	var cat any = got.json()["catalogue"]
	e.do("PUT", "/api/v1/catalogue", with(admin, "If-Match", v), cat).want(200)
	a := e.do("PUT", "/api/v1/catalogue", with(admin, "If-Match", v), cat).want(409)
	a.errorCode()
	n, _ := strconv.Atoi(v[1 : len(v)-1])
	if e.svc.CatalogueVersion() != int64(n+1) {
		t.Errorf("catalogue version %d, want %d", e.svc.CatalogueVersion(), n+1)
	}
	// Without If-Match an edit is refused rather than overwriting blindly.
	e.do("PUT", "/api/v1/catalogue", admin, cat).want(400)
	// A broken catalogue names the problem.
	broken := got.json()["catalogue"].(map[string]any)
	broken["reopen_days"] = "seven"
	a = e.do("PUT", "/api/v1/catalogue", with(admin, "If-Match", etag(e.svc.CatalogueVersion())), broken).want(400)
	if a.errorCode() != "invalid" {
		t.Errorf("broken catalogue: %s", a.body)
	}
}
