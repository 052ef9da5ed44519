package routing

import (
	"strings"

	"github.com/civicdesk/civicdesk/models"
)

// WardPlaceholder in a rule's department (or co-handling) code stands for
// the ward code, so "{ward}-infra" serves every ward.
const WardPlaceholder = "{ward}"

// Input is what routing needs to know about a new issue.
type Input struct {
	Category string
	// Ward is the ward the issue is in; empty when the location is unknown,
	// which is enough only for categories handled by the city.
	Ward         string
	ReporterKind models.ReporterKind
}

// Decision is who handles an issue. It maps onto models.Routing.
type Decision struct {
	Department string
	Level      models.Level
	// Ward is the ward of the issue (not necessarily of the department):
	// a city department handles issues located in a ward too.
	Ward       string
	CoHandling []string
	ExplainVI  string
	ExplainEN  string
}

// Route picks the department for a new issue. Candidate rules are those of
// the category whose ward is empty or the ward and whose reporter
// kind is empty or the reporter's; a ward match scores 2 and a reporter kind
// match 1, so "this ward" beats "this kind of reporter" beats "everyone",
// and equal scores go to the rule listed first. Without a candidate the
// category's default level applies: the first department of that level (in
// the ward, for ward level) that handles the category.
func Route(c *models.Catalogue, in Input) (Decision, error) {
	cat, ok := c.Category(in.Category)
	if !ok {
		return Decision{}, models.InvalidE("category", "category.unknown", "code", in.Category)
	}
	if in.Ward != "" {
		if _, ok := c.Ward(in.Ward); !ok {
			return Decision{}, models.InvalidE("ward", "ward.unknown", "code", in.Ward)
		}
	}

	if r, ok := bestRule(c, in, nil); ok {
		code, ok := expand(r.Department, in.Ward)
		if !ok {
			return Decision{}, needWard(cat)
		}
		dept, ok := c.Department(code)
		if !ok {
			return Decision{}, brokenCatalogue("a rule for category %q names department %q, which does not exist", cat.Code, code)
		}
		if dept.Level == models.LevelWard && in.Ward == "" {
			return Decision{}, needWard(cat)
		}
		d := decide(c, dept, in.Ward, coHandling(c, r, in.Ward, dept.Code))
		d.ExplainVI = "Được xử lý bởi " + who(c, dept, "vi") + " vì " + clause(r.ReasonVI) + "." + withVI(c, d.CoHandling)
		d.ExplainEN = "Handled by " + who(c, dept, "en") + " because " + clause(r.ReasonEN) + "." + withEN(c, d.CoHandling)
		return d, nil
	}

	var dept models.Department
	switch cat.DefaultLevel {
	case models.LevelWard:
		if in.Ward == "" {
			return Decision{}, needWard(cat)
		}
		if dept, ok = wardDepartment(c, in.Ward, cat.Code); !ok {
			return Decision{}, brokenCatalogue("category %q is handled by nobody in ward %q", cat.Code, in.Ward)
		}
	default:
		if dept, ok = cityDepartment(c, cat.Code); !ok {
			return Decision{}, brokenCatalogue("category %q is handled by no city department", cat.Code)
		}
	}
	d := decide(c, dept, in.Ward, nil)
	// The category hint is a full sentence telling residents who handles
	// such issues; it is the reason when no rule gave one.
	d.ExplainVI = "Được xử lý bởi " + who(c, dept, "vi") + ". " + sentence(cat.HintVI)
	d.ExplainEN = "Handled by " + who(c, dept, "en") + ". " + sentence(cat.HintEN)
	return d, nil
}

// bestRule applies the scoring described at Route. accept, when set, further
// restricts the candidates (ReturnToWard wants ward departments only).
func bestRule(c *models.Catalogue, in Input, accept func(models.Rule) bool) (models.Rule, bool) {
	best, bestScore := -1, -1
	for i, r := range c.Rules {
		if r.Category != in.Category {
			continue
		}
		score := 0
		switch r.Ward {
		case "":
		case in.Ward:
			score += 2
		default:
			continue
		}
		switch r.ReporterKind {
		case "":
		case in.ReporterKind:
			score++
		default:
			continue
		}
		if accept != nil && !accept(r) {
			continue
		}
		if score > bestScore { // strictly greater: ties keep the first rule
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return models.Rule{}, false
	}
	return c.Rules[best], true
}

// expand replaces the ward placeholder; it fails when the code needs a ward
// and none is known.
func expand(code, ward string) (string, bool) {
	if !strings.Contains(code, WardPlaceholder) {
		return code, true
	}
	if ward == "" {
		return "", false
	}
	return strings.ReplaceAll(code, WardPlaceholder, ward), true
}

// coHandling expands a rule's co-handling departments. Those that need a
// ward are left out when the issue has none (a city matter reported without
// a location), as are unknown codes, duplicates and the main department.
func coHandling(c *models.Catalogue, r models.Rule, ward, main string) []string {
	var out []string
	for _, code := range r.CoHandling {
		code, ok := expand(code, ward)
		if !ok || code == main {
			continue
		}
		if _, ok := c.Department(code); !ok {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == code
		}
		if !dup {
			out = append(out, code)
		}
	}
	return out
}

// wardDepartment is the default for ward-level categories: the first
// department of that ward, in file order, that handles the category.
func wardDepartment(c *models.Catalogue, ward, category string) (models.Department, bool) {
	for _, d := range c.Departments {
		if d.Level == models.LevelWard && d.Ward == ward && d.Handles(category) {
			return d, true
		}
	}
	return models.Department{}, false
}

// cityDepartment is the default for city-level categories.
func cityDepartment(c *models.Catalogue, category string) (models.Department, bool) {
	for _, d := range c.Departments {
		if d.Level == models.LevelCity && d.Handles(category) {
			return d, true
		}
	}
	return models.Department{}, false
}

func decide(c *models.Catalogue, dept models.Department, ward string, co []string) Decision {
	return Decision{Department: dept.Code, Level: dept.Level, Ward: ward, CoHandling: co}
}

func needWard(cat models.Category) error {
	return models.InvalidE("ward", "ward.needed", "category", cat.Code)
}

// brokenCatalogue reports a catalogue that validation should have refused;
// it is a bug or a catalogue edited around validation, not a user mistake.
func brokenCatalogue(format string, args ...any) error {
	return models.Errorf(models.EInternal, "the catalogue is inconsistent: "+format, args...)
}
