package server

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

func TestIdempotentCreateRunsOnce(t *testing.T) {
	e := newEnv(t, nil)
	h := with(e.auth("wardoff"), "Idempotency-Key", "8d1f6c1e-6a0b-4d3e-9a52-1c2b3d4e5f60")
	body := map[string]any{"title": "Cây đổ chắn đường Nguyễn Phúc Nguyên", "description": "Cây lớn đổ sau bão.",
		"category": "infrastructure", "ward": "kim-long"}
	first := e.do("POST", "/api/v1/issues", h, body).want(201)
	if first.header.Get("Idempotent-Replayed") != "" {
		t.Fatal("the first answer is marked as a replay")
	}
	before := e.countIssues()
	second := e.do("POST", "/api/v1/issues", h, body).want(201)
	if second.header.Get("Idempotent-Replayed") != "true" {
		t.Error("the retry is not marked Idempotent-Replayed: true")
	}
	if !bytes.Equal(first.body, second.body) {
		t.Errorf("the retry answered differently:\n%s\n%s", first.body, second.body)
	}
	if n := e.countIssues(); n != before || n != 1 {
		t.Fatalf("%d issues after a retry, want 1", n)
	}

	// The same key with another body is refused and writes nothing.
	body["title"] = "Một phản ánh khác hẳn"
	a := e.do("POST", "/api/v1/issues", h, body).want(409)
	if a.errorCode() != "conflict" || a.errorFields()["Idempotency-Key"] == nil {
		t.Errorf("reuse with another body: %s", a.body)
	}
	// The key belongs to its caller: another official's same key is new.
	e.do("POST", "/api/v1/issues", with(e.auth("wardsup"), "Idempotency-Key", h["Idempotency-Key"]), body).want(201)
	if n := e.countIssues(); n != 2 {
		t.Fatalf("%d issues, want 2", n)
	}
}

func TestIdempotentConcurrentRetriesRunOnce(t *testing.T) {
	e := newEnv(t, nil)
	h := with(e.auth("wardoff"), "Idempotency-Key", "burst-1")
	raw, _ := json.Marshal(map[string]any{"title": "Rác thải ven sông Hương", "description": "Rác tồn đọng nhiều ngày.",
		"category": "environment", "ward": "kim-long"})
	var wg sync.WaitGroup
	statuses := make([]int, 5)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest("POST", "/api/v1/issues", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			for k, v := range h {
				req.Header.Set(k, v)
			}
			res, err := e.srv.App().Test(req, -1)
			if err == nil {
				statuses[i] = res.StatusCode
				res.Body.Close()
			}
		}()
	}
	wg.Wait()
	for _, st := range statuses {
		if st != 201 {
			t.Errorf("statuses %v, want all 201", statuses)
			break
		}
	}
	if n := e.countIssues(); n != 1 {
		t.Fatalf("%d issues after 5 simultaneous tries with one key, want 1", n)
	}
}

func TestIdempotentActionAndSecrets(t *testing.T) {
	e := newEnv(t, nil)
	code := e.newIssue()["code"].(string)
	h := with(e.auth("wardoff"), "Idempotency-Key", "note-1")
	e.do("POST", "/api/v1/issues/"+code+"/note", h, map[string]any{"message": "một lần"}).want(200)
	e.do("POST", "/api/v1/issues/"+code+"/note", h, map[string]any{"message": "một lần"}).want(200)
	tl := e.do("GET", "/api/v1/issues/"+code, e.auth("wardoff"), nil).want(200).json()["timeline"].([]any)
	notes := 0
	for _, ev := range tl {
		if ev.(map[string]any)["type"] == "note" {
			notes++
		}
	}
	if notes != 1 {
		t.Errorf("%d notes after a retried note, want 1", notes)
	}

	// An API key's secret is shown once: a replay says so, without it.
	ah := with(e.auth("admin"), "Idempotency-Key", "key-1")
	first := e.do("POST", "/api/v1/api-keys", ah, map[string]any{"name": "portal", "kind": "open311_client"}).want(201).json()
	secret, _ := first["secret"].(string)
	if !strings.HasPrefix(secret, "cdk_") || first["secret_shown_once"] != true {
		t.Fatalf("no secret, or no secret_shown_once, in %v", first)
	}
	again := e.do("POST", "/api/v1/api-keys", ah, map[string]any{"name": "portal", "kind": "open311_client"}).want(201)
	if strings.Contains(string(again.body), secret) || again.json()["secret_shown_once"] != true {
		t.Errorf("replay of a key creation: %s", again.body)
	}
	keys := e.do("GET", "/api/v1/api-keys", e.auth("admin"), nil).want(200)
	if n := len(keys.json()["keys"].([]any)); n != 1 {
		t.Errorf("%d keys after a retried creation, want 1", n)
	}
	if strings.Contains(string(keys.body), secret) || strings.Contains(string(keys.body), "hash") {
		t.Errorf("the key list shows secrets: %s", keys.body)
	}

	// Keys that are not printable ASCII are refused.
	a := e.do("POST", "/api/v1/issues/"+code+"/note", with(e.auth("wardoff"), "Idempotency-Key", strings.Repeat("k", 300)), map[string]any{"message": "x"})
	if a.want(400).errorFields()["Idempotency-Key"] == nil {
		t.Errorf("a 300-character key: %s", a.body)
	}
}
