package catalogue

import (
	"fmt"
	"math"
	"strings"

	"github.com/civicdesk/civicdesk/geo"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/sla"
)

// wardPlaceholder must match routing.WardPlaceholder. It is repeated rather
// than imported so routing's tests can use this package's Default without
// an import cycle.
const wardPlaceholder = "{ward}"

// reporterKinds are all reporter kinds, for messages.
var reporterKinds = []models.ReporterKind{models.ReporterResident, models.ReporterOrganisation, models.ReporterOfficial, models.ReporterImported}

// Validate checks a catalogue, whether it came from a file or from an admin
// edit. name is the file name (or "catalogue") used in messages. Problems
// are collected in file order and reported together.
func Validate(c *models.Catalogue, name string) error {
	var p problems
	if c == nil {
		p.add("", "the catalogue is empty")
		return p.err(name)
	}
	v := validator{c: c, p: &p}
	v.checkCity()
	v.checkWards()
	v.checkCategories() // before departments: departments name categories
	v.checkDepartments()
	v.checkRules()
	v.checkCoverage()
	v.checkCalendar()
	v.checkEscalation()
	if c.ReopenDays < 1 || c.ReopenDays > 90 {
		p.add("reopen_days", "must be between 1 and 90 days (got %d)", c.ReopenDays)
	}
	if r := c.MeTooRadiusMeters; math.IsNaN(r) || r < 1 || r > 5000 {
		p.add("me_too_radius_m", "must be between 1 and 5000 metres (got %v)", r)
	}
	return p.err(name)
}

type validator struct {
	c *models.Catalogue
	p *problems
	// Sets of well-formed, unique codes, for cross-references.
	wards, categories, departments map[string]bool
	prefixes                       map[string]string // prefix → entry label
}

func (v *validator) checkCity() {
	c := v.c.City
	if !models.IsCode(c.Code) {
		v.p.add("city", "%s", badCode(c.Code))
	}
	v.prefixes = map[string]string{}
	if err := checkPrefix(c.Prefix); err != "" {
		v.p.add("city", "%s", err)
	} else {
		v.prefixes[c.Prefix] = "city"
	}
	v.names("city", c.NameVI, c.NameEN)
	if c.Boundary != nil {
		if err := geo.ValidateGeometry(*c.Boundary); err != nil {
			v.p.add("city", "boundary: %v", err)
		}
	}
}

func (v *validator) checkWards() {
	v.wards = map[string]bool{}
	if len(v.c.Wards) == 0 {
		v.p.add("wards", "at least one ward is needed")
	}
	seen := map[string]string{}
	for i, w := range v.c.Wards {
		label := codeLabel("wards", i, w.Code)
		if v.code(label, w.Code, seen) {
			v.wards[w.Code] = true
		}
		if err := checkPrefix(w.Prefix); err != "" {
			v.p.add(label, "%s", err)
		} else if other, dup := v.prefixes[w.Prefix]; dup {
			v.p.add(label, "prefix %q is already used by %s", w.Prefix, other)
		} else {
			v.prefixes[w.Prefix] = label
		}
		v.names(label, w.NameVI, w.NameEN)
		if err := geo.ValidateGeometry(w.Boundary); err != nil {
			v.p.add(label, "boundary: %v", err)
		}
	}
}

func (v *validator) checkCategories() {
	v.categories = map[string]bool{}
	if len(v.c.Categories) == 0 {
		v.p.add("categories", "at least one category is needed")
	}
	seen := map[string]string{}
	for i, cat := range v.c.Categories {
		label := codeLabel("categories", i, cat.Code)
		if v.code(label, cat.Code, seen) {
			v.categories[cat.Code] = true
		}
		v.names(label, cat.NameVI, cat.NameEN)
		if !cat.DefaultLevel.Valid() {
			v.p.add(label, "default_level %q must be %q or %q", cat.DefaultLevel, models.LevelWard, models.LevelCity)
		}
		if !(cat.ResponseHours > 0) || math.IsInf(cat.ResponseHours, 0) {
			v.p.add(label, "response_hours must be more than 0 (got %v)", cat.ResponseHours)
		} else if !(cat.ResolutionHours >= cat.ResponseHours) || math.IsInf(cat.ResolutionHours, 0) {
			v.p.add(label, "resolution_hours (%v) must be at least response_hours (%v)", cat.ResolutionHours, cat.ResponseHours)
		}
		if strings.TrimSpace(cat.HintVI) == "" {
			v.p.add(label, "hint_vi is empty")
		}
		if strings.TrimSpace(cat.HintEN) == "" {
			v.p.add(label, "hint_en is empty")
		}
	}
}

