package routing

import (
	"strings"

	"github.com/civicdesk/civicdesk/models"
)

// who names a department with its level and place, the way a resident would
// say it: "Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long (cấp phường:
// Kim Long)" / "... (ward level: Kim Long ward)".
func who(c *models.Catalogue, d models.Department, lang string) string {
	return d.Name(lang) + " (" + level(c, d, lang) + ")"
}

func level(c *models.Catalogue, d models.Department, lang string) string {
	if d.Level == models.LevelWard {
		name := d.Ward
		if w, ok := c.Ward(d.Ward); ok {
			name = w.Name(lang)
		}
		if lang == "en" {
			return "ward level: " + suffixed(name, "ward", "commune")
		}
		return "cấp phường: " + name
	}
	if lang == "en" {
		return "city level: " + suffixed(c.City.NameEN, "city")
	}
	return "cấp thành phố: " + c.City.NameVI
}

// suffixed appends the first word unless the name already ends with one of
// the words, so "Kim Long" becomes "Kim Long ward" but "Kim Long Ward" stays.
func suffixed(name string, words ...string) string {
	lower := strings.ToLower(name)
	for _, w := range words {
		if strings.HasSuffix(lower, " "+w) {
			return name
		}
	}
	return name + " " + words[0]
}

// clause prepares a rule's reason to follow "vì"/"because": reasons are
// written as clauses, and a trailing full stop is dropped so the sentence
// does not end with two.
func clause(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), ".")
}

// sentence makes sure a hint ends like a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

func names(c *models.Catalogue, codes []string, lang string) string {
	out := make([]string, 0, len(codes))
	for _, code := range codes {
		if d, ok := c.Department(code); ok {
			out = append(out, d.Name(lang))
		}
	}
	return strings.Join(out, "; ")
}

func withVI(c *models.Catalogue, co []string) string {
	if len(co) == 0 {
		return ""
	}
	return " Phối hợp xử lý: " + names(c, co, "vi") + "."
}

func withEN(c *models.Catalogue, co []string) string {
	if len(co) == 0 {
		return ""
	}
	return " Together with: " + names(c, co, "en") + "."
}
