package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestKill9IdempotentRetriesFileOnce: clients file issues with an
// Idempotency-Key while the server is killed with SIGKILL (twice, at
// different moments); after each restart they retry every filing whose
// answer they did not get. Every key then names exactly one issue, every
// acknowledged filing is there with the code first answered, and the
// database holds exactly one issue per key (issue #10).
func TestKill9IdempotentRetriesFileOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills real processes")
	}
	dataDir := t.TempDir()
	addr := freeAddr(t)
	const password = "Kill9-Test-Passw0rd!"
	env := map[string]string{"CIVICDESK_ADDR": addr, "CIVICDESK_ADMIN_PASSWORD": password}
	args := []string{"serve", "--data-dir", dataDir, "--sweep-interval", "1h", "--log-level", "warn"}
	base := "http://" + addr

	var mu sync.Mutex
	acked := map[string]string{} // key -> code first answered
	var keys []string
	for i := 0; i < 48; i++ {
		keys = append(keys, fmt.Sprintf("kill9-%02d", i))
	}
	client := &http.Client{Timeout: 20 * time.Second}
	file := func(token, key string) (string, error) {
		body, _ := json.Marshal(map[string]any{"title": "Phản ánh " + key, "description": "Đèn đường hỏng.", "category": "infrastructure", "ward": "kim-long"})
		req, _ := http.NewRequest("POST", base+"/api/v1/issues", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Idempotency-Key", key)
		res, err := client.Do(req)
		if err != nil {
			return "", err
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 201 {
			return "", fmt.Errorf("status %d: %s", res.StatusCode, b)
		}
		var iss struct{ Code string }
		if err := json.Unmarshal(b, &iss); err != nil || iss.Code == "" {
			return "", fmt.Errorf("answer %s", b)
		}
		return iss.Code, nil
	}
	record := func(key, code string) {
		mu.Lock()
		defer mu.Unlock()
		if first, ok := acked[key]; ok && first != code {
			t.Errorf("key %s answered %s, then %s", key, first, code)
		}
		if _, ok := acked[key]; !ok {
			acked[key] = code
		}
	}
	start := func() (*process, string) {
		p := startProcess(t, env, args...)
		deadline := time.Now().Add(90 * time.Second)
		for {
			if res, err := http.Get(base + "/readyz"); err == nil {
				res.Body.Close()
				if res.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("not ready after a restart:\n%s", p.log.String())
			}
			time.Sleep(100 * time.Millisecond)
		}
		body, _ := json.Marshal(map[string]string{"username": "admin", "password": password})
		res, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var login struct{ Token string }
		if err := json.NewDecoder(res.Body).Decode(&login); err != nil || login.Token == "" {
			t.Fatalf("login: %v", err)
		}
		return p, login.Token
	}

	// Two rounds: 4 clients file every key not yet acknowledged; the server
	// is killed once a number of new answers arrived, mid-stream.
	for round, killAfter := range []int{5, 11} {
		p, token := start()
		var wg sync.WaitGroup
		var answered sync.WaitGroup
		answered.Add(killAfter)
		var once sync.Once
		count := 0
		work := make(chan string)
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for key := range work {
					code, err := file(token, key)
					if err != nil {
						continue // connection cut by the kill: retried later
					}
					record(key, code)
					mu.Lock()
					count++
					if count <= killAfter {
						answered.Done()
					}
					mu.Unlock()
				}
			}()
		}
		go func() {
			answered.Wait()
			once.Do(func() { _ = p.cmd.Process.Kill() })
		}()
		for _, k := range keys {
			mu.Lock()
			_, done := acked[k]
			mu.Unlock()
			if !done {
				work <- k
			}
		}
		close(work)
		wg.Wait()
		once.Do(func() { _ = p.cmd.Process.Kill() })
		p.wait(30 * time.Second)
		t.Logf("round %d: %d of %d keys acknowledged before the kill", round, len(acked), len(keys))
	}

	// The last start: every key is retried, acknowledged or not.
	p, token := start()
	for _, k := range keys {
		code, err := file(token, k)
		if err != nil {
			t.Fatalf("retry of %s: %v", k, err)
		}
		record(k, code)
	}
	codes := map[string]string{}
	for k, c := range acked {
		if other, ok := codes[c]; ok {
			t.Errorf("keys %s and %s both name issue %s", k, other, c)
		}
		codes[c] = k
	}
	// The database holds exactly one issue per key, nothing more.
	stored := 0
	cursor := ""
	for {
		req, _ := http.NewRequest("GET", base+"/api/v1/issues?limit=100&cursor="+cursor, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Issues []struct{ Code string }
			Next   string `json:"next_cursor"`
		}
		err = json.NewDecoder(res.Body).Decode(&page)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, iss := range page.Issues {
			stored++
			if _, ok := codes[iss.Code]; !ok {
				t.Errorf("issue %s belongs to no key: a duplicate filing", iss.Code)
			}
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if stored != len(keys) {
		t.Errorf("%d issues stored for %d keys", stored, len(keys))
	}
	_ = p.cmd.Process.Kill()
	p.wait(30 * time.Second)
}
