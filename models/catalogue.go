package models

import (
	"encoding/json"
	"fmt"
	"time"
)

// Catalogue is the data that drives routing and deadlines: wards,
// departments, categories, routing rules, holidays and working hours.
// It is loaded from a file at start and can be edited by admins; both go
// through the same validation (package catalogue).
type Catalogue struct {
	City        City         `yaml:"city" json:"city" bson:"city"`
	Wards       []Ward       `yaml:"wards" json:"wards" bson:"wards"`
	Departments []Department `yaml:"departments" json:"departments" bson:"departments"`
	Categories  []Category   `yaml:"categories" json:"categories" bson:"categories"`
	Rules       []Rule       `yaml:"rules" json:"rules" bson:"rules"`
	Calendar    Calendar     `yaml:"calendar" json:"calendar" bson:"calendar"`
	// Escalation says what the sweeper does when deadlines pass.
	Escalation EscalationPolicy `yaml:"escalation" json:"escalation" bson:"escalation"`
	// ReopenDays is how many calendar days after resolution the reporter
	// may reopen an issue.
	ReopenDays int `yaml:"reopen_days" json:"reopen_days" bson:"reopen_days"`
	// MeTooRadiusMeters is how close a new report must be to an open issue
	// of the same category for civicdesk to offer "me too" instead.
	MeTooRadiusMeters float64 `yaml:"me_too_radius_m" json:"me_too_radius_m" bson:"me_too_radius_m"`
}

// City is the city level of government.
type City struct {
	Code   string `yaml:"code" json:"code" bson:"code"`
	Prefix string `yaml:"prefix" json:"prefix" bson:"prefix"` // issue code prefix for issues outside any ward
	NameVI string `yaml:"name_vi" json:"name_vi" bson:"name_vi"`
	NameEN string `yaml:"name_en" json:"name_en" bson:"name_en"`
	// Boundary is the whole city's (GeoJSON Polygon or MultiPolygon): a
	// point inside it but in no ward (the river) is still the city's, and
	// city-level categories take it. Without one, the city is its wards.
	Boundary *Geometry `yaml:"boundary,omitempty" json:"boundary,omitempty" bson:"boundary,omitempty"`
}

// Ward is a ward (phường/xã) with its boundary.
type Ward struct {
	Code   string `yaml:"code" json:"code" bson:"code"`
	Prefix string `yaml:"prefix" json:"prefix" bson:"prefix"` // issue code prefix, e.g. KL
	NameVI string `yaml:"name_vi" json:"name_vi" bson:"name_vi"`
	NameEN string `yaml:"name_en" json:"name_en" bson:"name_en"`
	// Boundary is a GeoJSON Polygon or MultiPolygon geometry.
	Boundary Geometry `yaml:"boundary" json:"boundary" bson:"boundary"`
}

// Geometry is a ward boundary, kept as a GeoJSON MultiPolygon:
// [polygon][ring][point][longitude, latitude]. JSON accepts a GeoJSON
// Polygon or MultiPolygon and always writes a MultiPolygon.
type Geometry struct {
	Polygons [][][][]float64 `bson:"polygons"`
}

// MarshalJSON writes the geometry as a GeoJSON MultiPolygon.
func (g Geometry) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type        string          `json:"type"`
		Coordinates [][][][]float64 `json:"coordinates"`
	}{"MultiPolygon", g.Polygons})
}

// UnmarshalJSON reads a GeoJSON Polygon or MultiPolygon geometry.
func (g *Geometry) UnmarshalJSON(b []byte) error {
	var raw struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return fmt.Errorf("boundary is not a GeoJSON geometry: %w", err)
	}
	switch raw.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(raw.Coordinates, &p); err != nil {
			return fmt.Errorf("boundary Polygon coordinates: %w", err)
		}
		g.Polygons = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(raw.Coordinates, &g.Polygons); err != nil {
			return fmt.Errorf("boundary MultiPolygon coordinates: %w", err)
		}
	default:
		return fmt.Errorf("boundary type %q is not supported: use Polygon or MultiPolygon", raw.Type)
	}
	return nil
}

// Department is a ward or city office that handles issues.
type Department struct {
	Code   string `yaml:"code" json:"code" bson:"code"`
	NameVI string `yaml:"name_vi" json:"name_vi" bson:"name_vi"`
	NameEN string `yaml:"name_en" json:"name_en" bson:"name_en"`
	Level  Level  `yaml:"level" json:"level" bson:"level"`
	// Ward is set for ward-level departments.
	Ward       string   `yaml:"ward,omitempty" json:"ward,omitempty" bson:"ward,omitempty"`
	Categories []string `yaml:"categories" json:"categories" bson:"categories"`
	// TelegramChatID is the department's group chat, 0 when none is linked.
	TelegramChatID int64 `yaml:"telegram_chat_id,omitempty" json:"telegram_chat_id,omitempty" bson:"telegram_chat_id,omitempty"`
}

// Handles reports whether the department handles a category.
func (d Department) Handles(category string) bool {
	for _, c := range d.Categories {
		if c == category {
			return true
		}
	}
	return false
}

// Category is a kind of issue with its default level and deadlines.
type Category struct {
	Code         string `yaml:"code" json:"code" bson:"code"`
	NameVI       string `yaml:"name_vi" json:"name_vi" bson:"name_vi"`
	NameEN       string `yaml:"name_en" json:"name_en" bson:"name_en"`
	DefaultLevel Level  `yaml:"default_level" json:"default_level" bson:"default_level"`
	// HintVI/HintEN are one line telling residents who handles it.
	HintVI string `yaml:"hint_vi" json:"hint_vi" bson:"hint_vi"`
	HintEN string `yaml:"hint_en" json:"hint_en" bson:"hint_en"`
	// Deadlines in working hours.
	ResponseHours   float64 `yaml:"response_hours" json:"response_hours" bson:"response_hours"`
	ResolutionHours float64 `yaml:"resolution_hours" json:"resolution_hours" bson:"resolution_hours"`
}

