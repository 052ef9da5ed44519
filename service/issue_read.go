package service

import (
	"context"
	"sort"
	"strings"

	"github.com/civicdesk/civicdesk/geo"
	"github.com/civicdesk/civicdesk/models"
)

// normalizeCode accepts codes as people type them: any case, spaces around.
func normalizeCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// GetIssue returns an issue with its timeline as p may see it: officials
// in scope see everything, monitors everything but personal data and
// internal notes, the reporter their own issue.
func (s *Service) GetIssue(ctx context.Context, p models.Principal, ref string) (*models.Issue, error) {
	iss, err := s.load(ctx, ref, true)
	if err != nil {
		return nil, err
	}
	v := viewFor(p, iss)
	if v == viewNone {
		if p.User == nil && p.ResidentID == "" && p.OrganisationID == "" {
			return nil, models.E(models.EUnauthorized, "auth.sign_in_to_see")
		}
		return nil, forbidden("issue.other_department", "code", iss.Code)
	}
	return s.withAllowed(p, iss, redact(iss, v)), nil
}

// PublicIssue returns the public part of an issue, for anyone: no personal
// data, no internal notes.
func (s *Service) PublicIssue(ctx context.Context, ref string) (*models.Issue, error) {
	iss, err := s.load(ctx, ref, true)
	if err != nil {
		return nil, err
	}
	if hiddenFromPublic(iss) {
		return nil, models.Errorf(models.ENotFound, "issue %q not found", ref)
	}
	return redact(iss, viewPublic), nil
}

// ListIssues lists the issues p may see, filtered and paged.
func (s *Service) ListIssues(ctx context.Context, p models.Principal, f models.IssueFilter) (models.IssuePage, error) {
	v, err := scopeFilter(p, &f)
	if err != nil {
		return models.IssuePage{}, err
	}
	return s.listAs(ctx, f, v)
}

// PublicIssues lists issues in their public view, for anyone.
func (s *Service) PublicIssues(ctx context.Context, f models.IssueFilter) (models.IssuePage, error) {
	f.ResidentID, f.OrganisationID, f.ScopeDepartment, f.ScopeWard = "", "", "", ""
	return s.listAs(ctx, f, viewPublic)
}

// SharedPublicIssues is PublicIssues for the transparency portal: the same
// list is served from memory to every visitor for up to publicListTTL
// (the portal's answers are cacheable for longer anyway). Open311 uses
// PublicIssues, whose clients compare a list with single requests.
func (s *Service) SharedPublicIssues(ctx context.Context, f models.IssueFilter) (models.IssuePage, error) {
	f.ResidentID, f.OrganisationID, f.ScopeDepartment, f.ScopeWard = "", "", "", ""
	key, now := publicListKey(f), s.now()
	if page, ok := s.publicLists.get(key, now); ok {
		return page, nil
	}
	page, err := s.listAs(ctx, f, viewPublic)
	if err == nil {
		s.publicLists.put(key, page, now)
	}
	return page, err
}

// listAs checks the filter, lists and redacts every issue for the view.
func (s *Service) listAs(ctx context.Context, f models.IssueFilter, v view) (models.IssuePage, error) {
	if err := checkFilter(s.Catalogue(), &f); err != nil {
		return models.IssuePage{}, err
	}
	page, err := s.store.ListIssues(ctx, f)
	if err != nil {
		return page, err
	}
	for i := range page.Issues {
		page.Issues[i] = *redact(&page.Issues[i], v)
	}
	return page, nil
}

