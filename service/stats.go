package service

import (
	"context"
	"sort"
	"strconv"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// StatsQuery selects the figures to report.
type StatsQuery struct {
	// From and To are local dates (inclusive); zero means the last 30 days.
	From, To time.Time
	// GroupBy is any of "department", "ward", "level", "category"; empty
	// gives one total.
	GroupBy    []string
	Department string
	Ward       string
	Level      models.Level
	Category   string
}

// MaxStatsDays bounds a statistics period.
const MaxStatsDays = 3 * 366

// Figures returns received, resolved, on-time and overdue figures with
// rates and median times, grouped as asked. It reads one counter document
// a day and one gauges document, never the issues.
func (s *Service) Figures(ctx context.Context, q StatsQuery) ([]models.Figures, error) {
	if err := s.checkStatsQuery(&q); err != nil {
		return nil, err
	}
	days, err := s.store.StatsDays(ctx, q.From.Format(time.DateOnly), q.To.Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	gauges, err := s.store.StatsGauges(ctx)
	if err != nil {
		return nil, err
	}
	return figuresOf(q, days, gauges), nil
}

// figuresOf groups and totals the counters of days and the gauges.
func figuresOf(q StatsQuery, days []models.StatsDay, gauges map[string]models.GaugeCounts) []models.Figures {
	type acc struct {
		f              models.Figures
		respH, resolvH []int64
	}
	groups := map[models.StatsCell]*acc{}
	get := func(c models.StatsCell) *acc {
		g := groupKey(c, q.GroupBy)
		a := groups[g]
		if a == nil {
			n := len(models.DurationBuckets) + 1
			a = &acc{f: models.Figures{Group: g}, respH: make([]int64, n), resolvH: make([]int64, n)}
			groups[g] = a
		}
		return a
	}
	for _, d := range days {
		for _, c := range d.Cells {
			if !q.matches(c.StatsCell) {
				continue
			}
			a := get(c.StatsCell)
			a.f.Received += c.Received
			a.f.Resolved += c.Resolved
			a.f.ResolvedOnTime += c.ResolvedOnTime
			a.f.Reopened += c.Reopened
			addHist(a.respH, c.ResponseHist)
			addHist(a.resolvH, c.ResolutionHist)
		}
	}
	for _, g := range gauges {
		if !q.matches(g.StatsCell) || (g.Open == 0 && g.Overdue == 0) {
			continue
		}
		a := get(g.StatsCell)
		a.f.OpenNow += g.Open
		a.f.OverdueNow += g.Overdue
	}
	out := make([]models.Figures, 0, len(groups))
	for _, a := range groups {
		f := a.f
		f.ResolvedLate = f.Resolved - f.ResolvedOnTime
		if f.Resolved > 0 {
			f.OnTimeRate = float64(f.ResolvedOnTime) / float64(f.Resolved)
		}
		if den := f.Resolved + f.OpenNow; den > 0 {
			f.OverdueRate = float64(f.ResolvedLate+f.OverdueNow) / float64(den)
		}
		f.MedianResponseHours = medianHours(a.respH)
		f.MedianResolutionHours = medianHours(a.resolvH)
		out = append(out, f)
	}
	if len(out) == 0 && len(q.GroupBy) == 0 {
		out = append(out, models.Figures{})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Group.Key()+string(out[i].Group.Level) < out[j].Group.Key()+string(out[j].Group.Level)
	})
	return out
}

func (s *Service) checkStatsQuery(q *StatsQuery) error {
	loc := s.Calendar().Location()
	today := s.now().In(loc)
	if q.To.IsZero() {
		q.To = today
	}
	if q.From.IsZero() {
		q.From = q.To.AddDate(0, 0, -29)
	}
	p := models.Problems{}
	if q.To.Before(q.From) {
		p.Add("to", "must not be before from")
	}
	if q.To.Sub(q.From) > MaxStatsDays*24*time.Hour {
		p.Add("from", "the period can be at most %d days", MaxStatsDays)
	}
	for _, g := range q.GroupBy {
		switch g {
		case "department", "ward", "level", "category":
		default:
			p.Add("group_by", "unknown grouping %q: use department, ward, level or category", g)
		}
	}
	c := s.Catalogue()
	if q.Department != "" {
		if _, ok := c.Department(q.Department); !ok {
			p.Add("department", "unknown department %q", q.Department)
		}
	}
	if q.Ward != "" {
		if _, ok := c.Ward(q.Ward); !ok {
			p.Add("ward", "unknown ward %q", q.Ward)
		}
	}
	if q.Category != "" {
		if _, ok := c.Category(q.Category); !ok {
			p.Add("category", "unknown category %q", q.Category)
		}
	}
	if q.Level != "" && !q.Level.Valid() {
		p.Add("level", "must be ward or city")
	}
	return p.Err("the statistics query")
}

func (q StatsQuery) matches(c models.StatsCell) bool {
	return (q.Department == "" || c.Department == q.Department) &&
		(q.Ward == "" || c.Ward == q.Ward) &&
		(q.Level == "" || c.Level == q.Level) &&
		(q.Category == "" || c.Category == q.Category)
}

func groupKey(c models.StatsCell, by []string) models.StatsCell {
	var g models.StatsCell
	for _, f := range by {
		switch f {
		case "department":
			g.Department = c.Department
		case "ward":
			g.Ward = c.Ward
		case "level":
			g.Level = c.Level
		case "category":
			g.Category = c.Category
		}
	}
	return g
}

func addHist(dst []int64, src map[string]int64) {
	for k, v := range src {
		if len(k) < 2 {
			continue
		}
		i, err := strconv.Atoi(k[1:])
		if err == nil && i >= 0 && i < len(dst) {
			dst[i] += v
		}
	}
}

// medianHours estimates the median from a histogram by linear
// interpolation inside the bucket holding the middle value.
func medianHours(h []int64) *float64 {
	var total int64
	for _, n := range h {
		total += n
	}
	if total == 0 {
		return nil
	}
	half := float64(total) / 2
	var cum float64
	for i, n := range h {
		if n == 0 {
			continue
		}
		if cum+float64(n) >= half {
			lo := 0.0
			if i > 0 {
				lo = models.DurationBuckets[i-1]
			}
			hi := lo * 1.5 // the open-ended last bucket
			if i < len(models.DurationBuckets) {
				hi = models.DurationBuckets[i]
			}
			m := lo + (hi-lo)*(half-cum)/float64(n)
			return &m
		}
		cum += float64(n)
	}
	return nil
}

// RebuildStats recomputes every counter from the issues. Run it (with
// `civicdesk stats rebuild`) after restoring a backup or if a process died
// between saving an issue and counting it; other writers should be stopped.
func (s *Service) RebuildStats(ctx context.Context) error {
	_, err := s.RepairStats(ctx)
	return err
}

// StatsRepair says what a recount changed: counter totals over every day
// the issues touch, before and after.
type StatsRepair struct {
	Issues                        int
	ReceivedBefore, ReceivedAfter int64
	ResolvedBefore, ResolvedAfter int64
	Days                          int
	DaysChanged                   int
}

// RepairStats recounts every counter from the issues, like RebuildStats,
// and reports what changed; start-up runs it after an unclean stop, a bulk
// filing after one that stopped in between.
func (s *Service) RepairStats(ctx context.Context) (StatsRepair, error) {
	var rep StatsRepair
	sum := newStatsSum()
	err := s.store.EachIssue(ctx, func(iss *models.Issue) error {
		rep.Issues++
		for _, d := range rebuildDeltas(iss, s.localDay, s.departmentLevel) {
			sum.add(d)
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	days, gauges := sum.result()
	rep.Days = len(days)
	if len(days) > 0 {
		old, err := s.store.StatsDays(ctx, days[0].Day, days[len(days)-1].Day)
		if err != nil {
			return rep, err
		}
		before := map[string]models.StatsDay{}
		for _, d := range old {
			before[d.Day] = d
			for _, c := range d.Cells {
				rep.ReceivedBefore += c.Received
				rep.ResolvedBefore += c.Resolved
			}
		}
		for _, d := range days {
			for _, c := range d.Cells {
				rep.ReceivedAfter += c.Received
				rep.ResolvedAfter += c.Resolved
			}
			if !sameCounts(before[d.Day], d) {
				rep.DaysChanged++
			}
		}
	}
	if err := s.store.PutStats(ctx, days, gauges); err != nil {
		return rep, err
	}
	// The figures are a recount now: an interrupted bulk filing's issues
	// are in them (see bulkFiling).
	return rep, s.store.ClearBulkFiling(ctx)
}

func sameCounts(a, b models.StatsDay) bool {
	if len(a.Cells) != len(b.Cells) {
		return false
	}
	for k, x := range a.Cells {
		y, ok := b.Cells[k]
		if !ok || x.Received != y.Received || x.Resolved != y.Resolved || x.ResolvedOnTime != y.ResolvedOnTime || x.Responded != y.Responded || x.Reopened != y.Reopened {
			return false
		}
	}
	return true
}

// rebuildDeltas is what the issue contributed over its life, each part on
// the day it happened. Received counts under the first department, at
// that department's level (an escalated issue was received by the ward).
func rebuildDeltas(iss *models.Issue, day func(time.Time) string, levelOf func(string) (models.Level, bool)) []models.StatsDelta {
	none := func(d string, c models.StatsCell) models.StatsDelta {
		return models.StatsDelta{Day: d, Cell: c, ResponseBucket: -1, ResolutionBucket: -1}
	}
	cur := cellOf(iss)
	first := cur
	first.Department = iss.Routing.FirstDepartment
	if l, ok := levelOf(first.Department); ok {
		first.Level = l
	}
	rec := none(day(iss.CreatedAt), first)
	rec.Received = 1
	out := []models.StatsDelta{rec}
	if t := iss.SLA.FirstResponseAt; t != nil {
		d := none(day(*t), cur)
		d.Responded = 1
		d.ResponseBucket = models.BucketOf(hoursOf(iss.SLA.ResponseWorking))
		out = append(out, d)
	}
	if t := iss.ResolvedAt; t != nil && (iss.Status == models.StatusResolved || iss.Status == models.StatusClosed) {
		d := none(day(*t), cur)
		d.Resolved = 1
		if iss.SLA.ResolvedOnTime != nil && *iss.SLA.ResolvedOnTime {
			d.ResolvedOnTime = 1
		}
		d.ResolutionBucket = models.BucketOf(hoursOf(iss.SLA.ResolutionWorking))
		out = append(out, d)
	}
	if open, over := gauge(iss); open > 0 {
		d := none(day(iss.CreatedAt), cur)
		d.Open, d.Overdue = open, over
		out = append(out, d)
	}
	return out
}

// departmentLevel is the level of a department in the current catalogue.
func (s *Service) departmentLevel(code string) (models.Level, bool) {
	d, ok := s.Catalogue().Department(code)
	return d.Level, ok
}
