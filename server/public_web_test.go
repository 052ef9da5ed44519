package server

import (
	"testing"
)

// Reports from the web go through the service's checks, need a visitor
// id, and are limited per address; "me too" counts each visitor once.
func TestWebReportsAndSupport(t *testing.T) {
	e := newEnv(t, nil) // the report limit keeps its default: burst 5
	cfg := e.do("GET", "/api/v1/public/config", nil, nil).want(200).json()
	if cfg["telegram_url"] != "https://t.me/civicdesk_hue_bot" {
		t.Errorf("config %v", cfg)
	}
	visitor := map[string]string{"X-Visitor-ID": "0f8e2c1a-4b5d-4e6f-8a9b-0c1d2e3f4a5b"}
	body := map[string]any{"title": "Cống tắc ở kiệt 3", "description": "Nước tràn lên đường.", "category": "infrastructure", "lat": klLat, "lon": klLon}

	if c := e.do("POST", "/api/v1/public/reports", nil, body).want(400).errorCode(); c != "invalid" {
		t.Errorf("without a visitor id: %s", c)
	}
	bad := e.do("POST", "/api/v1/public/reports", visitor, map[string]any{"title": "x", "category": "nope"}).want(400)
	if f := bad.errorFields(); f["title"] == nil || f["category"] == nil {
		t.Errorf("invalid report fields %v", f)
	}
	created := e.do("POST", "/api/v1/public/reports", visitor, body).want(201).json()
	code, _ := created["code"].(string)
	rep, _ := created["reporter"].(map[string]any)
	if code == "" || rep["channel"] != "web" || rep["resident_id"] != nil {
		t.Fatalf("created %v", created)
	}
	// The reporter cannot support their own report; another visitor can, once.
	e.do("POST", "/api/v1/public/issues/"+code+"/support", visitor, nil).want(409)
	other := map[string]string{"X-Visitor-ID": "1f8e2c1a-4b5d-4e6f-8a9b-0c1d2e3f4a5b"}
	if n := e.do("POST", "/api/v1/public/issues/"+code+"/support", other, nil).want(200).json()["supporters"]; n != float64(1) {
		t.Errorf("supporters = %v", n)
	}
	e.do("POST", "/api/v1/public/issues/"+code+"/support", other, nil).want(409)

	// The burst is 5 reports per address, refused ones included (3 so
	// far): two more go through, the sixth is refused in time.
	statuses := []int{}
	for i := 0; i < 3; i++ {
		statuses = append(statuses, e.do("POST", "/api/v1/public/reports", visitor, body).status)
	}
	if statuses[0] != 201 || statuses[1] != 201 || statuses[2] != 429 {
		t.Errorf("statuses after the burst: %v, want 201 201 429", statuses)
	}
}
