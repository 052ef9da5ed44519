package sla

import (
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// hueCalendar mirrors the shipped catalogue: two shifts a day (7.5 working
// hours) and the 2026 public holidays that matter for the tests.
func hueCalendar() models.Calendar {
	return models.Calendar{
		TimeZone: "Asia/Ho_Chi_Minh",
		Shifts:   []string{"07:30-11:30", "13:30-17:00"},
		Holidays: []models.Holiday{
			{Date: "2026-01-01"},
			{Date: "2026-02-16"}, {Date: "2026-02-17"}, {Date: "2026-02-18"}, {Date: "2026-02-19"}, {Date: "2026-02-20"},
			{Date: "2026-04-27"}, {Date: "2026-04-30"}, {Date: "2026-05-01"},
			{Date: "2026-09-01"}, {Date: "2026-09-02"},
		},
	}
}

func mustNew(t testing.TB, c models.Calendar) *Calendar {
	t.Helper()
	cal, err := New(c)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return cal
}

// at parses "2006-01-02 15:04" (optionally with seconds) in the calendar's zone.
func at(t testing.TB, cal *Calendar, s string) time.Time {
	t.Helper()
	layout := "2006-01-02 15:04"
	if strings.Count(s, ":") == 2 {
		layout += ":05"
	}
	v, err := time.ParseInLocation(layout, s, cal.Location())
	if err != nil {
		t.Fatalf("bad test time %q: %v", s, err)
	}
	return v
}

func TestNew(t *testing.T) {
	base := hueCalendar
	tests := []struct {
		name    string
		edit    func(c *models.Calendar)
		wantErr string // empty: valid
	}{
		{"valid", func(c *models.Calendar) {}, ""},
		{"one shift to midnight", func(c *models.Calendar) { c.Shifts = []string{"08:00-24:00"} }, ""},
		{"touching shifts", func(c *models.Calendar) { c.Shifts = []string{"07:30-11:30", "11:30-12:00"} }, ""},
		{"no shifts", func(c *models.Calendar) { c.Shifts = nil }, "shifts is empty"},
		{"shift without dash", func(c *models.Calendar) { c.Shifts = []string{"07:30"} }, `shifts[0] "07:30": not in the form HH:MM-HH:MM`},
		{"one-digit hour", func(c *models.Calendar) { c.Shifts = []string{"7:30-11:30"} }, `start: "7:30" is not a time HH:MM`},
		{"minute 60", func(c *models.Calendar) { c.Shifts = []string{"07:60-11:30"} }, `"07:60" is not a time`},
		{"hour 25", func(c *models.Calendar) { c.Shifts = []string{"07:30-25:00"} }, `end: "25:00" is not a time`},
		{"start at 24:00", func(c *models.Calendar) { c.Shifts = []string{"24:00-24:00"} }, `start: "24:00" is not a time`},
		{"ends before start", func(c *models.Calendar) { c.Shifts = []string{"11:30-07:30"} }, "ends before it starts"},
		{"empty shift", func(c *models.Calendar) { c.Shifts = []string{"07:30-07:30"} }, "ends before it starts"},
		{"overlap", func(c *models.Calendar) { c.Shifts = []string{"07:30-11:30", "11:00-17:00"} }, `shifts[1] "11:00-17:00": starts before the previous shift`},
		{"out of order", func(c *models.Calendar) { c.Shifts = []string{"13:30-17:00", "07:30-11:30"} }, "shifts[1]"},
		{"unknown zone", func(c *models.Calendar) { c.TimeZone = "Asia/Hue" }, `time_zone "Asia/Hue" is not a known`},
		{"impossible date", func(c *models.Calendar) { c.Holidays[1].Date = "2026-02-30" }, `holidays[1] "2026-02-30": not a date`},
		{"slashes", func(c *models.Calendar) { c.Holidays[0].Date = "2026/01/01" }, `holidays[0] "2026/01/01"`},
		{"one-digit month", func(c *models.Calendar) { c.Holidays[0].Date = "2026-1-01" }, `holidays[0] "2026-1-01"`},
		{"duplicate holiday", func(c *models.Calendar) { c.Holidays = append(c.Holidays, models.Holiday{Date: "2026-02-17"}) }, `holidays[11] "2026-02-17": listed twice`},
		{"bad working day", func(c *models.Calendar) { c.WorkingDays = []string{"Saturday"} }, `working_days[0] "Saturday": not a date`},
		{"duplicate working day", func(c *models.Calendar) { c.WorkingDays = []string{"2026-01-10", "2026-01-10"} }, `working_days[1] "2026-01-10": listed twice`},
		{"working day is a holiday", func(c *models.Calendar) { c.WorkingDays = []string{"2026-02-16"} }, "also listed as a holiday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.edit(&c)
			_, err := New(c)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("no error, want one containing %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("error %q does not contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestDefaultTimeZone(t *testing.T) {
	cal := mustNew(t, models.Calendar{Shifts: []string{"08:00-12:00"}})
	if got := cal.Location().String(); got != DefaultTimeZone {
		t.Fatalf("Location = %q, want %q", got, DefaultTimeZone)
	}
	// Vietnam is UTC+7 all year; this fails if the zone fell back to UTC.
	if _, off := time.Date(2026, 6, 1, 0, 0, 0, 0, cal.Location()).Zone(); off != 7*3600 {
		t.Fatalf("offset = %d, want %d", off, 7*3600)
	}
}

func TestIsWorking(t *testing.T) {
	cal := mustNew(t, hueCalendar())
	makeUp := hueCalendar()
	makeUp.WorkingDays = []string{"2026-01-10"}
	withSaturday := mustNew(t, makeUp)
	tests := []struct {
		name string
		cal  *Calendar
		t    time.Time
		want bool
	}{
		{"before the morning shift", cal, at(t, cal, "2026-01-05 07:29"), false},
		{"morning shift starts", cal, at(t, cal, "2026-01-05 07:30"), true},
		{"last minute of the morning", cal, at(t, cal, "2026-01-05 11:29:59"), true},
		{"exactly 11:30", cal, at(t, cal, "2026-01-05 11:30"), false},
		{"lunch", cal, at(t, cal, "2026-01-05 12:30"), false},
		{"exactly 13:30", cal, at(t, cal, "2026-01-05 13:30"), true},
		{"exactly 17:00", cal, at(t, cal, "2026-01-05 17:00"), false},
		{"Saturday", cal, at(t, cal, "2026-01-10 09:00"), false},
		{"Sunday", cal, at(t, cal, "2026-01-11 09:00"), false},
		{"New Year", cal, at(t, cal, "2026-01-01 09:00"), false},
		{"Tết", cal, at(t, cal, "2026-02-17 09:00"), false},
		{"make-up Saturday", withSaturday, at(t, cal, "2026-01-10 09:00"), true},
		// 01:00 UTC is 08:00 in Huế: the zone of t must not matter.
		{"instant given in UTC", cal, time.Date(2026, 1, 5, 1, 0, 0, 0, time.UTC), true},
		{"10:00 UTC is 17:00 in Huế", cal, time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.IsWorking(tt.t); got != tt.want {
				t.Errorf("IsWorking(%v) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}

func TestAdd(t *testing.T) {
	cal := mustNew(t, hueCalendar())
	makeUp := hueCalendar()
	makeUp.WorkingDays = []string{"2026-01-10"}
	withSaturday := mustNew(t, makeUp)
	h := time.Hour
	tests := []struct {
		name  string
		cal   *Calendar
		start string
		d     time.Duration
		want  string
	}{
		{"within the morning", cal, "2026-01-05 08:00", h, "2026-01-05 09:00"},
		{"ends exactly at 11:30", cal, "2026-01-05 10:30", h, "2026-01-05 11:30"},
		{"starts exactly at 11:30", cal, "2026-01-05 11:30", time.Minute, "2026-01-05 13:31"},
		{"spans lunch", cal, "2026-01-05 11:00", h, "2026-01-05 14:00"},
		{"starts at lunch", cal, "2026-01-05 12:00", 30 * time.Minute, "2026-01-05 14:00"},
		{"starts exactly at 13:30", cal, "2026-01-05 13:30", h, "2026-01-05 14:30"},
		{"fills the afternoon to 17:00", cal, "2026-01-05 13:30", 3*h + 30*time.Minute, "2026-01-05 17:00"},
		{"starts exactly at 17:00", cal, "2026-01-05 17:00", time.Minute, "2026-01-06 07:31"},
		{"starts before work", cal, "2026-01-05 06:00", 30 * time.Minute, "2026-01-05 08:00"},
		{"one working day", cal, "2026-01-05 07:30", 7*h + 30*time.Minute, "2026-01-05 17:00"},
		{"spans a weekend", cal, "2026-01-09 16:00", 2 * h, "2026-01-12 08:30"},
		{"starts on Saturday", cal, "2026-01-10 10:00", h, "2026-01-12 08:30"},
		{"starts on New Year's Day", cal, "2026-01-01 09:00", h, "2026-01-02 08:30"},
		{"spans Tết", cal, "2026-02-13 16:00", 2 * h, "2026-02-23 08:30"},
		{"starts during Tết", cal, "2026-02-18 10:00", 16 * h, "2026-02-25 08:30"},
		{"spans the Hùng Kings compensatory Monday", cal, "2026-04-24 16:00", 2 * h, "2026-04-28 08:30"},
		{"spans 30 April and 1 May", cal, "2026-04-29 17:00", h, "2026-05-04 08:30"},
		{"make-up Saturday counts", withSaturday, "2026-01-09 16:00", 2 * h, "2026-01-10 08:30"},
		// 26 full days of 7.5 h are 195 h; the last 5 h end at 14:30 on the
		// 27th working day, counting from 2 March 2026.
		{"200 working hours", cal, "2026-03-02 07:30", 200 * h, "2026-04-07 14:30"},
		{"zero keeps start, even on Sunday", cal, "2026-01-11 09:00", 0, "2026-01-11 09:00"},
		{"negative keeps start", cal, "2026-01-05 09:00", -h, "2026-01-05 09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := at(t, tt.cal, tt.start)
			got := tt.cal.Add(start, tt.d)
			if want := at(t, tt.cal, tt.want); !got.Equal(want) {
				t.Errorf("Add(%s, %v) = %s, want %s", tt.start, tt.d, got.In(tt.cal.Location()).Format("2006-01-02 15:04 Mon"), want.Format("2006-01-02 15:04 Mon"))
			}
		})
	}
}

func TestBetween(t *testing.T) {
	cal := mustNew(t, hueCalendar())
	h := time.Hour
	tests := []struct {
		name string
		a, b string
		want time.Duration
	}{
		{"within the morning", "2026-01-05 08:00", "2026-01-05 10:00", 2 * h},
		{"across lunch", "2026-01-05 11:00", "2026-01-05 14:00", h},
		{"lunch only", "2026-01-05 11:30", "2026-01-05 13:30", 0},
		{"night only", "2026-01-05 17:00", "2026-01-06 07:30", 0},
		{"over a weekend", "2026-01-09 16:00", "2026-01-12 08:30", 2 * h},
		{"a whole week", "2026-01-05 00:00", "2026-01-12 00:00", 5 * (7*h + 30*time.Minute)},
		{"a week with New Year", "2025-12-29 00:00", "2026-01-05 00:00", 4 * (7*h + 30*time.Minute)},
		{"across Tết", "2026-02-13 00:00", "2026-02-24 00:00", 2 * (7*h + 30*time.Minute)},
		{"inside Tết", "2026-02-16 08:00", "2026-02-20 16:00", 0},
		{"equal instants", "2026-01-05 09:00", "2026-01-05 09:00", 0},
		{"b before a", "2026-01-05 10:00", "2026-01-05 09:00", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.Between(at(t, cal, tt.a), at(t, cal, tt.b)); got != tt.want {
				t.Errorf("Between(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}
