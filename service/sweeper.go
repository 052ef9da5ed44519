package service

import (
	"context"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/routing"
)

// Sweep marks issues whose deadlines have passed as overdue, records it on
// their timelines and escalates ward issues to the city when the catalogue
// says so. It is idempotent: an issue already marked is left alone, and
// two processes sweeping at once cannot both mark one issue, because every
// change goes through the issue's version check. It returns how many
// issues it changed.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	now := s.now()
	due, err := s.store.DueDeadlines(ctx, now, 500)
	if err != nil {
		return 0, err
	}
	changed := 0
	for _, d := range due {
		ok, err := s.sweepIssue(ctx, d.IssueID)
		if err != nil {
			if ctx.Err() != nil {
				return changed, err
			}
			s.log.ErrorContext(ctx, "sweeper: cannot update issue", "issue", d.Code, "err", err)
			continue
		}
		if ok {
			changed++
		}
	}
	// A peer instance that died (MongoDB) may have left counters short.
	if _, _, err := s.RecountAfterUncleanStops(ctx); err != nil && ctx.Err() == nil {
		s.log.WarnContext(ctx, "sweeper: cannot recount the figures after an unclean stop", "err", err)
	}
	// Housekeeping of collections that have no TTL index on the embedded
	// database. Each prune reads its whole collection there (holding the
	// one connection), so it runs once an hour, not at every sweep.
	if last := s.lastHousekeeping.Load(); last != 0 && now.Sub(time.Unix(0, last)) < housekeepingEvery {
		return changed, nil
	}
	s.lastHousekeeping.Store(now.UnixNano())
	if err := s.store.DeleteIdempotentBefore(ctx, now.Add(-24*time.Hour)); err != nil {
		s.log.WarnContext(ctx, "sweeper: cannot prune idempotency keys", "err", err)
	}
	if err := s.store.DeleteSentNotificationsBefore(ctx, now.Add(-30*24*time.Hour)); err != nil {
		s.log.WarnContext(ctx, "sweeper: cannot prune outbox", "err", err)
	}
	if err := s.store.DeleteExpiredSessions(ctx, now); err != nil {
		s.log.WarnContext(ctx, "sweeper: cannot prune sessions", "err", err)
	}
	return changed, nil
}

// housekeepingEvery is how often the sweeper prunes expired records.
const housekeepingEvery = time.Hour

func (s *Service) sweepIssue(ctx context.Context, id string) (bool, error) {
	unlock := s.issueLocks.Lock(id)
	defer unlock()
	for attempt := 0; attempt < 20; attempt++ {
		iss, err := s.store.GetIssueHead(ctx, id)
		if models.ErrorCodeOf(err) == models.ENotFound {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		old := *iss
		now := s.now()
		if !s.markOverdue(iss, now) {
			return false, nil // changed since the list was read
		}
		iss.Version = old.Version + 1
		iss.UpdatedAt = now
		setDueSort(iss)
		err = s.store.ReplaceIssue(ctx, iss, old.Version)
		if models.ErrorCodeOf(err) == models.EConflict {
			continue
		}
		if err != nil {
			return false, err
		}
		s.afterChange(ctx, &old, iss)
		return true, nil
	}
	return false, models.Errorf(models.EConflict, "issue kept changing while the sweeper tried to update it")
}

// markOverdue applies passed deadlines to iss; it reports whether anything changed.
func (s *Service) markOverdue(iss *models.Issue, now time.Time) bool {
	if !iss.Open() {
		return false
	}
	st := s.state()
	sla := &iss.SLA
	changed := false
	if sla.FirstResponseAt == nil && !sla.ResponseOverdue && sla.ResponseDue != nil && !now.Before(*sla.ResponseDue) {
		sla.ResponseOverdue = true
		addEvent(iss, now, models.EventResponseOverdue, models.SystemActor, "", iss.Routing.Department, "", true)
		changed = true
	}
	if sla.PausedAt == nil && !sla.ResolutionOverdue && sla.ResolutionDue != nil && !now.Before(*sla.ResolutionDue) {
		sla.ResolutionOverdue = true
		addEvent(iss, now, models.EventResolutionOverdue, models.SystemActor, "", iss.Routing.Department, "", true)
		changed = true
		if st.cat.Escalation.AutoEscalateToCity && iss.Routing.Level == models.LevelWard {
			s.autoEscalate(iss, st, now)
		}
	}
	return changed
}

// autoEscalate moves an overdue ward issue to the city department.
func (s *Service) autoEscalate(iss *models.Issue, st *catalogueState, now time.Time) {
	d, err := routing.Escalate(st.cat, iss.Category, iss.Routing.Department)
	if err != nil {
		s.log.Warn("sweeper: cannot escalate overdue issue", "issue", iss.Code, "err", err)
		return
	}
	cat, _ := st.cat.Category(iss.Category)
	from := iss.Routing.Department
	msg := "Quá hạn giải quyết ở cấp phường, tự động chuyển lên cấp thành phố. / Overdue at ward level, escalated to the city automatically."
	if err := s.reroute(iss, st, cat, d, models.EventEscalated, models.SystemActor, msg, st.cat.Escalation.RestartClockOnEscalation, now); err != nil {
		s.log.Warn("sweeper: cannot escalate overdue issue", "issue", iss.Code, "err", err)
		return
	}
	iss.Routing.EscalatedFrom = from
}

// RunSweeper sweeps every interval until ctx ends. Several processes may
// run it; a lease makes one of them do the work at a time.
func (s *Service) RunSweeper(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		now := s.now()
		ok, err := s.store.TryLock(ctx, "sweeper", s.cfg.InstanceID, now, now.Add(interval*3))
		switch {
		case err != nil:
			s.log.WarnContext(ctx, "sweeper: cannot take lease", "err", err)
		case ok:
			if n, err := s.Sweep(ctx); err != nil {
				s.log.WarnContext(ctx, "sweeper failed", "err", err)
			} else if n > 0 {
				s.log.InfoContext(ctx, "sweeper marked overdue issues", "count", n)
			}
			if err := s.RefreshCatalogue(ctx); err != nil && ctx.Err() == nil {
				s.log.WarnContext(ctx, "cannot refresh catalogue", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
