package models

// Statistics are kept as counters updated on every transition, so reading
// them costs the same with ten issues or ten million: day documents hold
// per-cell counters, one gauges document holds what is open and overdue now.

// StatsCell identifies one cell of the figures.
type StatsCell struct {
	Department string `bson:"department" json:"department"`
	Ward       string `bson:"ward" json:"ward"`
	Level      Level  `bson:"level" json:"level"`
	Category   string `bson:"category" json:"category"`
}

// Key is the cell's field name in the counter documents. Catalogue codes
// never contain '~', '.' or '$' (models.IsCode), so the key is safe as a
// MongoDB field name.
func (c StatsCell) Key() string {
	w := c.Ward
	if w == "" {
		w = "_"
	}
	return c.Department + "~" + w + "~" + c.Category
}

// DurationBuckets are the upper bounds, in working hours, of the histogram
// buckets used for median times; the last bucket is open-ended.
var DurationBuckets = []float64{1, 2, 4, 8, 16, 24, 40, 60, 80, 120, 160, 240, 400}

// BucketOf returns the histogram bucket of a duration in working hours.
func BucketOf(hours float64) int {
	for i, ub := range DurationBuckets {
		if hours <= ub {
			return i
		}
	}
	return len(DurationBuckets)
}

// DayCounts are the counters of one cell on one day.
type DayCounts struct {
	StatsCell      `bson:",inline"`
	Received       int64            `bson:"received"`
	Resolved       int64            `bson:"resolved"`
	ResolvedOnTime int64            `bson:"resolved_on_time"`
	Responded      int64            `bson:"responded"`
	Reopened       int64            `bson:"reopened"`
	ResponseHist   map[string]int64 `bson:"response_hist,omitempty"`
	ResolutionHist map[string]int64 `bson:"resolution_hist,omitempty"`
}

// StatsDay is the counter document of one day (YYYY-MM-DD, local time).
type StatsDay struct {
	Day   string               `bson:"_id"`
	Cells map[string]DayCounts `bson:"cells"`
}

// GaugeCounts are the "now" figures of one cell.
type GaugeCounts struct {
	StatsCell `bson:",inline"`
	Open      int64 `bson:"open"`
	Overdue   int64 `bson:"overdue"`
}

// StatsDelta is what one issue change adds to the figures.
type StatsDelta struct {
	Day            string
	Cell           StatsCell
	Received       int64
	Resolved       int64
	ResolvedOnTime int64
	Responded      int64
	Reopened       int64
	// ResponseBucket and ResolutionBucket are histogram buckets to add one
	// to, or -1.
	ResponseBucket   int
	ResolutionBucket int
	// Retract takes one away from the histogram buckets instead of adding
	// one: a reopened issue's earlier resolution no longer counts (#10).
	Retract bool
	Open    int64
	Overdue int64
}

// Empty reports whether the delta changes nothing.
func (d StatsDelta) Empty() bool {
	return d.Received == 0 && d.Resolved == 0 && d.ResolvedOnTime == 0 && d.Responded == 0 &&
		d.Reopened == 0 && d.ResponseBucket < 0 && d.ResolutionBucket < 0 && d.Open == 0 && d.Overdue == 0
}

// Figures are the numbers a ward reports, for one group of cells.
type Figures struct {
	Group          StatsCell `json:"group"`
	Received       int64     `json:"received"`
	Resolved       int64     `json:"resolved"`
	ResolvedOnTime int64     `json:"resolved_on_time"`
	ResolvedLate   int64     `json:"resolved_late"`
	Reopened       int64     `json:"reopened"`
	OpenNow        int64     `json:"open_now"`
	OverdueNow     int64     `json:"overdue_now"`
	// OnTimeRate is resolved on time / resolved, 0..1 (0 when nothing was resolved).
	OnTimeRate float64 `json:"on_time_rate"`
	// OverdueRate is (resolved late + overdue now) / (resolved + open now).
	OverdueRate float64 `json:"overdue_rate"`
	// Median working hours, estimated from histograms; nil when no data.
	MedianResponseHours   *float64 `json:"median_response_hours"`
	MedianResolutionHours *float64 `json:"median_resolution_hours"`
}
