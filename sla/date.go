package sla

import "time"

// day is a civil date counted in days since 1970-01-01. Working with day
// numbers instead of time.Time keeps the day loops cheap (no allocation, no
// zone lookup) and makes "the next day" an increment that daylight saving
// time cannot disturb.
type day int64

func civil(y int, m time.Month, d int) day {
	// Midnight UTC is an exact multiple of 86400 seconds after the epoch.
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dayOf(t time.Time, loc *time.Location) day {
	y, m, d := t.In(loc).Date()
	return civil(y, m, d)
}

func (d day) date() (int, time.Month, int) {
	return time.Unix(int64(d)*86400, 0).UTC().Date()
}

func (d day) weekday() time.Weekday {
	// 1970-01-01 was a Thursday; the double modulo keeps dates before 1970
	// non-negative.
	return time.Weekday(((int64(d)+4)%7 + 7) % 7)
}

func (d day) String() string {
	return time.Unix(int64(d)*86400, 0).UTC().Format(dateLayout)
}

const dateLayout = "2006-01-02"

// parseDate accepts exactly YYYY-MM-DD. time.Parse alone already requires
// two-digit months and days and rejects 2026-02-30; the round trip also
// rejects anything it would silently normalise.
func parseDate(s string) (day, bool) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Format(dateLayout) != s {
		return 0, false
	}
	return civil(t.Date()), true
}
