package routing

import "github.com/civicdesk/civicdesk/models"

// Escalate sends an issue from a ward department up to the city department
// that handles its category: the first rule of the category (for the
// department's ward or for every ward) whose department is a city
// department handling it, otherwise the first city department that handles
// the category. The decision keeps the ward of the issue and has no
// co-handling: the rule may be meant for another kind of reporter, and the
// ward department that escalated stays on record (models.Routing's
// EscalatedFrom) to receive the issue back.
func Escalate(c *models.Catalogue, issueCategory, fromDepartment string) (Decision, error) {
	cat, ok := c.Category(issueCategory)
	if !ok {
		return Decision{}, models.InvalidE("category", "category.unknown", "code", issueCategory)
	}
	from, ok := c.Department(fromDepartment)
	if !ok {
		return Decision{}, models.InvalidE("department", "department.unknown", "code", fromDepartment)
	}
	if from.Level == models.LevelCity {
		return Decision{}, models.E(models.EConflict, "routing.at_city", "department", from.Code)
	}

	var (
		target models.Department
		found  bool
	)
	for _, r := range c.Rules {
		if r.Category != cat.Code || (r.Ward != "" && r.Ward != from.Ward) {
			continue
		}
		code, ok := expand(r.Department, from.Ward)
		if !ok {
			continue
		}
		if d, ok := c.Department(code); ok && d.Level == models.LevelCity && d.Handles(cat.Code) {
			target, found = d, true
			break
		}
	}
	if !found {
		if target, found = cityDepartment(c, cat.Code); !found {
			return Decision{}, models.InvalidE("category", "routing.no_city", "category", cat.Code)
		}
	}
	d := decide(c, target, from.Ward, nil)
	d.ExplainVI = "Được chuyển từ " + from.NameVI + " lên " + who(c, target, "vi") +
		", đơn vị cấp thành phố phụ trách lĩnh vực “" + cat.NameVI + "”."
	d.ExplainEN = "Escalated from " + from.NameEN + " to " + who(c, target, "en") +
		", the city department responsible for “" + cat.NameEN + "”."
	return d, nil
}

// Transfer moves an issue to a department an official chose. The target must
// exist and handle the category: sending an issue where nobody will act on
// it is the mistake this guards against. ward is the issue's ward; when the
// target is a ward department, the issue goes to that department's ward
// (a transfer to a neighbouring ward corrects a wrongly placed report).
func Transfer(c *models.Catalogue, category, toDepartment, ward string) (Decision, error) {
	cat, ok := c.Category(category)
	if !ok {
		return Decision{}, models.InvalidE("category", "category.unknown", "code", category)
	}
	to, ok := c.Department(toDepartment)
	if !ok {
		return Decision{}, models.InvalidE("department", "department.unknown", "code", toDepartment)
	}
	if ward != "" {
		if _, ok := c.Ward(ward); !ok {
			return Decision{}, models.InvalidE("ward", "ward.unknown", "code", ward)
		}
	}
	if !to.Handles(cat.Code) {
		return Decision{}, models.InvalidE("department", "routing.not_handling", "department", to.Code, "category", cat.Code)
	}
	if to.Level == models.LevelWard {
		ward = to.Ward
	}
	d := decide(c, to, ward, nil)
	d.ExplainVI = "Chuyển đến " + who(c, to, "vi") + ", đơn vị phụ trách lĩnh vực “" + cat.NameVI + "”."
	d.ExplainEN = "Transferred to " + who(c, to, "en") + ", which handles “" + cat.NameEN + "”."
	return d, nil
}

// ReturnToWard sends an issue (typically escalated earlier) back to the ward
// department for its ward and category: the best-matching rule that resolves
// to a ward department, otherwise the first department of the ward that
// handles the category.
func ReturnToWard(c *models.Catalogue, category, ward string) (Decision, error) {
	cat, ok := c.Category(category)
	if !ok {
		return Decision{}, models.InvalidE("category", "category.unknown", "code", category)
	}
	if ward == "" {
		return Decision{}, models.InvalidE("ward", "ward.needed_to_return")
	}
	if _, ok := c.Ward(ward); !ok {
		return Decision{}, models.InvalidE("ward", "ward.unknown", "code", ward)
	}

	wardLevel := func(r models.Rule) bool {
		code, ok := expand(r.Department, ward)
		d, found := c.Department(code)
		return ok && found && d.Level == models.LevelWard && d.Handles(cat.Code)
	}
	var (
		dept models.Department
		co   []string
	)
	if r, ok := bestRule(c, Input{Category: cat.Code, Ward: ward}, wardLevel); ok {
		code, _ := expand(r.Department, ward)
		dept, _ = c.Department(code)
		co = coHandling(c, r, ward, code)
	} else if dept, ok = wardDepartment(c, ward, cat.Code); !ok {
		return Decision{}, models.InvalidE("category", "routing.no_ward_dept", "ward", ward, "category", cat.Code)
	}
	d := decide(c, dept, ward, co)
	d.ExplainVI = "Trả về " + who(c, dept, "vi") + " để giải quyết tại phường." + withVI(c, co)
	d.ExplainEN = "Returned to " + who(c, dept, "en") + " to be handled in the ward." + withEN(c, co)
	return d, nil
}
