package server

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
)

func TestListFiltersAndPages(t *testing.T) {
	e := newEnv(t, nil)
	var codes []string
	for range 3 {
		codes = append(codes, e.newIssue()["code"].(string))
		e.clk.Advance(time.Minute)
	}
	h := e.auth("wardsup")
	// Newest first by default, two a page.
	p1 := e.do("GET", "/api/v1/issues?limit=2", h, nil).want(200).json()
	is := p1["issues"].([]any)
	cur, _ := p1["next_cursor"].(string)
	if len(is) != 2 || cur == "" || is[0].(map[string]any)["code"] != codes[2] {
		t.Fatalf("first page: %v", p1)
	}
	p2 := e.do("GET", "/api/v1/issues?limit=2&cursor="+url.QueryEscape(cur), h, nil).want(200).json()
	if is := p2["issues"].([]any); len(is) != 1 || is[0].(map[string]any)["code"] != codes[0] || p2["next_cursor"] != nil {
		t.Fatalf("second page: %v", p2)
	}
	// Lists leave the timeline out.
	if is[0].(map[string]any)["timeline"] != nil {
		t.Errorf("list has timelines")
	}

	count := func(q string, want int) {
		t.Helper()
		a := e.do("GET", "/api/v1/issues?"+q, h, nil).want(200)
		if n := len(a.json()["issues"].([]any)); n != want {
			t.Errorf("?%s: %d issues, want %d", q, n, want)
		}
	}
	count("status=routed,in_progress&ward=kim-long&category=infrastructure&level=ward", 3)
	count("status=resolved", 0)
	count("department=kim-long-infra&department=hue-construction", 3)
	count("overdue=false", 3)
	count("overdue=true", 0)
	count("q=DEN+DUONG", 3)
	count("q=nothing+like+this", 0)
	count("created_from=2026-11-23&created_to=2026-11-23", 3)
	count("created_to=2026-11-22", 0)
	count("created_from="+url.QueryEscape(e.clk.Now().Add(-150*time.Second).Format(time.RFC3339)), 2)
	count("sort=deadline&order=asc", 3)
	count("sort=updated&order=desc", 3)

	// Officials see their department's issues only; the city official none.
	if n := len(e.do("GET", "/api/v1/issues", e.auth("cityoff"), nil).want(200).json()["issues"].([]any)); n != 0 {
		t.Errorf("the city official sees %d Kim Long issues", n)
	}
	// Codes are found in any case.
	e.do("GET", "/api/v1/issues/"+lower(codes[0]), h, nil).want(200)
}

func lower(s string) string { return string(bytes.ToLower([]byte(s))) }

func TestPhotoStreaming(t *testing.T) {
	e := newEnv(t, nil)
	code, photo := e.issueWithPhoto()
	a := e.do("GET", "/api/v1/issues/"+code+"/photos/"+photo, e.auth("monitor"), nil).want(200)
	if a.header.Get("Content-Type") != "image/png" || !bytes.Equal(a.body, pngBytes(64)) {
		t.Errorf("photo: %v %d bytes", a.header, len(a.body))
	}
	if a.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("photo without nosniff")
	}
	e.do("GET", "/api/v1/issues/"+code+"/photos/0123456789abcdef01234567", e.auth("monitor"), nil).want(404)
	// A photo is reachable only through its own issue.
	other := e.newIssue()["code"].(string)
	e.do("GET", "/api/v1/issues/"+other+"/photos/"+photo, e.auth("monitor"), nil).want(404)

	// Photos are part of the public view (Open311 media_url links them).
	pub := e.do("GET", "/api/v1/public/issues/"+code+"/photos/"+photo, nil, nil).want(200)
	if !bytes.Equal(pub.body, pngBytes(64)) || !strings.Contains(pub.header.Get("Cache-Control"), "public") {
		t.Errorf("public photo: %v %d bytes", pub.header, len(pub.body))
	}
	e.do("GET", "/api/v1/public/issues/"+other+"/photos/"+photo, nil, nil).want(404)
}

func TestPublicCatalogueHidesDepartmentChats(t *testing.T) {
	e := newEnv(t, nil)
	cat := *e.svc.Catalogue()
	cat.Departments = append([]models.Department(nil), cat.Departments...)
	cat.Departments[0].TelegramChatID = -1001234567
	if _, err := e.svc.UpdateCatalogue(context.Background(), testenv.Admin(), &cat, e.svc.CatalogueVersion()); err != nil {
		t.Fatal(err)
	}
	if full := e.do("GET", "/api/v1/catalogue", e.auth("admin"), nil).want(200); !strings.Contains(string(full.body), "-1001234567") {
		t.Fatal("the signed-in catalogue should carry the chat id")
	}
	a := e.do("GET", "/api/v1/public/catalogue", nil, nil).want(200)
	if !strings.Contains(string(a.body), `"kim-long-infra"`) || strings.Contains(string(a.body), "telegram_chat_id") {
		t.Errorf("public catalogue: %.300s", a.body)
	}
}

func TestWhoHandles(t *testing.T) {
	e := newEnv(t, nil)
	a := e.do("GET", "/api/v1/public/who-handles?category=infrastructure&lat=16.47&lon=107.53", nil, nil).want(200).json()
	if a["department"].(map[string]any)["code"] != "kim-long-infra" || a["ward"] != "kim-long" || a["resolution_due"] == nil {
		t.Errorf("who handles: %v", a)
	}
	a = e.do("GET", "/api/v1/public/who-handles?category=heritage&ward=phu-xuan", nil, nil).want(200).json()
	if a["level"] != "city" {
		t.Errorf("heritage: %v", a)
	}
	e.do("GET", "/api/v1/public/who-handles?category=infrastructure&lat=16.47", nil, nil).want(400)
}
