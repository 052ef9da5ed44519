package open311

import (
	"strings"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// window is the longest date range the spec allows in one query, and the
// default range when no dates are given.
const window = 90 * 24 * time.Hour

// instant is a start_date or end_date as given.
type instant struct {
	at time.Time
	// dateOnly marks "2026-11-23", which as an end date means the whole day.
	dateOnly bool
}

// dateLayouts are the W3C date-time profile's forms that carry a full date.
// Offsets are required by the spec; a time without one is taken as local
// time rather than refused, since the intent is plain.
var dateLayouts = []struct {
	layout   string
	dateOnly bool
	local    bool
}{
	{time.RFC3339, false, false}, // fractional seconds are accepted too
	{"2006-01-02T15:04Z07:00", false, false},
	{"2006-01-02T15:04:05", false, true},
	{"2006-01-02T15:04", false, true},
	{time.DateOnly, true, true},
}

// parseDate reads a W3C date-time. A "+" in an offset often arrives as a
// space because the client did not encode it; no valid value has spaces.
func parseDate(probs models.Problems, field, s string, loc *time.Location) *instant {
	if s == "" {
		return nil
	}
	s = strings.ReplaceAll(s, " ", "+")
	for _, l := range dateLayouts {
		var t time.Time
		var err error
		if l.local {
			t, err = time.ParseInLocation(l.layout, s, loc)
		} else {
			t, err = time.Parse(l.layout, s)
		}
		if err == nil {
			return &instant{at: t, dateOnly: l.dateOnly}
		}
	}
	probs.Add(field, "%q is not a W3C date-time such as 2026-11-23T09:00:00+07:00", s)
	return nil
}

// dateRange turns start_date and end_date into the created-at range
// [from, to). The end date is inclusive in the spec, so "to" is just after
// it: the next millisecond (the database's precision) or, for a bare date,
// the next midnight. With no dates the range is the last 90 days; with one
// date it is the 90 days after the start or before the end.
func dateRange(start, end *instant, now time.Time) (from, to *time.Time, err error) {
	var endExcl time.Time
	if end != nil {
		endExcl = end.at.Add(time.Millisecond)
		if end.dateOnly {
			endExcl = end.at.AddDate(0, 0, 1)
		}
	}
	switch {
	case start == nil && end == nil:
		f := now.Add(-window)
		return &f, nil, nil
	case end == nil:
		t := start.at.Add(window)
		return &start.at, &t, nil
	case start == nil:
		f := endExcl.Add(-window)
		return &f, &endExcl, nil
	}
	if !endExcl.After(start.at) {
		return nil, nil, models.Invalidf("end_date", "must be after start_date")
	}
	if end.at.Sub(start.at) > window {
		return nil, nil, models.Invalidf("end_date", "start_date and end_date may not span more than 90 days")
	}
	return &start.at, &endExcl, nil
}
