package catalogue

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

func readSmall(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parseSmall(t *testing.T) *models.Catalogue {
	t.Helper()
	c, err := Parse(readSmall(t), "small.yaml")
	if err != nil {
		t.Fatalf("testdata/small.yaml must be valid: %v", err)
	}
	return c
}

// wantInvalid checks that err is an EInvalid *models.Error whose message
// names the file and contains every wanted piece.
func wantInvalid(t *testing.T, err error, file string, wants ...string) {
	t.Helper()
	var e *models.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *models.Error", err, err)
	}
	if e.Code != models.EInvalid {
		t.Errorf("code = %q, want %q", e.Code, models.EInvalid)
	}
	if !strings.HasPrefix(e.Message, file+": ") {
		t.Errorf("message %q does not start with the file name %q", e.Message, file)
	}
	for _, w := range wants {
		if !strings.Contains(e.Message, w) {
			t.Errorf("message %q\ndoes not contain %q", e.Message, w)
		}
	}
}

func TestDefault(t *testing.T) {
	c := Default()
	if err := Validate(c, "default.yaml"); err != nil {
		t.Fatalf("default catalogue does not validate: %v", err)
	}
	if c.City.Code != "hue" || c.City.Prefix != "HUE" {
		t.Errorf("city = %+v, want hue/HUE", c.City)
	}
	if w, ok := c.Ward("kim-long"); !ok || w.Prefix != "KL" {
		t.Errorf("ward kim-long = %+v, %v; want prefix KL", w, ok)
	}
	if len(c.Wards) < 3 || len(c.Categories) < 9 {
		t.Errorf("%d wards, %d categories: want at least 3 and 9", len(c.Wards), len(c.Categories))
	}
	// Every ward has the four offices of the 2025 structure.
	for _, w := range c.Wards {
		for _, office := range []string{"committee", "infra", "social", "police"} {
			if d, ok := c.Department(w.Code + "-" + office); !ok || d.Ward != w.Code || d.Level != models.LevelWard {
				t.Errorf("ward %s has no ward-level department %s-%s", w.Code, w.Code, office)
			}
		}
	}
	// Listing a weekend as a holiday is harmless to deadlines but means the
	// dates were copied wrong.
	for _, h := range c.Calendar.Holidays {
		d, err := time.Parse("2006-01-02", h.Date)
		if err != nil {
			t.Fatal(err)
		}
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("holiday %s (%s) is on a %s", h.Date, h.NameEN, wd)
		}
	}
	if c.ReopenDays != 7 || c.MeTooRadiusMeters != 150 {
		t.Errorf("reopen_days %d, me_too_radius_m %v; want 7 and 150", c.ReopenDays, c.MeTooRadiusMeters)
	}
	want := models.EscalationPolicy{AutoEscalateToCity: true, RestartClockOnEscalation: true}
	if c.Escalation != want {
		t.Errorf("escalation = %+v, want %+v", c.Escalation, want)
	}
}

// TestDefaultIsACopy: callers may edit what Default returns.
func TestDefaultIsACopy(t *testing.T) {
	a := Default()
	a.Wards[0].Code = "changed"
	a.Rules = nil
	if b := Default(); b.Wards[0].Code == "changed" || len(b.Rules) == 0 {
		t.Fatal("Default returned shared state")
	}
}

// TestDefaultWardsDoNotOverlap samples a grid over the city: no point may be
// in two wards, or WardAt would depend on the order of the file.
func TestDefaultWardsDoNotOverlap(t *testing.T) {
	c := Default()
	inside := 0
	for lat := 16.430; lat <= 16.495; lat += 0.0005 {
		for lon := 107.515; lon <= 107.610; lon += 0.0005 {
			var in []string
			for _, w := range c.Wards {
				if containsPoint(w, lat, lon) {
					in = append(in, w.Code)
				}
			}
			if len(in) > 1 {
				t.Fatalf("(%v, %v) is in %v", lat, lon, in)
			}
			inside += len(in)
		}
	}
	if inside == 0 {
		t.Fatal("the grid missed every ward")
	}
}

