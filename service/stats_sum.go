package service

import (
	"sort"
	"strconv"

	"github.com/civicdesk/civicdesk/models"
)

// statsSum adds up statistics deltas in memory, the way ApplyStats adds
// them up in the database, so a rebuild or a bulk import writes each day
// once instead of once per issue.
type statsSum struct {
	days   map[string]*models.StatsDay
	gauges map[string]models.GaugeCounts
}

func newStatsSum() *statsSum {
	return &statsSum{days: map[string]*models.StatsDay{}, gauges: map[string]models.GaugeCounts{}}
}

func (s *statsSum) add(d models.StatsDelta) {
	key := d.Cell.Key()
	if d.Received != 0 || d.Resolved != 0 || d.ResolvedOnTime != 0 || d.Responded != 0 || d.Reopened != 0 || d.ResponseBucket >= 0 || d.ResolutionBucket >= 0 {
		day := s.days[d.Day]
		if day == nil {
			day = &models.StatsDay{Day: d.Day, Cells: map[string]models.DayCounts{}}
			s.days[d.Day] = day
		}
		c := day.Cells[key]
		c.StatsCell = d.Cell
		c.Received += d.Received
		c.Resolved += d.Resolved
		c.ResolvedOnTime += d.ResolvedOnTime
		c.Responded += d.Responded
		c.Reopened += d.Reopened
		if d.ResponseBucket >= 0 {
			if c.ResponseHist == nil {
				c.ResponseHist = map[string]int64{}
			}
			c.ResponseHist["b"+strconv.Itoa(d.ResponseBucket)]++
		}
		if d.ResolutionBucket >= 0 {
			if c.ResolutionHist == nil {
				c.ResolutionHist = map[string]int64{}
			}
			c.ResolutionHist["b"+strconv.Itoa(d.ResolutionBucket)]++
		}
		day.Cells[key] = c
	}
	if d.Open != 0 || d.Overdue != 0 {
		g := s.gauges[key]
		g.StatsCell = d.Cell
		g.Open += d.Open
		g.Overdue += d.Overdue
		s.gauges[key] = g
	}
}

// result returns the day documents in date order and the gauges.
func (s *statsSum) result() ([]models.StatsDay, map[string]models.GaugeCounts) {
	days := make([]models.StatsDay, 0, len(s.days))
	for _, d := range s.days {
		days = append(days, *d)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].Day < days[j].Day })
	return days, s.gauges
}
