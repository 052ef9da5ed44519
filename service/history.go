package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/routing"
)

// PastIssue is an issue that was filed, and perhaps answered and
// resolved, before it reaches civicdesk: a benchmark's data or a
// backlog's history. Times are when things happened.
type PastIssue struct {
	Title, Description, Category, Ward, Address string
	Reporter                                    models.Reporter
	FiledAt                                     time.Time
	// AnsweredAt and ResolvedAt are set for issues that got that far.
	AnsweredAt, ResolvedAt *time.Time
	Answer, Resolution     string
}

// FilePastIssues stores many past issues through the bulk path
// (bulkFiling): each is validated, routed and given its deadlines as it
// would have been when filed, with the events of its life on its
// timeline; deadlines already passed are marked overdue as of now. Nothing
// is stored unless every one is valid. It returns the codes.
func (s *Service) FilePastIssues(ctx context.Context, in []PastIssue) ([]string, error) {
	st := s.state()
	now := s.now()
	issues := make([]*models.Issue, 0, len(in))
	for i, p := range in {
		iss, err := s.pastIssue(st, p, now)
		if err != nil {
			return nil, fmt.Errorf("issue %d: %w", i+1, err)
		}
		issues = append(issues, iss)
	}
	b, err := s.startBulkFiling(ctx, fmt.Sprintf("filing of %d past issues", len(in)))
	if err != nil {
		return nil, err
	}
	if err := b.reserveCodes(ctx, issues); err != nil {
		return nil, err
	}
	const batch = 1000
	for i := 0; i < len(issues); i += batch {
		if err := ctx.Err(); err != nil {
			return nil, errors.Join(err, b.finish(ctx))
		}
		if err := b.write(ctx, issues[i:min(i+batch, len(issues))]); err != nil {
			return nil, errors.Join(err, b.finish(ctx))
		}
	}
	codes := make([]string, len(issues))
	for i, iss := range issues {
		codes[i] = iss.Code
	}
	return codes, b.finish(ctx)
}

// pastIssue builds one past issue as CreateIssue, the answer and the
// resolution would have left it.
func (s *Service) pastIssue(st *catalogueState, p PastIssue, now time.Time) (*models.Issue, error) {
	probs := models.Problems{}
	title := models.CleanText(probs, "title", p.Title, models.MinTitleLen, models.MaxTitleLen)
	desc := models.CleanText(probs, "description", p.Description, 1, models.MaxDescriptionLen)
	cat, ok := st.cat.Category(p.Category)
	if !ok {
		probs.Add("category", "unknown category %q", p.Category)
	}
	if _, ok := st.cat.Ward(p.Ward); !ok {
		probs.Add("ward", "unknown ward %q", p.Ward)
	}
	if p.FiledAt.IsZero() || p.FiledAt.After(now) {
		probs.Add("filed_at", "must be a time in the past")
	}
	if p.ResolvedAt != nil && (p.ResolvedAt.Before(p.FiledAt) || p.ResolvedAt.After(now)) {
		probs.Add("resolved_at", "must be between the filing and now")
	}
	if err := probs.Err("the issue"); err != nil {
		return nil, err
	}
	if !p.Reporter.Kind.Valid() {
		p.Reporter.Kind = models.ReporterImported
	}
	if !p.Reporter.Channel.Valid() {
		p.Reporter.Channel = models.ChannelImport
	}
	dec, err := routing.Route(st.cat, routing.Input{Category: p.Category, Ward: p.Ward, ReporterKind: p.Reporter.Kind})
	if err != nil {
		return nil, err
	}
	at := p.FiledAt
	iss := &models.Issue{
		Version: 1, Title: title, Description: desc, Category: p.Category,
		Location: models.Location{Address: p.Address, WardCode: p.Ward}, Reporter: p.Reporter, Status: models.StatusRouted,
		Routing:   firstRouting(dec),
		CreatedAt: at, UpdatedAt: at, SearchText: models.Fold(title + " " + desc),
	}
	startClocks(&iss.SLA, st, cat, at, true)
	addEvent(iss, at, models.EventCreated, models.Actor{Kind: models.ActorResident}, "", string(models.StatusNew), "", true)
	addEvent(iss, at, models.EventRouted, models.SystemActor, "", dec.Department, dec.ExplainVI, true)
	office := models.Actor{Kind: models.ActorOfficial, ID: dec.Department, Name: dec.Department}
	if p.AnsweredAt != nil {
		iss.Status = models.StatusInProgress
		markResponded(iss, st, *p.AnsweredAt)
		addEvent(iss, *p.AnsweredAt, models.EventAnswered, office, "", "", p.Answer, true)
		iss.UpdatedAt = *p.AnsweredAt
	}
	if p.ResolvedAt != nil {
		if iss.SLA.FirstResponseAt == nil {
			markResponded(iss, st, *p.ResolvedAt)
		}
		markResolved(iss, st, *p.ResolvedAt)
		iss.Status = models.StatusResolved
		iss.ResolvedAt = p.ResolvedAt
		iss.Resolution = p.Resolution
		addEvent(iss, *p.ResolvedAt, models.EventResolved, office, string(models.StatusInProgress), string(models.StatusResolved), p.Resolution, true)
		iss.UpdatedAt = *p.ResolvedAt
	}
	s.markOverdue(iss, now)
	setDueSort(iss)
	return iss, nil
}