func containsPoint(w models.Ward, lat, lon float64) bool {
	got, err := WardAt(&models.Catalogue{Wards: []models.Ward{w}}, lat, lon)
	return err == nil && got.Code == w.Code
}

// TestJSON: JSON is YAML, and a catalogue written as JSON (as the admin API
// does) reads back unchanged.
func TestJSON(t *testing.T) {
	for _, c := range []*models.Catalogue{Default(), parseSmall(t)} {
		data, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Parse(data, "catalogue.json")
		if err != nil {
			t.Fatalf("Parse(JSON): %v", err)
		}
		// Compared as JSON: an empty list and a missing one are the same.
		again, err := json.Marshal(back)
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(data) {
			t.Fatalf("JSON round trip changed the catalogue:\n%s\n%s", data, again)
		}
		if len(back.Wards) != len(c.Wards) || len(back.Wards[0].Boundary.Polygons[0][0]) < 4 {
			t.Fatalf("boundaries were lost")
		}
	}
}

func TestLoad(t *testing.T) {
	c, err := Load("testdata/small.yaml")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(c.Wards) != 2 {
		t.Fatalf("%d wards, want 2", len(c.Wards))
	}
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	_, err = Load(missing)
	wantInvalid(t, err, missing, "cannot read the catalogue file")
}

// TestBrokenYAML covers problems only a file can have.
func TestBrokenYAML(t *testing.T) {
	small := string(readSmall(t))
	tests := []struct {
		name  string
		data  string
		wants []string
	}{
		{"empty file", "", []string{"the file is empty"}},
		{"only a comment", "# nothing\n", []string{"the file is empty"}},
		{"not YAML at all", "city: [\n  - {", []string{"not valid YAML or JSON"}},
		{"binary", "\x00\x01\x02", []string{"not valid YAML or JSON"}},
		{"plain text", "hello world", []string{`must be a mapping`, `not the text "hello world"`}},
		{"a list", "- a\n- b\n", []string{"must be a mapping", "a list"}},
		{"unknown top-level key", small + "reopen_dayz: 3\n", []string{`unknown top-level key "reopen_dayz"`}},
		{"unknown field in a department",
			strings.Replace(small, "{code: phu-xuan-infra, name_vi", "{code: phu-xuan-infra, nme_vi", 1),
			[]string{`departments[2] "phu-xuan-infra": unknown field "nme_vi"`}},
		{"unknown field in a holiday",
			strings.Replace(small, `name_en: Tết}`, `name_en: Tết, nam: x}`, 1),
			[]string{`calendar: holidays[1]: unknown field "nam"`}},
		{"text for a number",
			strings.Replace(small, "reopen_days: 7", `reopen_days: "seven"`, 1),
			[]string{`reopen_days: expected a whole number, got the text "seven"`}},
		{"fraction for a whole number",
			strings.Replace(small, "reopen_days: 7", `reopen_days: 7.5`, 1),
			[]string{`reopen_days: expected a whole number, got the number 7.5`}},
		{"text for a list",
			strings.Replace(small, "categories: [other]}", "categories: other}", 1),
			[]string{`departments[1] "kim-long-committee": categories: expected a list, got the text "other"`}},
		{"number in a list of codes",
			strings.Replace(small, "categories: [other]}", "categories: [other, 7]}", 1),
			[]string{`departments[1] "kim-long-committee": categories[1]: expected text, got the number 7`}},
		{"boundary of the wrong type",
			strings.Replace(small, "{type: MultiPolygon,", "{type: Point,", 1),
			[]string{`wards[1] "phu-xuan": boundary: boundary type "Point" is not supported`}},
		{"duplicate key", small + "reopen_days: 8\n", []string{"not valid YAML", `"reopen_days" already defined`}},
		{"not-a-number", strings.Replace(small, "me_too_radius_m: 150", "me_too_radius_m: .nan", 1), []string{"me_too_radius_m: NaN is not a usable number"}},
		{"YAML that validates badly",
			strings.Replace(small, "prefix: PX", "prefix: PO", 1),
			[]string{`wards[1] "phu-xuan": prefix "PO" must not contain I or O`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.data), "catalogue.yaml")
			if err == nil {
				t.Fatalf("no error; parsed %+v", c)
			}
			if c != nil {
				t.Errorf("a catalogue came back with the error")
			}
			wantInvalid(t, err, "catalogue.yaml", tt.wants...)
		})
	}
}

