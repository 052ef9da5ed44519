package open311

import (
	"bytes"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/civicdesk/civicdesk/internal/fuzzcorpus"
)

// TestRequestFormCorpus replays the corpus of form.FuzzRequestForm (its
// seeds and every input the fuzzer found) through the real endpoint with
// a client's key: each answer is a filed request or the spec's error list
// with a 4xx, never a 5xx, and keeps to the OpenAPI document. The fuzz
// target runs without a database; this proves the path it stands for.
func TestRequestFormCorpus(t *testing.T) {
	corpus, err := fuzzcorpus.Read("form/testdata/fuzz/FuzzRequestForm")
	if err != nil || len(corpus) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	e := newEnv(t, Config{})
	answered := map[int]int{}
	for _, in := range corpus {
		req := httptest.NewRequest("POST", prefix+"/requests.json", bytes.NewReader(in.Bytes(0)))
		req.Header.Set("Content-Type", in.String(1))
		req.Header.Set("X-API-Key", e.key)
		req.URL.RawQuery = in.String(2)
		res, err := e.app.Test(req, -1)
		if err != nil {
			// fasthttp could not read the request (a query with a space in
			// it): the real server answers 400 before any route.
			continue
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		r := response{status: res.StatusCode, contentType: res.Header.Get("Content-Type"), body: b}
		e.checkContract(req, r)
		answered[r.status]++
		switch {
		case r.status == 200:
			var out []jsonCreated
			r.json(t, 200, &out)
		case r.status >= 400 && r.status < 500:
			wantErrors(t, r, r.status, false)
		default:
			t.Errorf("%s: answered %d: %s", in.Name, r.status, b)
		}
	}
	if answered[200] == 0 || answered[400] == 0 {
		t.Errorf("the corpus did not reach the endpoint as both good and bad forms: %v", answered)
	}
}