// scopeFilter limits a list to what p may see and says how it is shown.
func scopeFilter(p models.Principal, f *models.IssueFilter) (view, error) {
	f.ScopeDepartment, f.ScopeWard = "", ""
	switch {
	case p.User != nil:
		u := p.User
		switch u.Role {
		case models.RoleAdmin:
			return viewStaff, nil
		case models.RoleMonitor:
			f.ResidentID = ""
			return viewMonitor, nil
		case models.RoleSupervisor:
			f.ScopeWard = u.Ward
			return viewStaff, nil
		case models.RoleOfficial:
			f.ScopeDepartment = u.Department
			return viewStaff, nil
		}
	case p.OrganisationID != "":
		f.OrganisationID = p.OrganisationID
		return viewOwner, nil
	case p.ResidentID != "":
		f.ResidentID = p.ResidentID
		return viewOwner, nil
	}
	return viewNone, models.Errorf(models.EUnauthorized, "sign in to list issues")
}

// checkFilter rejects filter values that name nothing, so a typo is an
// error rather than an empty list.
func checkFilter(c *models.Catalogue, f *models.IssueFilter) error {
	p := models.Problems{}
	for _, st := range f.Statuses {
		if !st.Valid() {
			p.Add("status", "unknown status %q", st)
		}
	}
	for _, code := range f.Categories {
		if _, ok := c.Category(code); !ok {
			p.Add("category", "unknown category %q", code)
		}
	}
	for _, code := range f.Departments {
		if _, ok := c.Department(code); !ok {
			p.Add("department", "unknown department %q", code)
		}
	}
	for _, code := range f.Wards {
		if _, ok := c.Ward(code); !ok {
			p.Add("ward", "unknown ward %q", code)
		}
	}
	if f.Level != "" && !f.Level.Valid() {
		p.Add("level", "must be ward or city")
	}
	if f.Sort == "" {
		f.Sort = models.SortCreated
	} else if !f.Sort.Valid() {
		p.Add("sort", "must be created, updated or deadline")
	}
	if f.Limit < 0 || f.Limit > models.MaxPageSize {
		p.Add("limit", "must be from 1 to %d", models.MaxPageSize)
	}
	if f.CreatedFrom != nil && f.CreatedTo != nil && !f.CreatedFrom.Before(*f.CreatedTo) {
		p.Add("created_to", "must be after created_from")
	}
	if len([]rune(f.Text)) > 200 {
		p.Add("q", "search text must be at most 200 characters")
	}
	for i, code := range f.Codes {
		f.Codes[i] = normalizeCode(code)
	}
	return p.Err("the filter")
}

// Similar is an open issue close to a new report.
type Similar struct {
	Issue          *models.Issue `json:"issue"`
	DistanceMeters float64       `json:"distance_m"`
}

// FindSimilar returns open issues of the same category in the same ward
// within the catalogue's "me too" radius, nearest first, so a resident can
// support one instead of filing a duplicate.
func (s *Service) FindSimilar(ctx context.Context, category string, lat, lon float64) ([]Similar, error) {
	c := s.Catalogue()
	ward, err := s.resolveWard(c, "", &lat, &lon)
	if err != nil {
		return nil, err
	}
	var open []models.Status
	for _, st := range models.AllStatuses {
		if st.Open() {
			open = append(open, st)
		}
	}
	page, err := s.store.ListIssues(ctx, models.IssueFilter{Statuses: open, Categories: []string{category}, Wards: []string{ward}, Limit: models.MaxPageSize, Sort: models.SortCreated, Desc: true})
	if err != nil {
		return nil, err
	}
	var out []Similar
	for i := range page.Issues {
		iss := &page.Issues[i]
		if !iss.Location.HasPoint() {
			continue
		}
		d := geo.DistanceMeters(lat, lon, *iss.Location.Lat, *iss.Location.Lon)
		if d <= c.MeTooRadiusMeters {
			out = append(out, Similar{Issue: redact(iss, viewPublic), DistanceMeters: d})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DistanceMeters < out[j].DistanceMeters })
	if len(out) > 3 {
		out = out[:3]
	}
	return out, nil
}

// Photo returns a photo of an issue that p may see.
func (s *Service) Photo(ctx context.Context, ref, photoID string) (*models.PhotoData, error) {
	iss, err := s.load(ctx, ref, false)
	if err != nil {
		return nil, err
	}
	return s.store.GetPhoto(ctx, iss.ID, photoID)
}
