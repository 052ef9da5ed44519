package service

import (
	"context"
	"strconv"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// RecountFigures computes the figures Figures would give, but from the
// issues themselves (what `civicdesk stats rebuild` would store), without
// touching the counters. It reads every issue, so it is for checks and
// tests, not for serving (#10).
//
// Reopenings are not part of the recount: an issue keeps only how many
// times it was reopened, not when, so Reopened is always 0 here.
func (s *Service) RecountFigures(ctx context.Context, q StatsQuery) ([]models.Figures, error) {
	if err := s.checkStatsQuery(&q); err != nil {
		return nil, err
	}
	from, to := q.From.Format(time.DateOnly), q.To.Format(time.DateOnly)
	days := map[string]*models.StatsDay{}
	gauges := map[string]models.GaugeCounts{}
	err := s.store.EachIssue(ctx, func(iss *models.Issue) error {
		for _, d := range rebuildDeltas(iss, s.localDay, s.departmentLevel) {
			key := d.Cell.Key()
			if d.Open != 0 || d.Overdue != 0 {
				g := gauges[key]
				g.StatsCell = d.Cell
				g.Open += d.Open
				g.Overdue += d.Overdue
				gauges[key] = g
			}
			if d.Day < from || d.Day > to {
				continue
			}
			day := days[d.Day]
			if day == nil {
				day = &models.StatsDay{Day: d.Day, Cells: map[string]models.DayCounts{}}
				days[d.Day] = day
			}
			c := day.Cells[key]
			c.StatsCell = d.Cell
			c.Received += d.Received
			c.Resolved += d.Resolved
			c.ResolvedOnTime += d.ResolvedOnTime
			c.Responded += d.Responded
			c.ResponseHist = addBucket(c.ResponseHist, d.ResponseBucket)
			c.ResolutionHist = addBucket(c.ResolutionHist, d.ResolutionBucket)
			day.Cells[key] = c
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	list := make([]models.StatsDay, 0, len(days))
	for _, d := range days {
		list = append(list, *d)
	}
	return figuresOf(q, list, gauges), nil
}

func addBucket(h map[string]int64, b int) map[string]int64 {
	if b < 0 {
		return h
	}
	if h == nil {
		h = map[string]int64{}
	}
	h["b"+strconv.Itoa(b)]++
	return h
}
