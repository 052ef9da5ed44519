package server

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/store"
)

// faultyIdempotency is the real store with a crash simulated at one point:
// after the reservation is written (the process dies before storing the
// issue) or instead of writing the answer (it dies after storing the issue).
type faultyIdempotency struct {
	*store.Store
	dieAfterReserve, dieBeforeAnswer bool
}

var errPowerCut = errors.New("power cut")

func (f *faultyIdempotency) PutIdempotent(ctx context.Context, r *models.IdempotentResponse) error {
	if err := f.Store.PutIdempotent(ctx, r); err != nil {
		return err
	}
	if f.dieAfterReserve {
		return errPowerCut
	}
	return nil
}

func (f *faultyIdempotency) SaveIdempotent(ctx context.Context, r *models.IdempotentResponse) error {
	if f.dieBeforeAnswer {
		return errPowerCut
	}
	return f.Store.SaveIdempotent(ctx, r)
}

// A retry with the same Idempotency-Key after a crash at either point
// returns the first issue: one issue, under the code reserved first.
func TestIdempotentFilingSurvivesACrash(t *testing.T) {
	for _, point := range []string{"after the reservation", "before the answer"} {
		t.Run(point, func(t *testing.T) {
			fi := &faultyIdempotency{}
			e := newEnv(t, func(c *Config) { c.Idempotency = fi })
			fi.Store = e.st
			h := with(e.auth("wardoff"), "Idempotency-Key", "crash-"+strings.ReplaceAll(point, " ", "-"))
			body := map[string]any{"title": "Cống thoát nước bị tắc", "description": "Nước ngập sau mưa.",
				"category": "infrastructure", "ward": "kim-long"}

			fi.dieAfterReserve = point == "after the reservation"
			fi.dieBeforeAnswer = point == "before the answer"
			first := e.do("POST", "/api/v1/issues", h, body)
			// The client saw a failure either way (the power cut lost the
			// answer), so it retries; the process is back without faults.
			fi.dieAfterReserve, fi.dieBeforeAnswer = false, false
			var firstCode string
			if first.status == 201 {
				firstCode = first.json()["code"].(string)
			}
			retry := e.do("POST", "/api/v1/issues", h, body).want(201)
			code := retry.json()["code"].(string)
			if firstCode != "" && code != firstCode {
				t.Fatalf("the retry filed %s; the first attempt stored %s", code, firstCode)
			}
			if n := e.countIssues(); n != 1 {
				t.Fatalf("%d issues after a crash and a retry, want 1", n)
			}
			// A further retry is a plain replay of that answer.
			again := e.do("POST", "/api/v1/issues", h, body).want(201)
			if again.header.Get("Idempotent-Replayed") != "true" || again.json()["code"] != code {
				t.Fatalf("third try: replayed %q, code %v (want %s)", again.header.Get("Idempotent-Replayed"), again.json()["code"], code)
			}
			if n := e.countIssues(); n != 1 {
				t.Fatalf("%d issues, want 1", n)
			}
		})
	}
}

// curl -F picks a new multipart boundary for every attempt: a retry with
// the same fields and files is the same request; other files are not.
func TestIdempotencyIgnoresMultipartBoundary(t *testing.T) {
	e := newEnv(t, nil)
	data := `{"title":"Ổ gà trên đường Kim Long","description":"Ổ gà sâu gây nguy hiểm.","category":"infrastructure","ward":"kim-long"}`
	send := func(photo []byte) answer {
		body, ct := multipartIssue(t, data, map[string][]byte{"pothole.png": photo})
		req := httptest.NewRequest("POST", "/api/v1/issues", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		for k, v := range with(e.auth("wardoff"), "Idempotency-Key", "multipart-1") {
			req.Header.Set(k, v)
		}
		return e.send(req)
	}
	first := send(pngBytes(64)).want(201)
	second := send(pngBytes(64)).want(201)
	if second.header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(first.body, second.body) {
		t.Fatalf("a retry with a new boundary was not a replay: %s", second.body)
	}
	if n := e.countIssues(); n != 1 {
		t.Fatalf("%d issues, want 1", n)
	}
	other := send(pngBytes(65)).want(409)
	if other.errorFields()["Idempotency-Key"] == nil {
		t.Fatalf("another photo under the same key: %s", other.body)
	}
}