// TestValidate edits the small valid catalogue into broken ones.
func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(c *models.Catalogue)
		wants []string
	}{
		{"rule to a missing department",
			func(c *models.Catalogue) { c.Rules[3].Department = "kim-long-lnd" },
			[]string{`catalogue.yaml: rules[3] (category "environment", ward "kim-long"): department "kim-long-lnd" does not exist`}},
		{"placeholder rule to a missing department",
			func(c *models.Catalogue) { c.Rules[0].Department = "{ward}-land" },
			[]string{`rules[0] (category "land"): department "kim-long-land" does not exist ("{ward}-land" for ward "kim-long")`}},
		{"placeholder resolving in one ward only",
			func(c *models.Catalogue) { c.Departments[2].Code = "px-infra" },
			[]string{`rules[0] (category "land"): department "phu-xuan-infra" does not exist ("{ward}-infra" for ward "phu-xuan")`}},
		{"rule department does not handle the category",
			func(c *models.Catalogue) { c.Rules[0].Department = "{ward}-committee" },
			[]string{`rules[0] (category "land"): department "kim-long-committee" does not handle category "land"`}},
		{"missing co-handling department",
			func(c *models.Catalogue) { c.Rules[2].CoHandling = []string{"{ward}-office"} },
			[]string{`rules[2] (category "heritage"): co_handling: department "kim-long-office" does not exist`}},
		{"rule with unknown category, ward and reporter kind",
			func(c *models.Catalogue) {
				c.Rules = append(c.Rules, models.Rule{Category: "parking", Ward: "hai-ba-trung", ReporterKind: "company", Department: "hue-committee", ReasonVI: "x", ReasonEN: "x"})
			},
			[]string{
				`rules[4] (category "parking", ward "hai-ba-trung", reporter_kind "company"): category "parking" does not exist`,
				`ward "hai-ba-trung" does not exist`,
				`reporter_kind "company" must be one of resident, organisation, official, imported`,
			}},
		{"rule without reasons",
			func(c *models.Catalogue) { c.Rules[0].ReasonVI, c.Rules[0].ReasonEN = "", " " },
			[]string{`rules[0] (category "land"): reason_vi is empty`, `rules[0] (category "land"): reason_en is empty`}},
		{"shadowed rule",
			func(c *models.Catalogue) { c.Rules = append(c.Rules, c.Rules[0]) },
			[]string{`rules[4] (category "land"): never applies: rules[0] matches the same category`}},
		{"category nobody handles in a ward",
			func(c *models.Catalogue) { c.Departments[2].Categories = []string{"land"} },
			[]string{`coverage: category "environment" is handled by nobody in ward "phu-xuan"`}},
		{"a reporter-kind rule does not cover everyone",
			func(c *models.Catalogue) {
				c.Rules = c.Rules[1:] // only the organisation rule is left for land
				c.Departments[0].Categories = []string{"environment"}
			},
			[]string{`category "land" is handled by nobody in ward "kim-long"`}},
		{"duplicate department code",
			func(c *models.Catalogue) { c.Departments[1].Code = "kim-long-infra" },
			[]string{`departments[1] "kim-long-infra": code "kim-long-infra" is already used by departments[0] "kim-long-infra"`}},
		{"duplicate ward code",
			func(c *models.Catalogue) { c.Wards[1].Code = "kim-long" },
			[]string{`wards[1] "kim-long": code "kim-long" is already used by wards[0] "kim-long"`}},
		{"duplicate category code",
			func(c *models.Catalogue) { c.Categories[3].Code = "land" },
			[]string{`categories[3] "land": code "land" is already used by categories[0] "land"`}},
		{"code with capitals and spaces",
			func(c *models.Catalogue) { c.Categories[3].Code = "Other things" },
			[]string{`categories[3] "Other things": code "Other things" must be 1 to 64 lowercase letters`}},
		{"ward prefix with O",
			func(c *models.Catalogue) { c.Wards[1].Prefix = "PO" },
			[]string{`wards[1] "phu-xuan": prefix "PO" must not contain I or O`}},
		{"ward prefix with I",
			func(c *models.Catalogue) { c.Wards[0].Prefix = "KIL" },
			[]string{`wards[0] "kim-long": prefix "KIL" must not contain I or O`}},
		{"lowercase prefix",
			func(c *models.Catalogue) { c.Wards[0].Prefix = "kl" },
			[]string{`prefix "kl" must be 2 to 4 capital letters A-Z`}},
		{"Vietnamese letter in prefix",
			func(c *models.Catalogue) { c.Wards[0].Prefix = "ĐK" },
			[]string{`prefix "ĐK" must be 2 to 4 capital letters A-Z`}},
		{"prefix too long",
			func(c *models.Catalogue) { c.Wards[0].Prefix = "KLMNP" },
			[]string{`prefix "KLMNP" must be 2 to 4 capital letters`}},
		{"prefix too short",
			func(c *models.Catalogue) { c.Wards[0].Prefix = "K" },
			[]string{`prefix "K" must be 2 to 4 capital letters`}},
		{"duplicate ward prefix",
			func(c *models.Catalogue) { c.Wards[1].Prefix = "KL" },
			[]string{`wards[1] "phu-xuan": prefix "KL" is already used by wards[0] "kim-long"`}},
		{"ward prefix equal to the city's",
			func(c *models.Catalogue) { c.Wards[0].Prefix = "HUE" },
			[]string{`wards[0] "kim-long": prefix "HUE" is already used by city`}},
		{"city prefix with O",
			func(c *models.Catalogue) { c.City.Prefix = "HCO" },
			[]string{`city: prefix "HCO" must not contain I or O`}},
		{"city without code and name",
			func(c *models.Catalogue) { c.City.Code, c.City.NameEN = "", "" },
			[]string{`city: code is empty`, `city: name_en is empty`}},
		{"ward without Vietnamese name",
			func(c *models.Catalogue) { c.Wards[1].NameVI = "  " },
			[]string{`wards[1] "phu-xuan": name_vi is empty`}},
		{"boundary not closed",
			func(c *models.Catalogue) {
				ring := c.Wards[1].Boundary.Polygons[0][0]
				c.Wards[1].Boundary.Polygons[0][0] = ring[:len(ring)-1]
			},
			[]string{`wards[1] "phu-xuan": boundary: polygon 1 ring 1: is not closed`}},
		{"boundary with latitude and longitude swapped",
			func(c *models.Catalogue) {
				for _, p := range c.Wards[0].Boundary.Polygons[0][0] {
					p[0], p[1] = p[1], 200
				}
			},
			[]string{`wards[0] "kim-long": boundary: polygon 1 ring 1: point 1: latitude 200 is outside`}},
		{"boundary missing",
			func(c *models.Catalogue) { c.Wards[0].Boundary = models.Geometry{} },
			[]string{`wards[0] "kim-long": boundary: boundary has no polygon`}},
		{"no wards",
			func(c *models.Catalogue) {
				c.Wards = nil
				c.Departments = c.Departments[4:]
				c.Rules = c.Rules[1:3]
				c.Rules[0].CoHandling, c.Rules[1].CoHandling = nil, nil
			},
			[]string{`catalogue.yaml: wards: at least one ward is needed`}},
		{"city department with a ward",
			func(c *models.Catalogue) { c.Departments[4].Ward = "kim-long" },
			[]string{`departments[4] "hue-agri-env": a city-level department must not have a ward (it has "kim-long")`}},
		{"ward department without a ward",
			func(c *models.Catalogue) { c.Departments[1].Ward = "" },
			[]string{`departments[1] "kim-long-committee": a ward-level department needs a ward`}},
		{"ward department in an unknown ward",
			func(c *models.Catalogue) { c.Departments[1].Ward = "kim-longg" },
			[]string{`departments[1] "kim-long-committee": ward "kim-longg" does not exist`}},
		{"department level district",
			func(c *models.Catalogue) { c.Departments[6].Level = "district" },
			[]string{`departments[6] "hue-committee": level "district" must be "ward" or "city"`}},
		{"department with an unknown category",
			func(c *models.Catalogue) {
				c.Departments[6].Categories = append(c.Departments[6].Categories, "parking")
			},
			[]string{`departments[6] "hue-committee": category "parking" does not exist`}},
		{"department handling nothing",
			func(c *models.Catalogue) { c.Departments[6].Categories = nil },
			[]string{`departments[6] "hue-committee": handles no category`}},
		{"department listing a category twice",
			func(c *models.Catalogue) { c.Departments[6].Categories = []string{"other", "other"} },
			[]string{`departments[6] "hue-committee": category "other" is listed twice`}},
		{"category with a bad default level",
			func(c *models.Catalogue) { c.Categories[1].DefaultLevel = "province" },
			[]string{`categories[1] "environment": default_level "province" must be "ward" or "city"`}},
		{"city category no city department handles",
			func(c *models.Catalogue) {
				c.Categories[3].DefaultLevel = models.LevelCity
				c.Departments[6].Categories = []string{"heritage"}
			},
			[]string{`categories[3] "other": default_level is "city" but no city department handles it`}},
		{"zero response time",
			func(c *models.Catalogue) { c.Categories[0].ResponseHours = 0 },
			[]string{`categories[0] "land": response_hours must be more than 0 (got 0)`}},
		{"resolution before response",
			func(c *models.Catalogue) { c.Categories[0].ResolutionHours = 8 },
			[]string{`categories[0] "land": resolution_hours (8) must be at least response_hours (16)`}},
		{"category without hints",
			func(c *models.Catalogue) { c.Categories[2].HintVI, c.Categories[2].HintEN = "", "" },
			[]string{`categories[2] "heritage": hint_vi is empty`, `categories[2] "heritage": hint_en is empty`}},
		{"impossible holiday date",
			func(c *models.Catalogue) { c.Calendar.Holidays[1].Date = "2026-02-30" },
			[]string{`calendar: holidays[1] "2026-02-30": not a date in the form YYYY-MM-DD`}},
		{"holiday in day-month-year order",
			func(c *models.Catalogue) { c.Calendar.Holidays[0].Date = "01-01-2026" },
			[]string{`calendar: holidays[0] "01-01-2026": not a date`}},
		{"holiday without English name",
			func(c *models.Catalogue) { c.Calendar.Holidays[1].NameEN = "" },
			[]string{`calendar: holidays[1] "2026-02-17": name_en is empty`}},
		{"no shifts",
			func(c *models.Catalogue) { c.Calendar.Shifts = nil },
			[]string{`calendar: shifts is empty`}},
		{"overlapping shifts",
			func(c *models.Catalogue) { c.Calendar.Shifts = []string{"07:30-12:00", "11:30-17:00"} },
			[]string{`calendar: shifts[1] "11:30-17:00": starts before the previous shift`}},
		{"unknown time zone",
			func(c *models.Catalogue) { c.Calendar.TimeZone = "ICT" },
			[]string{`calendar: time_zone "ICT" is not a known IANA time zone`}},
		{"escalation with nowhere to go",
			func(c *models.Catalogue) { c.Departments[4].Categories = []string{"land"} },
			[]string{`escalation: auto_escalate_to_city is on, but no city department handles category "environment"`}},
		{"reopen days zero", func(c *models.Catalogue) { c.ReopenDays = 0 }, []string{`reopen_days: must be between 1 and 90 days (got 0)`}},
		{"reopen days 91", func(c *models.Catalogue) { c.ReopenDays = 91 }, []string{`reopen_days: must be between 1 and 90 days (got 91)`}},
		{"me-too radius zero", func(c *models.Catalogue) { c.MeTooRadiusMeters = 0 }, []string{`me_too_radius_m: must be between 1 and 5000 metres (got 0)`}},
		{"me-too radius too big", func(c *models.Catalogue) { c.MeTooRadiusMeters = 5001 }, []string{`me_too_radius_m: must be between 1 and 5000 metres (got 5001)`}},
		{"all problems are reported together",
			func(c *models.Catalogue) {
				c.Wards[1].Prefix = "PO"
				c.Rules[0].Department = "{ward}-land"
				c.ReopenDays = 0
			},
			[]string{`prefix "PO" must not contain I or O, which are mistaken for 1 and 0; rules[0]`, `; rules[0] (category "land"): department "kim-long-land" does not exist`, `; reopen_days: must be between`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := parseSmall(t)
			tt.edit(c)
			wantInvalid(t, Validate(c, "catalogue.yaml"), "catalogue.yaml", tt.wants...)
		})
	}
}

