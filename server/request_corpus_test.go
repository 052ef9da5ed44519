package server

import (
	"bytes"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/civicdesk/civicdesk/internal/fuzzcorpus"
)

// TestDecodeRequestCorpus replays the corpus of request.FuzzDecodeRequest
// (its seeds and every input the fuzzer found) through the real routes
// into the real bodies, as signed-in callers: each answer is a success or
// a 4xx in the one error shape that names what is wrong, never a 5xx, a
// body not sent as JSON or multipart is 415, and every answer keeps to
// the OpenAPI document. The fuzz target runs on shapes like these bodies
// without a database; this proves the path it stands for.
func TestDecodeRequestCorpus(t *testing.T) {
	corpus, err := fuzzcorpus.Read("request/testdata/fuzz/FuzzDecodeRequest")
	if err != nil || len(corpus) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	e := newEnv(t, nil)
	code := e.newIssue()["code"].(string)
	admin, official := e.auth("admin"), e.auth("wardoff")
	routes := []struct {
		method, path string
		who          map[string]string
	}{
		{"POST", "/api/v1/issues", official},
		{"POST", "/api/v1/issues/" + code + "/note", official},
		{"POST", "/api/v1/issues/" + code + "/resolve", official},
		{"POST", "/api/v1/users", admin},
		{"PATCH", "/api/v1/users/" + e.users["wardoff"].ID, admin},
		{"POST", "/api/v1/api-keys", admin},
	}
	answered := map[int]int{}
	for _, in := range corpus {
		body, contentType := in.Bytes(0), in.String(1)
		for _, r := range routes {
			req := httptest.NewRequest(r.method, r.path, bytes.NewReader(body))
			req.Header.Set("Content-Type", contentType)
			for k, v := range r.who {
				req.Header.Set(k, v)
			}
			res, err := e.srv.App().Test(req, -1)
			if err != nil {
				// fasthttp could not read the request (a header with a line
				// break in it): the real server answers 400 before any route.
				continue
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			a := answer{t: t, status: res.StatusCode, header: res.Header, body: b}
			e.checkContract(req, a)
			answered[a.status]++
			switch {
			case a.status >= 500:
				t.Errorf("%s: %s %s answered %d: %s", in.Name, r.method, r.path, a.status, b)
			case a.status >= 400:
				got := a.errorCode()
				if a.status == 415 && got != codeUnsupportedMedia || a.status != 415 && got == codeUnsupportedMedia {
					t.Errorf("%s: %s %s answered %d %s", in.Name, r.method, r.path, a.status, got)
				}
			}
		}
	}
	// The callers are signed in, and the corpus has good bodies and bad:
	// both must have reached the handlers.
	if answered[401] > 0 || answered[400] == 0 || answered[201]+answered[200] == 0 || answered[415] == 0 {
		t.Errorf("the corpus did not reach the handlers as both good and bad bodies: %v", answered)
	}
}
