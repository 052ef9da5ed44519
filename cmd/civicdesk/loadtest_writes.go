package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// loadFiling is a filing the client sent, kept to send again as a retry.
type loadFiling struct {
	key  string
	body []byte
}

// file is one filing by the client's organisation: mostly new concerns,
// some retries of the last one with the same Idempotency-Key (its answer
// was lost, say), and a few with a mistake the server must refuse.
func (c *loadClient) file(ctx context.Context) {
	key := map[string]string{"X-API-Key": c.orgKey}
	switch n := c.rnd.Intn(100); {
	case n < 10 && c.lastFile != nil:
		key["Idempotency-Key"] = c.lastFile.key
		c.call(ctx, kindFilings, "filing retried, same key", "POST", "/api/v1/issues", c.lastFile.body, key)
	case n < 15:
		body, _ := json.Marshal(map[string]any{"title": "Ngập", "description": "Ngập nước.", "category": "flooding-" + strconv.Itoa(n), "people_count": 0})
		key["Idempotency-Key"] = "load-" + randomHex(12)
		c.call(ctx, kindFilings, "filing with mistakes", "POST", "/api/v1/issues", body, key)
	default:
		cat := oneOf(c.rnd, c.setup.categories)
		titles := benchTitles[cat]
		if titles == nil {
			titles = benchTitles["other"]
		}
		title := fmt.Sprintf(oneOf(c.rnd, titles), 1+c.rnd.Intn(200))
		body, _ := json.Marshal(map[string]any{"title": title, "description": "Hội viên phản ánh: " + title + ". Đề nghị phường kiểm tra.",
			"category": cat, "ward": oneOf(c.rnd, c.setup.wards), "people_count": 1 + c.rnd.Intn(40)})
		f := &loadFiling{key: "load-" + randomHex(12), body: body}
		key["Idempotency-Key"] = f.key
		status, answer := c.call(ctx, kindFilings, "filing", "POST", "/api/v1/issues", body, key)
		if status == 201 {
			c.lastFile = f
			var iss loadIssue
			_ = json.Unmarshal(answer, &iss)
			c.remember(iss.Code)
		}
	}
}

// deskActions are the actions the desk takes, by weight, among those the
// issue allows the official now.
var deskActions = []struct {
	name, path string
	weight     int
	message    string
}{
	{"start", "start", 3, ""},
	{"answer", "answer", 2, "Cán bộ đã tiếp nhận, sẽ kiểm tra hiện trường trong tuần."},
	{"resolve", "resolve", 2, "Đã xử lý xong, đề nghị người dân kiểm tra lại."},
	{"note", "note", 1, "Đã gọi điện cho tổ trưởng tổ dân phố."},
}

// act opens an issue of the desk's queue, as the dashboard does, and
// takes an action it allows with the version it saw. Another client may
// have changed the issue in between: that 409 is a lost race, counted
// apart.
func (c *loadClient) act(ctx context.Context) {
	if len(c.queue) == 0 {
		c.refreshQueue(ctx)
		if len(c.queue) == 0 {
			return
		}
	}
	i := c.rnd.Intn(len(c.queue))
	code := c.queue[i]
	c.queue = slices.Delete(c.queue, i, i+1)
	status, body := c.call(ctx, kindLists, "open an issue", "GET", "/api/v1/issues/"+code, nil, c.bearer())
	if status != 200 {
		return
	}
	var iss loadIssue
	if json.Unmarshal(body, &iss) != nil {
		return
	}
	total := 0
	for _, a := range deskActions {
		if slices.Contains(iss.Allowed, a.name) {
			total += a.weight
		}
	}
	if total == 0 {
		return
	}
	n := c.rnd.Intn(total)
	for _, a := range deskActions {
		if !slices.Contains(iss.Allowed, a.name) {
			continue
		}
		if n -= a.weight; n >= 0 {
			continue
		}
		req := map[string]string{"Authorization": "Bearer " + c.desk.token, "If-Match": strconv.Quote(strconv.FormatInt(iss.Version, 10)),
			"Idempotency-Key": "load-" + randomHex(12)}
		var payload []byte
		if a.message != "" {
			payload, _ = json.Marshal(map[string]string{"message": a.message})
		}
		if status, _ := c.call(ctx, kindActions, a.name, "POST", "/api/v1/issues/"+code+"/"+a.path, payload, req); status == 200 && a.name != "resolve" {
			c.queue = append(c.queue, code)
		}
		return
	}
}