func TestValidateNil(t *testing.T) {
	wantInvalid(t, Validate(nil, ""), "catalogue", "the catalogue is empty")
}

// TestValidateFields: each problem is also listed per entry, for admin forms.
func TestValidateFields(t *testing.T) {
	c := parseSmall(t)
	c.Wards[1].Prefix = "PO"
	c.ReopenDays = 0
	fields := models.ErrorFieldsOf(Validate(c, "catalogue.yaml"))
	if !strings.Contains(fields[`wards[1] "phu-xuan"`], "I or O") || fields["reopen_days"] == "" || len(fields) != 2 {
		t.Fatalf("fields = %v", fields)
	}
}

func TestManyProblemsAreCapped(t *testing.T) {
	c := parseSmall(t)
	for i := 0; i < 40; i++ {
		c.Calendar.Holidays = append(c.Calendar.Holidays, models.Holiday{Date: "2030-01-01"})
	}
	err := Validate(c, "catalogue.yaml")
	wantInvalid(t, err, "catalogue.yaml", "and 56 more problems")
}

func TestWardAt(t *testing.T) {
	c := Default()
	tests := []struct {
		name     string
		lat, lon float64
		want     string   // ward code; empty: an error
		wantErr  []string // pieces of the message
	}{
		{"Thiên Mụ pagoda is in Kim Long", 16.4537, 107.5446, "kim-long", nil},
		{"a Kim Long garden house", 16.465, 107.555, "kim-long", nil},
		{"Ngọ Môn gate is in Phú Xuân", 16.4671, 107.5786, "phu-xuan", nil},
		{"Đông Ba market is in Phú Xuân", 16.4735, 107.5893, "phu-xuan", nil},
		{"Lê Lợi street is in Thuận Hóa", 16.462, 107.588, "thuan-hoa", nil},
		{"Hà Nội is outside", 21.03, 105.85, "", []string{"the location (21.03, 105.85) is outside Huế: type the address or choose the ward"}},
		{"the middle of the Perfume River", 16.464, 107.585, "", []string{"is in Huế but in none of its wards"}},
		{"NaN", nan(), 107.55, "", []string{"the location (NaN, 107.55) is not a valid position"}},
		{"latitude beyond the pole", 91, 107.55, "", []string{"(91, 107.55) is not a valid position"}},
		{"longitude beyond the antimeridian", 16.46, -181, "", []string{"(16.46, -181) is not a valid position"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := WardAt(c, tt.lat, tt.lon)
			if tt.want != "" {
				if err != nil || w.Code != tt.want {
					t.Fatalf("WardAt = %q, %v; want %q", w.Code, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("WardAt = %q, want an error", w.Code)
			}
			if models.ErrorCodeOf(err) != models.EInvalid {
				t.Errorf("code = %q, want invalid", models.ErrorCodeOf(err))
			}
			for _, piece := range tt.wantErr {
				if !strings.Contains(models.ErrorMessageOf(err), piece) {
					t.Errorf("message %q does not contain %q", models.ErrorMessageOf(err), piece)
				}
			}
		})
	}
}