func (v *validator) checkDepartments() {
	v.departments = map[string]bool{}
	if len(v.c.Departments) == 0 {
		v.p.add("departments", "at least one department is needed")
	}
	seen := map[string]string{}
	for i, d := range v.c.Departments {
		label := codeLabel("departments", i, d.Code)
		if v.code(label, d.Code, seen) {
			v.departments[d.Code] = true
		}
		v.names(label, d.NameVI, d.NameEN)
		switch d.Level {
		case models.LevelWard:
			if d.Ward == "" {
				v.p.add(label, "a ward-level department needs a ward")
			} else if !v.wards[d.Ward] {
				v.p.add(label, "ward %q does not exist", d.Ward)
			}
		case models.LevelCity:
			if d.Ward != "" {
				v.p.add(label, "a city-level department must not have a ward (it has %q)", d.Ward)
			}
		default:
			v.p.add(label, "level %q must be %q or %q", d.Level, models.LevelWard, models.LevelCity)
		}
		if len(d.Categories) == 0 {
			v.p.add(label, "handles no category: list the categories it handles")
		}
		listed := map[string]bool{}
		for _, cat := range d.Categories {
			switch {
			case listed[cat]:
				v.p.add(label, "category %q is listed twice", cat)
			case !v.categories[cat]:
				v.p.add(label, "category %q does not exist", cat)
			}
			listed[cat] = true
		}
	}
}

func (v *validator) checkRules() {
	type key struct {
		category, ward string
		kind           models.ReporterKind
	}
	first := map[key]string{}
	for i, r := range v.c.Rules {
		label := ruleLabel(i, r.Category, r.Ward, r.ReporterKind)
		if !v.categories[r.Category] {
			v.p.add(label, "category %q does not exist", r.Category)
		}
		if r.Ward != "" && !v.wards[r.Ward] {
			v.p.add(label, "ward %q does not exist", r.Ward)
		}
		if r.ReporterKind != "" && !r.ReporterKind.Valid() {
			v.p.add(label, "reporter_kind %q must be one of %s", r.ReporterKind, kindList())
		}
		if strings.TrimSpace(r.ReasonVI) == "" {
			v.p.add(label, "reason_vi is empty")
		}
		if strings.TrimSpace(r.ReasonEN) == "" {
			v.p.add(label, "reason_en is empty")
		}
		k := key{r.Category, r.Ward, r.ReporterKind}
		if other, dup := first[k]; dup {
			v.p.add(label, "never applies: %s matches the same category, ward and reporter kind and comes first", other)
		} else {
			first[k] = fmt.Sprintf("rules[%d]", i)
		}

		if problem := v.resolve(r, r.Department, true); problem != "" {
			v.p.add(label, "%s", problem)
		}
		for _, co := range r.CoHandling {
			if problem := v.resolve(r, co, false); problem != "" {
				v.p.add(label, "co_handling: %s", problem)
			}
		}
	}
}

// resolve checks a rule's department (or co-handling department) for every
// ward the rule can apply to: its own ward, or every ward when it has none.
// It returns the first problem found.
func (v *validator) resolve(r models.Rule, code string, mustHandle bool) string {
	if !strings.Contains(code, wardPlaceholder) {
		return v.checkDepartment(r, code, mustHandle)
	}
	wards := []string{r.Ward}
	if r.Ward == "" {
		wards = wards[:0]
		for _, w := range v.c.Wards {
			wards = append(wards, w.Code)
		}
	}
	for _, w := range wards {
		if problem := v.checkDepartment(r, strings.ReplaceAll(code, wardPlaceholder, w), mustHandle); problem != "" {
			return problem + fmt.Sprintf(" (%q for ward %q)", code, w)
		}
	}
	return ""
}

func (v *validator) checkDepartment(r models.Rule, code string, mustHandle bool) string {
	if code == "" {
		return "department is empty"
	}
	d, ok := v.c.Department(code)
	if !ok || !v.departments[code] {
		return fmt.Sprintf("department %q does not exist", code)
	}
	if mustHandle && v.categories[r.Category] && !d.Handles(r.Category) {
		return fmt.Sprintf("department %q does not handle category %q", code, r.Category)
	}
	return ""
}

