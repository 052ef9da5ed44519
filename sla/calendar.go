package sla

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	// The zone database is embedded so deadlines come out right on servers
	// and containers without /usr/share/zoneinfo (about 450 KB of binary).
	_ "time/tzdata"

	"github.com/civicdesk/civicdesk/models"
)

// DefaultTimeZone is used when the catalogue names none: civicdesk serves
// Vietnamese local government.
const DefaultTimeZone = "Asia/Ho_Chi_Minh"

// maxIdleDays bounds every search for the next working time. Weekdays are
// working days unless listed as holidays, so a valid calendar always has one
// within a few weeks; the bound only keeps a pathological calendar (years of
// holidays) from looping for ever.
const maxIdleDays = 3653 // ten years

// Calendar is the working-time calendar of the offices.
type Calendar struct {
	loc         *time.Location
	shifts      []shift
	holidays    map[day]bool
	workingDays map[day]bool // make-up working days, usually Saturdays
}

// shift is a span of the working day in minutes after midnight, [start, end).
type shift struct{ start, end int }

// New validates a calendar from the catalogue and prepares it for use.
// Errors are plain and say which entry is wrong, so the catalogue can prefix
// them with the file name.
func New(c models.Calendar) (*Calendar, error) {
	name := c.TimeZone
	if name == "" {
		name = DefaultTimeZone
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time_zone %q is not a known IANA time zone such as %q", name, DefaultTimeZone)
	}
	cal := &Calendar{loc: loc, holidays: map[day]bool{}, workingDays: map[day]bool{}}

	if len(c.Shifts) == 0 {
		return nil, errors.New("shifts is empty: at least one working shift such as \"07:30-11:30\" is needed")
	}
	for i, s := range c.Shifts {
		sh, err := parseShift(s)
		if err != nil {
			return nil, fmt.Errorf("shifts[%d] %q: %w", i, s, err)
		}
		if i > 0 {
			prev := cal.shifts[i-1]
			if sh.start < prev.end {
				return nil, fmt.Errorf("shifts[%d] %q: starts before the previous shift %q ends; list shifts in order without overlap", i, s, c.Shifts[i-1])
			}
		}
		cal.shifts = append(cal.shifts, sh)
	}

	for i, h := range c.Holidays {
		d, ok := parseDate(h.Date)
		if !ok {
			return nil, fmt.Errorf("holidays[%d] %q: not a date in the form YYYY-MM-DD", i, h.Date)
		}
		if cal.holidays[d] {
			return nil, fmt.Errorf("holidays[%d] %q: listed twice", i, h.Date)
		}
		cal.holidays[d] = true
	}
	for i, s := range c.WorkingDays {
		d, ok := parseDate(s)
		if !ok {
			return nil, fmt.Errorf("working_days[%d] %q: not a date in the form YYYY-MM-DD", i, s)
		}
		if cal.workingDays[d] {
			return nil, fmt.Errorf("working_days[%d] %q: listed twice", i, s)
		}
		if cal.holidays[d] {
			return nil, fmt.Errorf("working_days[%d] %q: is also listed as a holiday", i, s)
		}
		cal.workingDays[d] = true
	}
	return cal, nil
}

// parseShift reads "HH:MM-HH:MM". The end may be 24:00 for a shift that
// runs to midnight.
func parseShift(s string) (shift, error) {
	from, to, ok := strings.Cut(s, "-")
	if !ok {
		return shift{}, errors.New("not in the form HH:MM-HH:MM")
	}
	start, err := parseClock(strings.TrimSpace(from), false)
	if err != nil {
		return shift{}, fmt.Errorf("start: %w", err)
	}
	end, err := parseClock(strings.TrimSpace(to), true)
	if err != nil {
		return shift{}, fmt.Errorf("end: %w", err)
	}
	if end <= start {
		return shift{}, errors.New("ends before it starts")
	}
	return shift{start, end}, nil
}

func parseClock(s string, allow24 bool) (int, error) {
	hh, mm, ok := strings.Cut(s, ":")
	if !ok || len(hh) != 2 || len(mm) != 2 {
		return 0, fmt.Errorf("%q is not a time HH:MM", s)
	}
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && (m != 0 || !allow24)) {
		return 0, fmt.Errorf("%q is not a time HH:MM", s)
	}
	return h*60 + m, nil
}

// Location is the time zone of the calendar; deadlines are shown in it.
func (c *Calendar) Location() *time.Location { return c.loc }

// isWorkingDay: Monday to Friday unless a holiday; make-up days work too.
func (c *Calendar) isWorkingDay(d day) bool {
	if c.holidays[d] {
		return false
	}
	if c.workingDays[d] {
		return true
	}
	wd := d.weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// bounds returns the instants a shift starts and ends on a date. time.Date
// resolves them in the zone, so a (rare) daylight saving change on that day
// is accounted for.
func (c *Calendar) bounds(y int, m time.Month, d int, s shift) (time.Time, time.Time) {
	return time.Date(y, m, d, 0, s.start, 0, 0, c.loc), time.Date(y, m, d, 0, s.end, 0, 0, c.loc)
}

// IsWorking reports whether t falls inside a shift of a working day. Shifts
// are half-open: 11:30 after a 07:30-11:30 shift is not working time, 13:30
// at the start of 13:30-17:00 is.
func (c *Calendar) IsWorking(t time.Time) bool {
	d := dayOf(t, c.loc)
	if !c.isWorkingDay(d) {
		return false
	}
	y, m, dd := d.date()
	for _, s := range c.shifts {
		from, to := c.bounds(y, m, dd, s)
		if !t.Before(from) && t.Before(to) {
			return true
		}
	}
	return false
}
