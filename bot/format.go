package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/civicdesk/civicdesk/models"
)

// hcm is the time zone every time is shown in.
var hcm = func() *time.Location {
	l, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return l
}()

// formatTime shows a time as people in Huế read it: 14:30 24/11/2026.
func formatTime(t time.Time) string { return t.In(hcm).Format("15:04 02/01/2006") }

// maxText keeps messages under Telegram's 4096 characters.
const maxText = 4000

// truncate cuts s to at most n characters, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func levelName(lang string, l models.Level) string {
	if l == models.LevelCity {
		return tr(lang, "level_city")
	}
	return tr(lang, "level_ward")
}

func wardName(lang string, c *models.Catalogue, code string) string {
	if w, ok := c.Ward(code); ok {
		return w.Name(lang)
	}
	return tr(lang, "ward_unknown")
}

func deptName(lang string, c *models.Catalogue, code string) string {
	if d, ok := c.Department(code); ok {
		return d.Name(lang)
	}
	return code
}

func distance(m float64) string {
	if m < 1000 {
		return fmt.Sprintf("%.0f m", m)
	}
	return fmt.Sprintf("%.1f km", m/1000)
}

func statusName(lang string, s models.Status) string { return tr(lang, "status_"+string(s)) }

var statusIcon = map[models.Status]string{
	models.StatusNew: "🆕", models.StatusRouted: "📬", models.StatusInProgress: "🛠",
	models.StatusWaiting: "❓", models.StatusResolved: "✅", models.StatusClosed: "📁", models.StatusRejected: "⛔",
}

// issueLine is one issue in a list.
func issueLine(lang string, iss *models.Issue) string {
	return fmt.Sprintf("%s %s — %s — %s", statusIcon[iss.Status], iss.Code, truncateWords(iss.Title, 60), statusName(lang, iss.Status))
}

// truncateWords shortens s to at most n characters at a word boundary,
// ending with "…", so no word is cut in the middle ("…tầng 3, khôn…").
// A single word longer than the limit is cut.
func truncateWords(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	// The cut falls inside a word unless the next character is a space.
	if !unicode.IsSpace(r[n-1]) {
		if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 {
			cut = cut[:i]
		}
	}
	return strings.TrimRightFunc(cut, func(c rune) bool { return unicode.IsSpace(c) || unicode.IsPunct(c) }) + "…"
}

// renderTimeline is the public view of an issue: where it stands and what
// happened, newest last.
func renderTimeline(lang string, c *models.Catalogue, iss *models.Issue) string {
	var b strings.Builder
	cat, _ := c.Category(iss.Category)
	fmt.Fprintf(&b, "%s %s — %s\n", statusIcon[iss.Status], iss.Code, iss.Title)
	fmt.Fprintf(&b, "%s: %s\n", tr(lang, "f_status"), statusName(lang, iss.Status))
	fmt.Fprintf(&b, "%s: %s\n", tr(lang, "f_category"), cat.Name(lang))
	fmt.Fprintf(&b, "%s: %s\n", tr(lang, "f_handler"), deptName(lang, c, iss.Routing.Department))
	if w := why(lang, c, iss.Routing); w != "" {
		b.WriteString(w + "\n")
	}
	if iss.Open() && iss.SLA.ResolutionDue != nil {
		fmt.Fprintf(&b, "%s: %s %s\n", tr(lang, "f_due"), formatTime(*iss.SLA.ResolutionDue), tr(lang, "working_hours_short"))
	}
	if iss.Supporters > 0 {
		fmt.Fprintf(&b, "%s: %d\n", tr(lang, "f_supporters"), iss.Supporters)
	}
	b.WriteString("\n" + tr(lang, "timeline") + "\n")
	events := iss.Timeline
	if len(events) > 15 {
		b.WriteString("…\n")
		events = events[len(events)-15:]
	}
	for _, e := range events {
		fmt.Fprintf(&b, "• %s — %s\n", e.At.In(hcm).Format("15:04 02/01"), eventText(lang, c, &e))
	}
	return truncate(b.String(), maxText)
}

// eventText says what an event means to a resident.
func eventText(lang string, c *models.Catalogue, e *models.Event) string {
	s := tr(lang, "event_"+string(e.Type))
	if strings.HasPrefix(s, "event_") {
		s = string(e.Type)
	}
	switch e.Type {
	case models.EventRouted, models.EventTransferred, models.EventEscalated, models.EventReturned:
		s += ": " + deptName(lang, c, e.To)
	case models.EventStarted, models.EventAnswered, models.EventInfoRequested, models.EventResolved:
		if e.Actor.Department != "" {
			s += " (" + deptName(lang, c, e.Actor.Department) + ")"
		}
	case models.EventRated:
		s += ": " + e.To
	case models.EventMarkedDuplicate:
		s += ": " + e.To
	case models.EventRejected:
		s += ": " + tr(lang, "reject_"+e.To)
	}
	// Routing explanations are long and only in Vietnamese; what officials
	// wrote to the resident is what matters here.
	if e.Message != "" && e.Type != models.EventRouted && e.Type != models.EventCreated {
		s += "\n   " + truncate(e.Message, 500)
	}
	return s
}
