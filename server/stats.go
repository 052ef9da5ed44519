package server

import (
	"bufio"
	"encoding/csv"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

var statsQuery = []param{
	{Name: "from", Desc: "first local day (YYYY-MM-DD), inclusive; default 29 days before to"},
	{Name: "to", Desc: "last local day (YYYY-MM-DD), inclusive; default today"},
	{Name: "group_by", Desc: "group the figures", Repeated: true, Enum: []string{"department", "ward", "level", "category"}},
	{Name: "department", Desc: "only this department"},
	{Name: "ward", Desc: "only this ward"},
	{Name: "level", Desc: "only this level", Enum: []string{"ward", "city"}},
	{Name: "category", Desc: "only this category"},
	{Name: "format", Desc: "json (default) or csv; Accept: text/csv also gives CSV", Enum: []string{"json", "csv"}},
}

type statsAnswer struct {
	From    string           `json:"from"`
	To      string           `json:"to"`
	GroupBy []string         `json:"group_by"`
	Figures []models.Figures `json:"figures"`
}

// stats answers the figures as JSON or CSV. Figures are aggregates with
// no personal data, so every signed-in caller (and, through
// /api/v1/public/stats, anyone) may read them.
func (s *Server) stats(c *fiber.Ctx) error {
	probs := models.Problems{}
	loc := s.svc.Calendar().Location()
	q := service.StatsQuery{
		From:       queryDate(c, probs, "from", loc),
		To:         queryDate(c, probs, "to", loc),
		GroupBy:    query(c, "group_by"),
		Department: query1(c, probs, "department"),
		Ward:       query1(c, probs, "ward"),
		Level:      models.Level(query1(c, probs, "level")),
		Category:   query1(c, probs, "category"),
	}
	format := query1(c, probs, "format")
	switch format {
	case "":
		if strings.Contains(c.Get(fiber.HeaderAccept), "text/csv") {
			format = "csv"
		}
	case "json", "csv":
	default:
		probs.Add("format", "must be json or csv")
	}
	if err := probs.Err("the statistics query"); err != nil {
		return err
	}
	figs, err := s.svc.Figures(c.UserContext(), q)
	if err != nil {
		return err
	}
	// The service fills in default dates; say which period this is.
	from, to := q.From, q.To
	if to.IsZero() {
		to = s.cfg.Clock.Now().In(loc)
	}
	if from.IsZero() {
		from = to.AddDate(0, 0, -29)
	}
	a := statsAnswer{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), GroupBy: q.GroupBy, Figures: figs}
	if a.GroupBy == nil {
		a.GroupBy = []string{}
	}
	if format == "csv" {
		return sendCSV(c, a)
	}
	return c.JSON(a)
}

var csvHeader = []string{"from", "to", "department", "ward", "level", "category", "received", "resolved",
	"resolved_on_time", "resolved_late", "reopened", "open_now", "overdue_now", "on_time_rate", "overdue_rate",
	"median_response_hours", "median_resolution_hours"}

// sendCSV streams the figures, one row per group after a header row.
func sendCSV(c *fiber.Ctx, a statsAnswer) error {
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="civicdesk-stats-`+a.From+`-`+a.To+`.csv"`)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		cw := csv.NewWriter(w)
		_ = cw.Write(csvHeader)
		for _, f := range a.Figures {
			g := f.Group
			_ = cw.Write([]string{a.From, a.To, cell(g.Department), cell(g.Ward), cell(string(g.Level)), cell(g.Category),
				itoa(f.Received), itoa(f.Resolved), itoa(f.ResolvedOnTime), itoa(f.ResolvedLate), itoa(f.Reopened),
				itoa(f.OpenNow), itoa(f.OverdueNow), ftoa(&f.OnTimeRate), ftoa(&f.OverdueRate),
				ftoa(f.MedianResponseHours), ftoa(f.MedianResolutionHours)})
			cw.Flush()
		}
		cw.Flush()
	})
	return nil
}

// cell keeps spreadsheet programs from reading a value as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ftoa(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', 4, 64)
}
