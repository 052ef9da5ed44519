package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
)

// loadIssue is what the clients read of an issue in a list or on its own.
type loadIssue struct {
	Code    string   `json:"code"`
	Status  string   `json:"status"`
	Version int64    `json:"version"`
	Allowed []string `json:"allowed_actions"`
}

func issueCodes(body []byte) []string {
	var page struct {
		Issues []loadIssue `json:"issues"`
	}
	_ = json.Unmarshal(body, &page)
	out := make([]string, 0, len(page.Issues))
	for _, iss := range page.Issues {
		out = append(out, iss.Code)
	}
	return out
}

// residentAddr is the address of a resident reading the portal. The
// reverse proxy in front of civicdesk names it in X-Forwarded-For; the
// anonymous rate limit counts per address, as it would for a city's
// residents.
func (c *loadClient) residentAddr() map[string]string {
	return map[string]string{"X-Forwarded-For": fmt.Sprintf("10.%d.%d.%d", c.rnd.Intn(256), c.rnd.Intn(256), 1+c.rnd.Intn(254))}
}

// publicRead is one request of a resident on the portal or an Open311
// client: the list, an issue, the Open311 list or the figures.
func (c *loadClient) publicRead(ctx context.Context) {
	from := c.residentAddr()
	n := c.rnd.Intn(100)
	switch {
	case n < 35 || len(c.codes) == 0:
		path := "/api/v1/public/issues?sort=created&order=desc&limit=20"
		switch c.rnd.Intn(4) {
		case 1:
			path += "&category=" + oneOf(c.rnd, c.setup.categories)
		case 2:
			path += "&ward=" + oneOf(c.rnd, c.setup.wards)
		case 3:
			path += "&status=resolved"
		}
		if status, body := c.call(ctx, kindPublic, "portal list", "GET", path, nil, from); status == 200 {
			for i, code := range issueCodes(body) {
				if i < 5 {
					c.remember(code)
				}
			}
		}
	case n < 62:
		c.call(ctx, kindPublic, "issue page", "GET", "/api/v1/public/issues/"+c.someCode(), nil, from)
	case n < 65:
		// A mistyped code, as residents type them: a 404, never worse.
		c.call(ctx, kindPublic, "issue page, unknown code", "GET", fmt.Sprintf("/api/v1/public/issues/KL-26-%07d", 9000000+c.rnd.Intn(999999)), nil, from)
	case n < 80:
		path := "/open311/v2/requests.json"
		if c.rnd.Intn(2) == 0 {
			path += "?status=open"
		}
		c.call(ctx, kindPublic, "Open311 requests.json", "GET", path, nil, from)
	case n < 98:
		groups := []string{"level", "department,level", "category", "ward"}
		c.call(ctx, kindPublic, "public figures", "GET", "/api/v1/public/stats?group_by="+url.QueryEscape(oneOf(c.rnd, groups)), nil, from)
	default:
		// Hand-edited links: a grouping and a date that do not exist.
		c.call(ctx, kindPublic, "figures, bad query", "GET", "/api/v1/public/stats?group_by=street&from=2026-02-30", nil, from)
	}
}

// searchWords are what officials search for, as they type it (without
// diacritics); they match the seeded titles.
var searchWords = []string{"den duong", "rac thai", "song huong", "xay dung", "ngap nuoc", "o ga", "karaoke", "ho so"}

// openStatuses is the desk's queue: everything not yet resolved.
const openStatuses = "new,routed,in_progress,waiting_for_resident"

// officialList is one list of the desk: its queue (kept for actions),
// a filtered page or a text search.
func (c *loadClient) officialList(ctx context.Context) {
	switch n := c.rnd.Intn(100); {
	case n < 3:
		// A filter from an old bookmark: a category the catalogue dropped.
		c.call(ctx, kindLists, "list, bad filter", "GET", "/api/v1/issues?category=parking&sort=soonest&limit=500", nil, c.bearer())
	case n < 50:
		c.refreshQueue(ctx)
	case n < 75:
		path := "/api/v1/issues?sort=created&order=desc&limit=20&category=" + oneOf(c.rnd, c.setup.categories)
		if c.rnd.Intn(2) == 0 {
			path += "&ward=" + oneOf(c.rnd, c.setup.wards)
		} else {
			path += "&status=resolved"
		}
		c.call(ctx, kindLists, "filtered list", "GET", path, nil, c.bearer())
	default:
		c.call(ctx, kindLists, "text search", "GET", "/api/v1/issues?sort=created&order=desc&limit=20&q="+url.QueryEscape(oneOf(c.rnd, searchWords)), nil, c.bearer())
	}
}

// refreshQueue reads the desk's queue, most urgent first, and keeps its
// issues to act on.
func (c *loadClient) refreshQueue(ctx context.Context) {
	status, body := c.call(ctx, kindLists, "queue", "GET", "/api/v1/issues?sort=deadline&limit=20&status="+openStatuses, nil, c.bearer())
	if status == 200 {
		c.queue = issueCodes(body)
	}
}
