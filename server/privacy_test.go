package server

import (
	"strings"
	"testing"
)

// Residents' contact details reach the officials handling the issue and
// nobody else: not monitors, not the public, not other organisations.
func TestContactNeverLeavesThroughPublicOrMonitorRoutes(t *testing.T) {
	e := newEnv(t, nil)
	iss := e.newIssue()
	code := iss["code"].(string)
	secrets := []string{"Nguyễn Thị Lan", "0905123456", "lan@example.vn"}
	// An internal note carries personal detail too.
	e.do("POST", "/api/v1/issues/"+code+"/note", e.auth("wardoff"), map[string]any{"message": "Bà Lan hẹn gặp lúc 9 giờ"}).want(200)

	// The handling official sees the contact: the data is there to leak.
	staff := string(e.do("GET", "/api/v1/issues/"+code, e.auth("wardoff"), nil).want(200).body)
	for _, s := range secrets {
		if !strings.Contains(staff, s) {
			t.Fatalf("the handling official does not see %q: %s", s, staff)
		}
	}
	if !strings.Contains(staff, "hẹn gặp") {
		t.Fatalf("the handling official does not see the note: %s", staff)
	}

	views := map[string]answer{
		"monitor issue":     e.do("GET", "/api/v1/issues/"+code, e.auth("monitor"), nil).want(200),
		"monitor list":      e.do("GET", "/api/v1/issues?q=den+duong", e.auth("monitor"), nil).want(200),
		"public issue":      e.do("GET", "/api/v1/public/issues/"+code, nil, nil).want(200),
		"public issue (id)": e.do("GET", "/api/v1/public/issues/"+iss["id"].(string), nil, nil).want(200),
		"public list":       e.do("GET", "/api/v1/public/issues?ward=kim-long", nil, nil).want(200),
		"public stats csv":  e.do("GET", "/api/v1/public/stats?format=csv&group_by=department", nil, nil).want(200),
	}
	for name, a := range views {
		body := string(a.body)
		if name != "public stats csv" && !strings.Contains(body, code) {
			t.Errorf("%s does not show the issue at all: %s", name, body)
		}
		for _, s := range append(secrets, "hẹn gặp", `"contact":{"`, "official_id") {
			if strings.Contains(body, s) {
				t.Errorf("%s leaks %q: %s", name, s, body)
			}
		}
	}
	// The public does not see which official acted, only the department.
	if pub := string(views["public issue"].body); strings.Contains(pub, e.users["wardoff"].ID) || strings.Contains(pub, "Test wardoff") {
		t.Errorf("the public view names the official: %s", pub)
	}
	// Another organisation cannot read it at all.
	e.do("GET", "/api/v1/issues/"+code, e.auth("org"), nil).want(403)
}
