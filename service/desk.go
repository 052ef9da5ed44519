package service

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// The officials' desk (issue #8): colleagues to assign to, canned replies
// per department, and who else has an issue open.

// Colleague is an official an issue can be assigned to.
type Colleague struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Username   string `json:"username"`
	Department string `json:"department"`
}

// Colleagues lists the active officials of a department: officials see
// their own department's, supervisors those of departments in their ward,
// admins any. department "" means the caller's own.
func (s *Service) Colleagues(ctx context.Context, p models.Principal, department string) ([]Colleague, error) {
	u := p.User
	if u == nil || u.Disabled {
		return nil, models.Errorf(models.EUnauthorized, "sign in as an official")
	}
	if department == "" {
		department = u.Department
	}
	if err := s.deskAccess(u, department); err != nil {
		return nil, err
	}
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	out := []Colleague{}
	for _, c := range users {
		if c.Role == models.RoleOfficial && !c.Disabled && c.Department == department {
			out = append(out, Colleague{ID: c.ID, Name: c.Name, Username: c.Username, Department: c.Department})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// deskAccess says whether u works for department: its officials, the
// supervisors of its ward (or of the city), admins.
func (s *Service) deskAccess(u *models.User, department string) error {
	d, ok := s.Catalogue().Department(department)
	if !ok {
		return models.Invalidf("department", "unknown department %q", department)
	}
	switch u.Role {
	case models.RoleAdmin:
		return nil
	case models.RoleSupervisor:
		if u.Ward == "" || d.Ward == u.Ward {
			return nil
		}
	case models.RoleOfficial:
		if u.Department == department {
			return nil
		}
	}
	return errForbidden("only officials of " + department + ", its supervisors and admins can do this")
}

// CannedReplies returns a department's canned replies (none yet: empty).
func (s *Service) CannedReplies(ctx context.Context, p models.Principal, department string) (*models.CannedReplies, error) {
	if p.User == nil {
		return nil, models.Errorf(models.EUnauthorized, "sign in as an official")
	}
	if department == "" {
		department = p.User.Department
	}
	if err := s.deskAccess(p.User, department); err != nil {
		return nil, err
	}
	c, err := s.store.GetCannedReplies(ctx, department)
	if models.ErrorCodeOf(err) == models.ENotFound {
		return &models.CannedReplies{Department: department, Replies: []models.CannedReply{}}, nil
	}
	return c, err
}

// SetCannedReplies replaces a department's canned replies; its officials,
// supervisors and admins may.
func (s *Service) SetCannedReplies(ctx context.Context, p models.Principal, department string, replies []models.CannedReply) (*models.CannedReplies, error) {
	if p.User == nil {
		return nil, models.Errorf(models.EUnauthorized, "sign in as an official")
	}
	if err := s.deskAccess(p.User, department); err != nil {
		return nil, err
	}
	probs := models.Problems{}
	if len(replies) > models.MaxCannedReplies {
		probs.Add("replies", "at most %d canned replies", models.MaxCannedReplies)
	}
	out := make([]models.CannedReply, 0, len(replies))
	seen := map[string]bool{}
	for i, r := range replies {
		title := models.CleanText(probs, fmt.Sprintf("replies[%d].title", i), r.Title, 1, models.MaxCannedTitleLen)
		text := models.CleanText(probs, fmt.Sprintf("replies[%d].text", i), r.Text, 1, models.MaxCannedReplyLength)
		if seen[strings.ToLower(title)] {
			probs.Add(fmt.Sprintf("replies[%d].title", i), "%q is used twice", title)
		}
		seen[strings.ToLower(title)] = true
		out = append(out, models.CannedReply{Title: title, Text: text})
	}
	if err := probs.Err("the canned replies"); err != nil {
		return nil, err
	}
	c := &models.CannedReplies{Department: department, Replies: out, UpdatedAt: s.now(), UpdatedBy: p.User.ID}
	if err := s.store.PutCannedReplies(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// viewingWindow is how long an official counts as having an issue open
// after the dashboard last said so (it says so every few seconds).
const viewingWindow = 90 * time.Second

// viewerMap remembers, in this process, who had which issue open when.
type viewerMap struct {
	mu sync.Mutex
	m  map[string]map[string]viewer // issue id → user id → viewer
}

type viewer struct {
	name string
	at   time.Time
}

// Viewer is another official who has the issue open.
type Viewer struct {
	Name    string    `json:"name"`
	Since   time.Time `json:"last_seen"`
	Editing bool      `json:"-"`
}

// Viewing records that p has the issue open and returns the other
// officials who have it open too, so the dashboard warns before two
// people answer the same resident.
func (s *Service) Viewing(ctx context.Context, p models.Principal, ref string) ([]Viewer, error) {
	iss, err := s.GetIssue(ctx, p, ref)
	if err != nil {
		return nil, err
	}
	if p.User == nil {
		return nil, errForbidden("only officials' views are recorded")
	}
	now := s.now()
	v := &s.viewers
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m == nil {
		v.m = map[string]map[string]viewer{}
	}
	for id, users := range v.m { // forget stale entries
		for uid, w := range users {
			if now.Sub(w.at) > viewingWindow {
				delete(users, uid)
			}
		}
		if len(users) == 0 {
			delete(v.m, id)
		}
	}
	users := v.m[iss.ID]
	if users == nil {
		users = map[string]viewer{}
		v.m[iss.ID] = users
	}
	users[p.User.ID] = viewer{name: p.User.Name, at: now}
	out := []Viewer{}
	for uid, w := range users {
		if uid != p.User.ID {
			out = append(out, Viewer{Name: w.name, Since: w.at})
		}
	}
	slices.SortFunc(out, func(a, b Viewer) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
