package bot

import (
	"strings"

	"github.com/civicdesk/civicdesk/models"
)

// why says why this office handles the issue (the routing's stored
// reason) and which departments work with it, in lang: residents are
// told on confirmation, in /status and with every move (#7).
func why(lang string, c *models.Catalogue, r models.Routing) string {
	explain := r.ExplainVI
	if lang == "en" && r.ExplainEN != "" {
		explain = r.ExplainEN
	}
	var lines []string
	if explain != "" {
		lines = append(lines, tr(lang, "why", explain))
	}
	if len(r.CoHandling) > 0 {
		names := make([]string, 0, len(r.CoHandling))
		for _, d := range r.CoHandling {
			names = append(names, deptName(lang, c, d))
		}
		lines = append(lines, tr(lang, "co_handling", strings.Join(names, ", ")))
	}
	return strings.Join(lines, "\n")
}

// deadlines lists an open issue's deadlines, saying they count working
// hours; "" when it has none.
func deadlines(lang string, iss *models.Issue) string {
	var lines []string
	if iss.SLA.ResponseDue != nil && iss.SLA.FirstResponseAt == nil {
		lines = append(lines, tr(lang, "due_response", formatTime(*iss.SLA.ResponseDue)))
	}
	if iss.SLA.ResolutionDue != nil {
		lines = append(lines, tr(lang, "due_resolution", formatTime(*iss.SLA.ResolutionDue)))
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(append(lines, tr(lang, "working_hours")), "\n")
}
