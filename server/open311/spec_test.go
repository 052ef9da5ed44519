package open311

import (
	"net/url"
	"testing"
)

// Anything under the endpoint that is not a resource answers 404 in
// Open311's error format, XML unless the path ends in .json.
func TestUnknownPathAnswersOpen311Error(t *testing.T) {
	e := newEnv(t, Config{})
	list := wantErrors(t, e.get("/nonsense.json"), 404, false)
	if !mentions(list, "discovery, services") {
		t.Errorf("404 does not list the resources: %+v", list)
	}
	wantErrors(t, e.get("/requests/KL-26-00001/notes"), 404, true)
	wantErrors(t, e.do("DELETE", "/requests.xml", "", nil), 404, true)
}

// The key may come in the X-API-Key header, as the README tells
// organisations, instead of api_key.
func TestPostAcceptsTheKeyInTheHeader(t *testing.T) {
	e := newEnv(t, Config{})
	form := e.form("api_key", "")
	wantErrors(t, e.post("/requests.json", form), 403, false)
	req := url.Values(form).Encode()
	res := e.doHeaders("POST", "/requests.json", "application/x-www-form-urlencoded", req, map[string]string{"X-API-Key": e.key})
	var out []jsonCreated
	res.json(t, 200, &out)
	if len(out) != 1 || out[0].ID == "" {
		t.Fatalf("created %s", res.body)
	}
}
