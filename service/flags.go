package service

import (
	"context"

	"github.com/civicdesk/civicdesk/models"
)

// Monitors flag issues for follow-up; the handling department answers.
// A monitor's "organisation" is their ward (Kim Long's People's Council
// monitors Kim Long), "" for city-wide monitors: open flags are counted
// and shown per group.

// FlagIssue records a monitor's flag with a comment.
func (s *Service) FlagIssue(ctx context.Context, p models.Principal, ref, comment string) (*models.Flag, error) {
	u := p.User
	if u == nil || u.Role != models.RoleMonitor || u.Disabled {
		return nil, errForbidden("only monitors flag issues for follow-up")
	}
	probs := models.Problems{}
	comment = models.CleanText(probs, "comment", comment, 1, models.MaxFlagText)
	if err := probs.Err("the flag"); err != nil {
		return nil, err
	}
	iss, err := s.load(ctx, ref, false)
	if err != nil {
		return nil, err
	}
	s.flagsMu.Lock()
	defer s.flagsMu.Unlock()
	flags, err := s.issueFlags(ctx, iss.ID)
	if err != nil {
		return nil, err
	}
	f := models.Flag{ID: len(flags.Flags) + 1, By: u.ID, ByName: u.Name, Group: u.Ward, Comment: comment, At: s.now()}
	flags.Flags = append(flags.Flags, f)
	if err := s.store.PutIssueFlags(ctx, flags); err != nil {
		return nil, err
	}
	idx, err := s.store.GetOpenFlags(ctx)
	if err != nil {
		return nil, err
	}
	idx.Open = append(idx.Open, models.FlagRef{IssueID: iss.ID, FlagID: f.ID, Group: f.Group, Department: iss.Routing.Department,
		Title: iss.Title, Comment: comment, At: f.At})
	return &f, s.store.PutOpenFlags(ctx, idx)
}

func (s *Service) issueFlags(ctx context.Context, id string) (*models.IssueFlags, error) {
	flags, err := s.store.GetIssueFlags(ctx, id)
	if models.ErrorCodeOf(err) == models.ENotFound {
		return &models.IssueFlags{IssueID: id, Flags: []models.Flag{}}, nil
	}
	return flags, err
}

// IssueFlags lists an issue's flags to whoever may see the issue as staff
// or monitor.
func (s *Service) IssueFlags(ctx context.Context, p models.Principal, ref string) ([]models.Flag, error) {
	iss, err := s.GetIssue(ctx, p, ref)
	if err != nil {
		return nil, err
	}
	if p.User == nil {
		return nil, errForbidden("flags are for monitors and officials")
	}
	flags, err := s.issueFlags(ctx, iss.ID)
	if err != nil {
		return nil, err
	}
	return flags.Flags, nil
}

// AnswerFlag records the department's answer; those who may handle the
// issue answer.
func (s *Service) AnswerFlag(ctx context.Context, p models.Principal, ref string, flagID int, answer string) (*models.Flag, error) {
	u := p.User
	if u == nil || u.Disabled {
		return nil, models.Errorf(models.EUnauthorized, "sign in as an official")
	}
	probs := models.Problems{}
	answer = models.CleanText(probs, "answer", answer, 1, models.MaxFlagText)
	if err := probs.Err("the answer"); err != nil {
		return nil, err
	}
	iss, err := s.load(ctx, ref, false)
	if err != nil {
		return nil, err
	}
	if !canHandle(u, iss) {
		return nil, errForbidden("only the department handling issue " + iss.Code + " answers its flags")
	}
	s.flagsMu.Lock()
	defer s.flagsMu.Unlock()
	flags, err := s.issueFlags(ctx, iss.ID)
	if err != nil {
		return nil, err
	}
	i := flagID - 1
	if i < 0 || i >= len(flags.Flags) {
		return nil, models.Errorf(models.ENotFound, "issue %s has no flag %d", iss.Code, flagID)
	}
	if !flags.Flags[i].Open() {
		return nil, models.Errorf(models.EConflict, "flag %d of issue %s is already answered", flagID, iss.Code)
	}
	now := s.now()
	flags.Flags[i].Answer, flags.Flags[i].AnsweredBy, flags.Flags[i].AnsweredAt = answer, u.Name, &now
	if err := s.store.PutIssueFlags(ctx, flags); err != nil {
		return nil, err
	}
	idx, err := s.store.GetOpenFlags(ctx)
	if err != nil {
		return nil, err
	}
	keep := idx.Open[:0]
	for _, r := range idx.Open {
		if r.IssueID != iss.ID || r.FlagID != flagID {
			keep = append(keep, r)
		}
	}
	idx.Open = keep
	f := flags.Flags[i]
	return &f, s.store.PutOpenFlags(ctx, idx)
}

// OpenFlags lists the open flags the caller should see: a monitor those
// of their group, an official those on their department's issues,
// supervisors and admins all in their scope.
func (s *Service) OpenFlags(ctx context.Context, p models.Principal) ([]models.FlagRef, error) {
	u := p.User
	if u == nil {
		return nil, models.Errorf(models.EUnauthorized, "sign in")
	}
	idx, err := s.store.GetOpenFlags(ctx)
	if err != nil {
		return nil, err
	}
	out := []models.FlagRef{}
	for _, r := range idx.Open {
		var mine bool
		switch u.Role {
		case models.RoleMonitor:
			mine = r.Group == u.Ward
		case models.RoleOfficial:
			mine = r.Department == u.Department
		case models.RoleSupervisor:
			d, ok := s.Catalogue().Department(r.Department)
			mine = u.Ward == "" || ok && d.Ward == u.Ward
		case models.RoleAdmin:
			mine = true
		}
		if mine {
			out = append(out, r)
		}
	}
	return out, nil
}
