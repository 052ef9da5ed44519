package open311

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

// getRequests answers GET requests.{format}.
func (a *API) getRequests(c *fiber.Ctx) error {
	f, err := parseFormat(c.Params("format"))
	if err == nil {
		err = a.checkJurisdiction(c.Query("jurisdiction_id"))
	}
	if err != nil {
		return a.fail(c, f, err)
	}
	filter, err := a.filter(c)
	if err != nil {
		return a.fail(c, f, err)
	}
	pg, err := a.paging(c, len(filter.Codes) > 0)
	if err != nil {
		return a.fail(c, f, err)
	}
	issues, more, err := a.collect(c.UserContext(), filter, pg)
	if err != nil {
		return a.fail(c, f, err)
	}
	if more {
		// The lists are bare arrays; the next page is announced the way
		// HTTP announces it, for clients that look.
		c.Set(fiber.HeaderLink, fmt.Sprintf("<%s>; rel=\"next\"", a.nextPage(c, pg)))
	}
	cat := a.svc.Catalogue()
	out := make([]request, 0, len(issues))
	for i := range issues {
		out = append(out, a.toRequest(cat, &issues[i]))
	}
	return send(c, f, fiber.StatusOK, out, requestsXML[request]{Requests: out})
}

// getRequest answers GET requests/{service_request_id}.{format}: a list of
// one, as the spec has it.
func (a *API) getRequest(c *fiber.Ctx) error {
	id := c.Params("service_request_id")
	f, err := parseFormat(c.Params("format"))
	if err == nil {
		err = a.checkJurisdiction(c.Query("jurisdiction_id"))
	}
	if err != nil {
		return a.fail(c, f, err)
	}
	iss, err := a.svc.PublicIssue(c.UserContext(), id)
	if err != nil {
		if models.ErrorCodeOf(err) == models.ENotFound {
			err = models.Errorf(models.ENotFound, "service_request_id %q not found", id)
		}
		return a.fail(c, f, err)
	}
	out := []request{a.toRequest(a.svc.Catalogue(), iss)}
	return send(c, f, fiber.StatusOK, out, requestsXML[request]{Requests: out})
}

// filter reads the query. service_request_id overrides every other
// parameter, as the spec says, dates included.
func (a *API) filter(c *fiber.Ctx) (models.IssueFilter, error) {
	f := models.IssueFilter{Sort: models.SortCreated, Desc: true}
	if ids := list(c.Query("service_request_id")); len(ids) > 0 {
		if len(ids) > a.cfg.MaxRequests {
			return f, models.Invalidf("service_request_id", "at most %d ids at once", a.cfg.MaxRequests)
		}
		f.Codes = ids
		return f, nil
	}
	probs := models.Problems{}
	f.Categories = list(c.Query("service_code"))
	for _, s := range list(strings.ToLower(c.Query("status"))) {
		if s != "open" && s != "closed" {
			probs.Add("status", "%q is not a status; use open, closed or both", s)
			continue
		}
		f.Statuses = append(f.Statuses, statusesFor(s)...)
	}
	loc := a.svc.Calendar().Location()
	start := parseDate(probs, "start_date", c.Query("start_date"), loc)
	end := parseDate(probs, "end_date", c.Query("end_date"), loc)
	if err := probs.Err("the query"); err != nil {
		return f, err
	}
	var err error
	f.CreatedFrom, f.CreatedTo, err = dateRange(start, end, a.cfg.Now())
	return f, err
}

// page is which slice of the answer a GET requests asks for: page_size
// requests (the spec's 1,000 by default, at most MaxRequests) after
// skipping the pages before page.
type page struct{ number, size int }

// paging reads page and page_size. service_request_id lists are not paged:
// they are at most MaxRequests ids, answered at once.
func (a *API) paging(c *fiber.Ctx, byID bool) (page, error) {
	pg := page{number: 1, size: a.cfg.MaxRequests}
	probs := models.Problems{}
	if v := strings.TrimSpace(c.Query("page")); v != "" && !byID {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			probs.Add("page", "%q is not a page number (1, 2, ...)", v)
		}
		pg.number = n
	}
	if v := strings.TrimSpace(c.Query("page_size")); v != "" && !byID {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > a.cfg.MaxRequests {
			probs.Add("page_size", "%q is not a page size; use 1 to %d", v, a.cfg.MaxRequests)
		}
		pg.size = n
	}
	return pg, probs.Err("the query")
}

// nextPage is this request's URL with the page after pg.
func (a *API) nextPage(c *fiber.Ctx, pg page) string {
	q := url.Values{}
	c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) { q.Add(string(k), string(v)) })
	q.Set("page", strconv.Itoa(pg.number+1))
	q.Set("page_size", strconv.Itoa(pg.size))
	return a.cfg.BaseURL + a.cfg.Path + "/requests." + strings.ToLower(c.Params("format")) + "?" + q.Encode()
}

// collect reads the service's pages (at most models.MaxPageSize issues
// each) until it has skipped the pages before pg and filled pg, and says
// whether more requests follow. It goes through the same list path as
// every other reader.
func (a *API) collect(ctx context.Context, f models.IssueFilter, pg page) ([]models.Issue, bool, error) {
	skip := (pg.number - 1) * pg.size
	var out []models.Issue
	for {
		f.Limit = a.pageSize
		if skip == 0 {
			f.Limit = min(a.pageSize, pg.size-len(out))
		}
		res, err := a.svc.VisibleIssues(ctx, f)
		if err != nil {
			return nil, false, err
		}
		got := res.Issues
		if skip > 0 {
			n := min(skip, len(got))
			got, skip = got[n:], skip-n
		}
		if room := pg.size - len(out); len(got) > room {
			return append(out, got[:room]...), true, nil
		}
		out = append(out, got...)
		if res.NextCursor == "" {
			return out, false, nil
		}
		if len(out) >= pg.size {
			return out, true, nil
		}
		f.Cursor = res.NextCursor
	}
}

// list splits a comma-separated parameter, dropping blanks and repeats.
func list(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range strings.Split(s, ",") {
		v = strings.TrimSpace(v)
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
