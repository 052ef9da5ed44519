package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// servedProc is civicdesk serve in a child process (process_test.go), with
// the address it answers on.
type servedProc struct {
	*process
	base string
}

func startServed(t *testing.T, dataDir string) *servedProc {
	t.Helper()
	addr := freeAddr(t)
	p := &servedProc{base: "http://" + addr}
	p.process = startProcess(t, map[string]string{"CIVICDESK_ADDR": addr, "CIVICDESK_DATA_DIR": dataDir,
		"CIVICDESK_ADMIN_PASSWORD": "crash-test-password-1", "CIVICDESK_SWEEP_INTERVAL": "1h"}, "serve")
	deadline := time.Now().Add(90 * time.Second)
	for {
		res, err := http.Get(p.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not ready: %v\n%s", err, p.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *servedProc) kill() {
	_ = p.cmd.Process.Kill() // SIGKILL: no shutdown code runs
	p.wait(30 * time.Second)
}

// call sends a JSON request and decodes a 2xx answer into out.
func (p *servedProc) call(method, path, token string, body, out any, header ...string) (int, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, p.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 == 2 && out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return res.StatusCode, fmt.Errorf("decode %s: %w", b, err)
		}
	}
	return res.StatusCode, nil
}

func (p *servedProc) login() string {
	p.t.Helper()
	var ans struct {
		Token string `json:"token"`
	}
	if code, err := p.call("POST", "/api/v1/auth/login", "", map[string]string{"username": "admin", "password": "crash-test-password-1"}, &ans); err != nil || code != 200 {
		p.t.Fatalf("login: %d %v\n%s", code, err, p.log.String())
	}
	return ans.Token
}

type listedIssue struct {
	Code    string `json:"code"`
	Version int64  `json:"version"`
	Status  string `json:"status"`
}

// The issue index, the lists, the counts and the figures survive kill -9
// in the middle of filings and changes: after each restart every filing
// that got a 2xx answer is listed exactly once, every listed issue is as
// stored, and the figures equal a recount of the issues.
func TestKill9DuringFilingAndChangesLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills civicdesk several times")
	}
	dir := t.TempDir()
	r := rand.New(rand.NewSource(42))
	var mu sync.Mutex
	acked := map[string]bool{}
	for round := 0; round < 3; round++ {
		p := startServed(t, dir)
		token := p.login()
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					var iss listedIssue
					body := map[string]any{"title": fmt.Sprintf("Đèn đường hỏng, vòng %d, người %d, lần %d", round, w, i),
						"description": "Đèn tắt cả tuần.", "category": "infrastructure", "ward": "kim-long",
						"contact": map[string]string{"name": "Trần Thị B", "phone": "0905000111"}}
					code, err := p.call("POST", "/api/v1/issues", token, body, &iss, "Idempotency-Key", fmt.Sprintf("k-%d-%d-%d", round, w, i))
					if err != nil {
						return // the process is gone
					}
					if code == http.StatusCreated {
						mu.Lock()
						acked[iss.Code] = true
						mu.Unlock()
						// And change it: taken, then answered.
						if _, err := p.call("POST", "/api/v1/issues/"+iss.Code+"/start", token, nil, nil); err != nil {
							return
						}
						if _, err := p.call("POST", "/api/v1/issues/"+iss.Code+"/answer", token, map[string]string{"message": "Đã tiếp nhận"}, nil); err != nil {
							return
						}
					}
				}
			}(w)
		}
		time.Sleep(time.Duration(400+r.Intn(1200)) * time.Millisecond)
		p.kill()
		close(stop)
		wg.Wait()
	}
	if len(acked) == 0 {
		t.Fatal("no filing was acknowledged before the kills: the test proves nothing")
	}

	p := startServed(t, dir)
	token := p.login()
	if !strings.Contains(p.log.String(), "figures recounted from the issues after an unclean stop") {
		t.Errorf("the restart after kill -9 did not recount the figures:\n%s", p.log.String())
	}
	seen := map[string]int{}
	var listed []listedIssue
	cursor := ""
	for {
		var page struct {
			Issues     []listedIssue `json:"issues"`
			NextCursor string        `json:"next_cursor"`
		}
		if code, err := p.call("GET", "/api/v1/issues?limit=100&cursor="+cursor, token, nil, &page); err != nil || code != 200 {
			t.Fatalf("list: %d %v", code, err)
		}
		for _, iss := range page.Issues {
			seen[iss.Code]++
			listed = append(listed, iss)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	for code := range acked {
		if seen[code] != 1 {
			t.Errorf("acknowledged issue %s is listed %d times", code, seen[code])
		}
	}
	open := 0
	for _, l := range listed {
		if seen[l.Code] != 1 {
			t.Errorf("issue %s listed %d times", l.Code, seen[l.Code])
		}
		var stored listedIssue
		if code, err := p.call("GET", "/api/v1/issues/"+l.Code, token, nil, &stored); err != nil || code != 200 {
			t.Fatalf("get %s: %d %v", l.Code, code, err)
		}
		if stored.Version != l.Version || stored.Status != l.Status {
			t.Errorf("issue %s is listed at version %d (%s) but stored at %d (%s)", l.Code, l.Version, l.Status, stored.Version, stored.Status)
		}
		if l.Status != "resolved" && l.Status != "closed" && l.Status != "rejected" {
			open++
		}
	}
	var stats struct {
		Figures []struct {
			Received int64 `json:"received"`
			OpenNow  int64 `json:"open_now"`
		} `json:"figures"`
	}
	if code, err := p.call("GET", "/api/v1/public/stats", "", nil, &stats); err != nil || code != 200 || len(stats.Figures) != 1 {
		t.Fatalf("stats: %d %v %+v", code, err, stats)
	}
	if f := stats.Figures[0]; f.Received != int64(len(listed)) || f.OpenNow != int64(open) {
		t.Errorf("figures say %d received and %d open; the issues say %d and %d", f.Received, f.OpenNow, len(listed), open)
	}
	t.Logf("%d filings acknowledged over 3 kills; %d issues stored", len(acked), len(listed))
}
