package service

import (
	"context"
)

// RecountAfterUncleanStops recounts the figures when the store reports a
// process that died without closing the database (kill -9, a power cut,
// a crashed MongoDB instance): the counters are written after the issue,
// so that process may have stored changes it never counted. It reports
// whether it recounted and what changed. Start-up calls it before
// serving, and the sweeper at every pass, which is how a running instance
// notices a peer that died.
//
// A recount that fails is retried at the next call: the unclean stop is
// remembered until a recount succeeds.
func (s *Service) RecountAfterUncleanStops(ctx context.Context) (StatsRepair, bool, error) {
	n, err := s.store.TakeUncleanStops(ctx)
	if err != nil {
		return StatsRepair{}, false, err
	}
	if n == 0 && !s.recountOwed.Load() {
		return StatsRepair{}, false, nil
	}
	s.recountOwed.Store(true)
	rep, err := s.recountFigures(ctx, "figures recounted from the issues after an unclean stop", "unclean_stops", n)
	if err != nil {
		return rep, false, err
	}
	s.recountOwed.Store(false)
	return rep, true, nil
}

// recountFigures recounts every counter from the issues (RepairStats) and
// logs msg with what changed; the recoveries from a crash or an
// interrupted bulk filing end here.
func (s *Service) recountFigures(ctx context.Context, msg string, attrs ...any) (StatsRepair, error) {
	rep, err := s.RepairStats(ctx)
	if err != nil {
		return rep, err
	}
	s.log.InfoContext(ctx, msg, append(attrs, "issues", rep.Issues, "days_changed", rep.DaysChanged,
		"received_before", rep.ReceivedBefore, "received_after", rep.ReceivedAfter,
		"resolved_before", rep.ResolvedBefore, "resolved_after", rep.ResolvedAfter)...)
	return rep, nil
}
