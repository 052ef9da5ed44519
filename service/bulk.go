package service

import (
	"context"
	"fmt"

	"github.com/civicdesk/civicdesk/models"
)

// bulkFiling is the bulk path that FilePastIssues and imports share: codes
// reserved in one step per ward and year, issues written a batch at a
// time, and their figures added up in memory and written once, at finish,
// one document per day touched.
//
// Counters and issues cannot be written in one transaction, so from its
// first write to finish the filing leaves a mark in the database
// (models.BulkFiling). A filing that stops in between (killed, a power
// cut, a database error) leaves the mark behind, and the next bulk filing,
// `civicdesk stats rebuild` or a start after an unclean stop recounts the
// figures from the issues: the issues a stopped filing wrote are counted
// exactly once, whichever write it stopped at.
type bulkFiling struct {
	s    *Service
	what string
	sum  *statsSum
	// marked: the mark is written; broken: a write failed, so what the
	// sum holds is not known to match what was stored.
	marked, broken bool
}

// startBulkFiling starts a bulk filing described by what (for the logs and
// the mark), first repairing the figures of one that stopped in between.
func (s *Service) startBulkFiling(ctx context.Context, what string) (*bulkFiling, error) {
	if err := s.repairInterruptedFiling(ctx); err != nil {
		return nil, err
	}
	return &bulkFiling{s: s, what: what, sum: newStatsSum()}, nil
}

// repairInterruptedFiling recounts the figures if a bulk filing left its
// mark behind; RepairStats clears the mark.
func (s *Service) repairInterruptedFiling(ctx context.Context) error {
	m, err := s.store.BulkFilingMark(ctx)
	switch models.ErrorCodeOf(err) {
	case models.ENotFound:
		return nil
	case "":
	default:
		return err
	}
	s.log.WarnContext(ctx, "a bulk filing stopped before counting its issues; recounting the figures from the issues",
		"filing", m.What, "started", m.Since)
	if _, err := s.recountFigures(ctx, "figures recounted after an interrupted bulk filing", "filing", m.What); err != nil {
		return fmt.Errorf("recount the figures after the interrupted %s: %w", m.What, err)
	}
	return nil
}

// reserveCodes gives a code to each issue that has none: the ward's (or
// the city's) prefix and the year of its filing, numbered from one
// reservation per prefix and year.
func (b *bulkFiling) reserveCodes(ctx context.Context, issues []*models.Issue) error {
	st := b.s.state()
	seqName := func(iss *models.Issue) (string, string, int) {
		prefix := st.cat.City.Prefix
		if w, ok := st.cat.Ward(iss.Location.WardCode); ok {
			prefix = w.Prefix
		}
		yy := iss.CreatedAt.In(st.cal.Location()).Year() % 100
		return fmt.Sprintf("issue:%s:%02d", prefix, yy), prefix, yy
	}
	counts := map[string]int{}
	for _, iss := range issues {
		if iss.ID == "" {
			name, _, _ := seqName(iss)
			counts[name]++
		}
	}
	next := map[string]int64{}
	for name, n := range counts {
		last, err := b.s.store.ReserveSequence(ctx, name, int64(n))
		if err != nil {
			return err
		}
		next[name] = last - int64(n) + 1
	}
	for _, iss := range issues {
		if iss.ID != "" {
			continue
		}
		name, prefix, yy := seqName(iss)
		iss.ID = fmt.Sprintf("%s-%02d-%05d", prefix, yy, next[name])
		iss.Code = iss.ID
		next[name]++
	}
	return nil
}

// mark writes the mark before the filing's first write.
func (b *bulkFiling) mark(ctx context.Context) error {
	if b.marked {
		return nil
	}
	if err := b.s.store.MarkBulkFiling(ctx, models.BulkFiling{What: b.what, Since: b.s.now()}); err != nil {
		return err
	}
	b.marked = true
	return nil
}

// write stores issues that have their codes, in one bulk insert, and adds
// what they contribute to the figures to the sum. A failed write leaves
// the filing broken: finish then recounts instead of adding.
func (b *bulkFiling) write(ctx context.Context, issues []*models.Issue) error {
	if len(issues) == 0 {
		return nil
	}
	if err := b.mark(ctx); err != nil {
		return err
	}
	// Not cancelled half-way: a batch takes well under a second, and an
	// interrupted insert leaves the filing broken for nothing.
	if err := b.s.store.InsertIssues(context.WithoutCancel(ctx), issues); err != nil {
		b.broken = true
		return err
	}
	for _, iss := range issues {
		// What a recount would find: received on its own day, open and
		// overdue as it is now.
		for _, d := range rebuildDeltas(iss, b.s.localDay, b.s.departmentLevel) {
			b.sum.add(d)
		}
	}
	return nil
}

// finish adds the figures of every issue written and removes the mark; a
// broken filing recounts them from the issues instead. It runs even when
// ctx is cancelled: stopping an import must not leave its figures short.
func (b *bulkFiling) finish(ctx context.Context) error {
	if !b.marked {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	if b.broken {
		return b.s.repairInterruptedFiling(ctx)
	}
	days, gauges := b.sum.result()
	if err := b.s.store.AddStats(ctx, days, gauges); err != nil {
		// Some days may be added, others not: the mark stays, and the next
		// bulk filing recounts.
		return fmt.Errorf("add the figures of the %s: %w", b.what, err)
	}
	b.marked = false
	return b.s.store.ClearBulkFiling(ctx)
}
