package open311

import (
	"context"
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
	issues, err := a.collect(c.UserContext(), filter)
	if err != nil {
		return a.fail(c, f, err)
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

// collect reads pages until the answer is complete or at the cap. The
// service pages at most models.MaxPageSize issues at a time.
func (a *API) collect(ctx context.Context, f models.IssueFilter) ([]models.Issue, error) {
	var out []models.Issue
	for {
		f.Limit = min(a.pageSize, a.cfg.MaxRequests-len(out))
		page, err := a.svc.VisibleIssues(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Issues...)
		if page.NextCursor == "" || len(out) >= a.cfg.MaxRequests {
			return out, nil
		}
		f.Cursor = page.NextCursor
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
