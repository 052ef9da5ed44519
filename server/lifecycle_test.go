package server

import (
	"strings"
	"testing"
)

func TestLifecycle(t *testing.T) {
	runLifecycle(t, newEnv(t, nil))
}

// runLifecycle takes an organisation's concern through every action.
func runLifecycle(t *testing.T, e *env) {
	t.Helper()
	e.t = t
	org, off, city := e.auth("org"), e.auth("wardoff"), e.auth("cityoff")
	iss := e.do("POST", "/api/v1/issues", org, map[string]any{
		"title": "Kiệt 45 Kim Long ngập khi mưa", "description": "Hội phụ nữ phản ánh thay mặt 40 hộ dân.",
		"category": "infrastructure", "lat": klLat, "lon": klLon, "people_count": 40,
	}).want(201).json()
	code := iss["code"].(string)
	path := "/api/v1/issues/" + code + "/"
	status := func(a answer, want string) answer {
		t.Helper()
		if got := a.json()["status"]; got != want {
			t.Fatalf("status %v, want %s: %s", got, want, a.body)
		}
		return a
	}
	if rep := iss["reporter"].(map[string]any); rep["kind"] != "organisation" || rep["people_count"] != float64(40) {
		t.Fatalf("reporter %v", rep)
	}

	a := e.do("POST", path+"assign", off, map[string]any{"assignee_id": e.users["wardoff"].ID}).want(200)
	if a.header.Get("ETag") != `"2"` {
		t.Errorf("ETag %q after the first change, want \"2\"", a.header.Get("ETag"))
	}
	status(e.do("POST", path+"start", off, map[string]any{"message": "Đã cử cán bộ kiểm tra"}).want(200), "in_progress")
	status(e.do("POST", path+"request-info", off, map[string]any{"message": "Xin số nhà cụ thể"}).want(200), "waiting_for_resident")
	status(e.do("POST", path+"provide-info", org, map[string]any{"message": "Từ số 12 đến số 30"}).want(200), "in_progress")
	status(e.do("POST", path+"answer", off, map[string]any{"message": "Sẽ nạo vét trong tuần"}).want(200), "in_progress")
	a = status(e.do("POST", path+"escalate", off, map[string]any{"message": "Cần thành phố đầu tư"}).want(200), "routed")
	if r := a.json()["routing"].(map[string]any); r["level"] != "city" {
		t.Fatalf("escalated routing %v", r)
	}
	status(e.do("POST", path+"return", city, map[string]any{"message": "Phường xử lý được"}).want(200), "routed")
	status(e.do("POST", path+"resolve", off, map[string]any{"message": "Đã nạo vét cống"}).want(200), "resolved")
	status(e.do("POST", path+"rate", org, map[string]any{"rating": 4}).want(200), "resolved")
	status(e.do("POST", path+"reopen", org, map[string]any{"message": "Vẫn ngập"}).want(200), "in_progress")
	status(e.do("POST", path+"resolve", off, map[string]any{"message": "Đã thay ống cống"}).want(200), "resolved")
	status(e.do("POST", path+"close", org, nil).want(200), "closed")

	// The timeline tells the story; the organisation sees only public events.
	tl := e.do("GET", "/api/v1/issues/"+code, org, nil).want(200).json()["timeline"].([]any)
	var types []string
	for _, ev := range tl {
		types = append(types, ev.(map[string]any)["type"].(string))
	}
	got := strings.Join(types, " ")
	for _, want := range []string{"created", "routed", "started", "info_requested", "info_provided", "answered", "escalated", "returned", "resolved", "rated", "reopened", "closed"} {
		if !strings.Contains(got, want) {
			t.Errorf("timeline %q lacks %s", got, want)
		}
	}
	if strings.Contains(got, "assigned") {
		t.Errorf("the organisation sees the internal assignment: %s", got)
	}

	// Transfer, reject and duplicate on other issues.
	other := e.newIssue()["code"].(string)
	a = e.do("POST", "/api/v1/issues/"+other+"/transfer", off, map[string]any{"department": "phu-xuan-infra", "message": "Địa chỉ thuộc Phú Xuân"}).want(200)
	if a.json()["routing"].(map[string]any)["department"] != "phu-xuan-infra" {
		t.Errorf("transfer: %s", a.body)
	}
	spam := e.newIssue()["code"].(string)
	a = status(e.do("POST", "/api/v1/issues/"+spam+"/reject", off, map[string]any{"reason": "spam", "message": "Quảng cáo"}).want(200), "rejected")
	orig, dup := e.newIssue()["code"].(string), e.newIssue()["code"].(string)
	a = status(e.do("POST", "/api/v1/issues/"+dup+"/duplicate", off, map[string]any{"duplicate_of": orig}).want(200), "rejected")
	if a.json()["duplicate_of"] != orig {
		t.Errorf("duplicate_of: %s", a.body)
	}
}
