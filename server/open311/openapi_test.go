package open311

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// The REST server refuses routes under /open311 that its API document does
// not describe, matching paths the way it converts Fiber routes: ":name"
// becomes "{name}". Every mounted route must have a path item here.
func TestPathsDescribeEveryRoute(t *testing.T) {
	e := newEnv(t, Config{})
	paths := e.api.Paths(prefix + "/")
	if _, err := json.Marshal(paths); err != nil {
		t.Fatalf("paths do not marshal: %v", err)
	}
	param := regexp.MustCompile(`:([A-Za-z0-9_]+)\??`)
	n := 0
	for _, r := range e.app.GetRoutes(true) {
		// The catch-all answers unknown paths; it is not a resource.
		if !strings.HasPrefix(r.Path, prefix) || strings.HasSuffix(r.Path, "*") {
			continue
		}
		n++
		p := param.ReplaceAllString(r.Path, "{$1}")
		item, _ := paths[p].(map[string]any)
		op, _ := item[strings.ToLower(r.Method)].(map[string]any)
		if op == nil {
			t.Errorf("%s %s (%s) is not described", r.Method, r.Path, p)
			continue
		}
		resps, _ := op["responses"].(map[string]any)
		if resps["200"] == nil || op["summary"] == "" {
			t.Errorf("%s %s: %v", r.Method, p, op)
		}
		// Every path parameter is declared.
		for _, m := range regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(p, -1) {
			found := false
			for _, prm := range op["parameters"].([]any) {
				if pm := prm.(map[string]any); pm["name"] == m[1] && pm["in"] == "path" {
					found = true
				}
			}
			if !found {
				t.Errorf("%s %s: path parameter %s not declared", r.Method, p, m[1])
			}
		}
	}
	if n != 6 {
		t.Fatalf("%d routes mounted, want 6", n)
	}
	if _, ok := paths["/open311/v2/requests/{service_request_id}.{format}"]; !ok {
		t.Fatalf("paths %v", paths)
	}
}