// ResponseTarget is the first-response deadline in working time.
func (c Category) ResponseTarget() time.Duration {
	return time.Duration(c.ResponseHours * float64(time.Hour))
}

// ResolutionTarget is the resolution deadline in working time.
func (c Category) ResolutionTarget() time.Duration {
	return time.Duration(c.ResolutionHours * float64(time.Hour))
}

// Name returns the category name in a language ("vi" or "en").
func (c Category) Name(lang string) string {
	if lang == "en" {
		return c.NameEN
	}
	return c.NameVI
}

// Name returns the department name in a language.
func (d Department) Name(lang string) string {
	if lang == "en" {
		return d.NameEN
	}
	return d.NameVI
}

// Name returns the ward name in a language.
func (w Ward) Name(lang string) string {
	if lang == "en" {
		return w.NameEN
	}
	return w.NameVI
}

// Rule routes a category (optionally only in one ward, or only for one
// reporter kind) to a department. The most specific matching rule wins.
type Rule struct {
	Category     string       `yaml:"category" json:"category" bson:"category"`
	Ward         string       `yaml:"ward,omitempty" json:"ward,omitempty" bson:"ward,omitempty"`
	ReporterKind ReporterKind `yaml:"reporter_kind,omitempty" json:"reporter_kind,omitempty" bson:"reporter_kind,omitempty"`
	// Department handles the issue. For ward-level routing the placeholder
	// "{ward}" in the code is replaced by the ward code, so one rule
	// serves every ward.
	Department string   `yaml:"department" json:"department" bson:"department"`
	CoHandling []string `yaml:"co_handling,omitempty" json:"co_handling,omitempty" bson:"co_handling,omitempty"`
	ReasonVI   string   `yaml:"reason_vi" json:"reason_vi" bson:"reason_vi"`
	ReasonEN   string   `yaml:"reason_en" json:"reason_en" bson:"reason_en"`
}

// Calendar defines working time for deadlines.
type Calendar struct {
	TimeZone string `yaml:"time_zone" json:"time_zone" bson:"time_zone"`
	// Shifts are the working hours of a working day, "07:30-11:30".
	Shifts []string `yaml:"shifts" json:"shifts" bson:"shifts"`
	// Holidays are dates (YYYY-MM-DD) with no work, on top of weekends.
	Holidays []Holiday `yaml:"holidays" json:"holidays" bson:"holidays"`
	// WorkingSaturdays are Saturdays worked to make up for a bridged holiday.
	WorkingDays []string `yaml:"working_days,omitempty" json:"working_days,omitempty" bson:"working_days,omitempty"`
}

// Holiday is a day off.
type Holiday struct {
	Date   string `yaml:"date" json:"date" bson:"date"`
	NameVI string `yaml:"name_vi" json:"name_vi" bson:"name_vi"`
	NameEN string `yaml:"name_en" json:"name_en" bson:"name_en"`
}

// EscalationPolicy says what happens automatically when deadlines pass.
type EscalationPolicy struct {
	// AutoEscalateToCity moves a ward issue to the city department that
	// handles its category when the resolution deadline passes.
	AutoEscalateToCity bool `yaml:"auto_escalate_to_city" json:"auto_escalate_to_city" bson:"auto_escalate_to_city"`
	// RestartClockOnEscalation gives the city a fresh resolution deadline;
	// otherwise the original deadline keeps running.
	RestartClockOnEscalation bool `yaml:"restart_clock_on_escalation" json:"restart_clock_on_escalation" bson:"restart_clock_on_escalation"`
	// RestartClockOnTransfer gives the receiving department a fresh deadline.
	RestartClockOnTransfer bool `yaml:"restart_clock_on_transfer" json:"restart_clock_on_transfer" bson:"restart_clock_on_transfer"`
}

// Category returns the category with a code.
func (c *Catalogue) Category(code string) (Category, bool) {
	for _, x := range c.Categories {
		if x.Code == code {
			return x, true
		}
	}
	return Category{}, false
}

// Department returns the department with a code.
func (c *Catalogue) Department(code string) (Department, bool) {
	for _, x := range c.Departments {
		if x.Code == code {
			return x, true
		}
	}
	return Department{}, false
}

// Ward returns the ward with a code.
func (c *Catalogue) Ward(code string) (Ward, bool) {
	for _, x := range c.Wards {
		if x.Code == code {
			return x, true
		}
	}
	return Ward{}, false
}

// NameOf names a catalogue entry in lang for messages (i18n.Names): kind
// is "department", "ward", "category" or "city".
func (c *Catalogue) NameOf(kind, code, lang string) (string, bool) {
	if c == nil {
		return "", false
	}
	switch kind {
	case "department":
		if d, ok := c.Department(code); ok {
			return d.Name(lang), true
		}
	case "ward":
		if w, ok := c.Ward(code); ok {
			return w.Name(lang), true
		}
	case "category":
		if x, ok := c.Category(code); ok {
			return x.Name(lang), true
		}
	case "city":
		if lang == "en" && c.City.NameEN != "" {
			return c.City.NameEN, true
		}
		return c.City.NameVI, c.City.NameVI != ""
	}
	return "", false
}