// checkCoverage makes sure routing never fails for a known category in a known
// ward. It mirrors routing.Route: a rule for every reporter (no
// reporter_kind) in the ward or in every ward routes it; otherwise the
// category's default level needs a department. Rules limited to one reporter
// kind do not cover the others, so they do not count here.
func (v *validator) checkCoverage() {
	for _, cat := range v.c.Categories {
		if !v.categories[cat.Code] {
			continue
		}
		if cat.DefaultLevel == models.LevelCity && !v.cityHandles(cat.Code) {
			v.p.add(codeLabel("categories", v.index(cat.Code), cat.Code), "default_level is %q but no city department handles it", models.LevelCity)
		}
		for _, w := range v.c.Wards {
			if !v.wards[w.Code] || v.ruleCovers(cat.Code, w.Code) {
				continue
			}
			switch cat.DefaultLevel {
			case models.LevelWard:
				if v.wardHandles(w.Code, cat.Code) {
					continue
				}
			case models.LevelCity:
				if v.cityHandles(cat.Code) {
					continue
				}
			default:
				continue // already reported
			}
			v.p.add("coverage", "category %q is handled by nobody in ward %q: add a rule, or a department of that ward that handles it", cat.Code, w.Code)
		}
	}
}

func (v *validator) ruleCovers(category, ward string) bool {
	for _, r := range v.c.Rules {
		if r.Category == category && (r.Ward == "" || r.Ward == ward) && r.ReporterKind == "" {
			return true
		}
	}
	return false
}

func (v *validator) wardHandles(ward, category string) bool {
	for _, d := range v.c.Departments {
		if d.Level == models.LevelWard && d.Ward == ward && d.Handles(category) {
			return true
		}
	}
	return false
}

func (v *validator) cityHandles(category string) bool {
	for _, d := range v.c.Departments {
		if d.Level == models.LevelCity && d.Handles(category) {
			return true
		}
	}
	return false
}

func (v *validator) index(category string) int {
	for i, c := range v.c.Categories {
		if c.Code == category {
			return i
		}
	}
	return -1
}

func (v *validator) checkCalendar() {
	if _, err := sla.New(v.c.Calendar); err != nil {
		v.p.add("calendar", "%v", err)
	}
	for i, h := range v.c.Calendar.Holidays {
		// Labelled like the errors of sla.New, which name holidays the same way.
		if strings.TrimSpace(h.NameVI) == "" {
			v.p.add("calendar", "holidays[%d] %q: name_vi is empty", i, h.Date)
		}
		if strings.TrimSpace(h.NameEN) == "" {
			v.p.add("calendar", "holidays[%d] %q: name_en is empty", i, h.Date)
		}
	}
}

// checkEscalation: the deadline sweeper escalates ward issues to the city; a
// category without a city department would make that fail at run time.
func (v *validator) checkEscalation() {
	if !v.c.Escalation.AutoEscalateToCity {
		return
	}
	for _, cat := range v.c.Categories {
		if v.categories[cat.Code] && cat.DefaultLevel == models.LevelWard && !v.cityHandles(cat.Code) {
			v.p.add("escalation", "auto_escalate_to_city is on, but no city department handles category %q", cat.Code)
		}
	}
}

// code checks a code's form and uniqueness within its list; it reports
// whether the code can be referred to.
func (v *validator) code(label, code string, seen map[string]string) bool {
	if !models.IsCode(code) {
		v.p.add(label, "%s", badCode(code))
		return false
	}
	if other, dup := seen[code]; dup {
		v.p.add(label, "code %q is already used by %s", code, other)
		return false
	}
	seen[code] = label
	return true
}

func (v *validator) names(label, vi, en string) {
	if strings.TrimSpace(vi) == "" {
		v.p.add(label, "name_vi is empty")
	}
	if strings.TrimSpace(en) == "" {
		v.p.add(label, "name_en is empty")
	}
}

func badCode(code string) string {
	if code == "" {
		return "code is empty"
	}
	return fmt.Sprintf("code %q must be 1 to 64 lowercase letters a-z, digits, '-' or '_'", code)
}

// checkPrefix: issue codes start with the prefix (KL-2026-0042), and are
// read out over the phone and copied by hand, so I and O are excluded: they
// are taken for 1 and 0.
func checkPrefix(prefix string) string {
	if len(prefix) < 2 || len(prefix) > 4 {
		return fmt.Sprintf("prefix %q must be 2 to 4 capital letters", prefix)
	}
	for _, r := range prefix {
		if r < 'A' || r > 'Z' {
			return fmt.Sprintf("prefix %q must be 2 to 4 capital letters A-Z", prefix)
		}
		if r == 'I' || r == 'O' {
			return fmt.Sprintf("prefix %q must not contain I or O, which are mistaken for 1 and 0", prefix)
		}
	}
	return ""
}

func kindList() string {
	s := make([]string, len(reporterKinds))
	for i, k := range reporterKinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}
