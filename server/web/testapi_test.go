package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// testAPI is a minimal stand-in for package server, implementing only the
// /api/v1 endpoints the pages call, over the real service and with the
// same contract (JSON field names from models, errors as
// {"error":{"code","message","fields"}}, ETag and If-Match on issues).
type testAPI struct {
	svc   *service.Service
	clock service.Clock
}

func mountTestAPI(r fiber.Router, svc *service.Service, clock service.Clock) {
	a := &testAPI{svc, clock}
	v1 := r.Group("/api/v1", func(c *fiber.Ctx) error {
		c.Locals("catalogue", svc.Catalogue())
		return c.Next()
	})
	v1.Post("/auth/login", a.login)
	v1.Get("/auth/me", a.auth, a.me)
	v1.Post("/auth/logout", a.logout)
	v1.Get("/catalogue", a.auth, a.catalogue)
	v1.Get("/public/catalogue", a.publicCatalogue)
	v1.Get("/issues", a.auth, a.listIssues)
	v1.Get("/issues/:ref", a.auth, a.getIssue)
	v1.Post("/issues/:ref/:action", a.auth, a.act)
	v1.Get("/public/issues", a.publicIssues)
	v1.Get("/public/issues/:ref", a.publicIssue)
	v1.Get("/public/issues/:ref/photos/:photo", a.publicPhoto)
	v1.Get("/public/stats", a.stats)
	v1.Get("/public/who-handles", a.whoHandles)
}

var errStatus = map[models.ErrorCode]int{
	models.EInvalid:      fiber.StatusBadRequest,
	models.ENotFound:     fiber.StatusNotFound,
	models.EConflict:     fiber.StatusConflict,
	models.EForbidden:    fiber.StatusForbidden,
	models.EUnauthorized: fiber.StatusUnauthorized,
	models.EUnavailable:  fiber.StatusServiceUnavailable,
	models.EInternal:     fiber.StatusInternalServerError,
}

// fail answers like the real API: the message in the language the page
// sends as Accept-Language (a "vi" prefix here; the real parsing is
// tested in package server), catalogue codes named.
func fail(c *fiber.Ctx, err error) error {
	code := models.ErrorCodeOf(err)
	lang := "en"
	if strings.HasPrefix(c.Get(fiber.HeaderAcceptLanguage), "vi") {
		lang = "vi"
	}
	key, params := models.ErrorKeyOf(err)
	return c.Status(errStatus[code]).JSON(fiber.Map{"error": fiber.Map{
		"code": code, "message": models.ErrorText(err, lang, catalogueOf(c)), "fields": models.ErrorFieldsOf(err),
		"key": key, "params": params,
	}})
}

func catalogueOf(c *fiber.Ctx) *models.Catalogue {
	cat, _ := c.Locals("catalogue").(*models.Catalogue)
	return cat
}

func bearer(c *fiber.Ctx) string {
	h := c.Get(fiber.HeaderAuthorization)
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

func (a *testAPI) auth(c *fiber.Ctx) error {
	p, err := a.svc.Authenticate(c.UserContext(), bearer(c))
	if err != nil {
		return fail(c, err)
	}
	c.Locals("principal", p)
	return c.Next()
}

func principal(c *fiber.Ctx) models.Principal { return c.Locals("principal").(models.Principal) }

func (a *testAPI) login(c *fiber.Ctx) error {
	var in struct{ Username, Password string }
	if err := c.BodyParser(&in); err != nil {
		return fail(c, models.Invalidf("body", "the body is not JSON"))
	}
	token, sess, u, err := a.svc.Login(c.UserContext(), in.Username, in.Password)
	if err != nil {
		return fail(c, err)
	}
	return c.JSON(fiber.Map{"token": token, "expires_at": sess.ExpiresAt, "user": u})
}

func (a *testAPI) me(c *fiber.Ctx) error { return c.JSON(principal(c).User) }

func (a *testAPI) logout(c *fiber.Ctx) error {
	if err := a.svc.Logout(c.UserContext(), bearer(c)); err != nil {
		return fail(c, err)
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (a *testAPI) catalogue(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"version": a.svc.CatalogueVersion(), "catalogue": a.svc.Catalogue()})
}

// publicCatalogue is the endpoint the portal asks package server for: the
// names of wards, departments and categories, without boundaries, chat
// ids or rules.
func (a *testAPI) publicCatalogue(c *fiber.Ctx) error {
	cat := a.svc.Catalogue()
	out := models.Catalogue{City: cat.City, Categories: cat.Categories, Calendar: models.Calendar{TimeZone: cat.Calendar.TimeZone}}
	for _, w := range cat.Wards {
		out.Wards = append(out.Wards, models.Ward{Code: w.Code, Prefix: w.Prefix, NameVI: w.NameVI, NameEN: w.NameEN})
	}
	for _, d := range cat.Departments {
		d.TelegramChatID = 0
		out.Departments = append(out.Departments, d)
	}
	return c.JSON(fiber.Map{"version": a.svc.CatalogueVersion(), "catalogue": out})
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func filterOf(c *fiber.Ctx) (models.IssueFilter, error) {
	f := models.IssueFilter{
		Categories: split(c.Query("category")), Departments: split(c.Query("department")), Wards: split(c.Query("ward")),
		Text: c.Query("q"), Sort: models.IssueSort(c.Query("sort")), Desc: c.Query("order") == "desc", Cursor: c.Query("cursor"),
	}
	for _, s := range split(c.Query("status")) {
		f.Statuses = append(f.Statuses, models.Status(s))
	}
	if v := c.Query("overdue"); v != "" {
		b := v == "true"
		f.Overdue = &b
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, models.Invalidf("limit", "must be a number")
		}
		f.Limit = n
	}
	return f, nil
}

func (a *testAPI) listIssues(c *fiber.Ctx) error {
	f, err := filterOf(c)
	if err != nil {
		return fail(c, err)
	}
	page, err := a.svc.ListIssues(c.UserContext(), principal(c), f)
	if err != nil {
		return fail(c, err)
	}
	return c.JSON(page)
}

func (a *testAPI) publicIssues(c *fiber.Ctx) error {
	f, err := filterOf(c)
	if err != nil {
		return fail(c, err)
	}
	page, err := a.svc.PublicIssues(c.UserContext(), f)
	if err != nil {
		return fail(c, err)
	}
	return c.JSON(page)
}

func (a *testAPI) getIssue(c *fiber.Ctx) error {
	iss, err := a.svc.GetIssue(c.UserContext(), principal(c), c.Params("ref"))
	if err != nil {
		return fail(c, err)
	}
	c.Set(fiber.HeaderETag, fmt.Sprintf(`"%d"`, iss.Version))
	return c.JSON(iss)
}

func (a *testAPI) publicIssue(c *fiber.Ctx) error {
	iss, err := a.svc.PublicIssue(c.UserContext(), c.Params("ref"))
	if err != nil {
		return fail(c, err)
	}
	return c.JSON(iss)
}

func (a *testAPI) publicPhoto(c *fiber.Ctx) error {
	iss, err := a.svc.PublicIssue(c.UserContext(), c.Params("ref"))
	if err != nil {
		return fail(c, err)
	}
	ph, err := a.svc.Photo(c.UserContext(), iss.ID, c.Params("photo"))
	if err != nil {
		return fail(c, err)
	}
	c.Set(fiber.HeaderContentType, ph.ContentType)
	return c.Send(ph.Data)
}

var actionTypes = map[string]service.ActionType{
	"start": service.ActStart, "answer": service.ActAnswer, "request-info": service.ActRequestInfo,
	"note": service.ActNote, "resolve": service.ActResolve, "transfer": service.ActTransfer,
	"escalate": service.ActEscalate, "return": service.ActReturn, "reject": service.ActReject,
	"close": service.ActClose, "assign": service.ActAssign,
}

func (a *testAPI) act(c *fiber.Ctx) error {
	typ, ok := actionTypes[c.Params("action")]
	if !ok {
		return fail(c, models.Errorf(models.ENotFound, "unknown action %q", c.Params("action")))
	}
	var in struct {
		Message    string `json:"message"`
		Department string `json:"department"`
		Reason     string `json:"reason"`
		AssigneeID string `json:"assignee_id"`
	}
	if err := c.BodyParser(&in); err != nil {
		return fail(c, models.Invalidf("body", "the body is not JSON"))
	}
	var version int64
	if m := c.Get(fiber.HeaderIfMatch); m != "" {
		v, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(m, "W/"), `"`), 10, 64)
		if err != nil {
			return fail(c, models.Invalidf("If-Match", "must be the ETag of the issue"))
		}
		version = v
	}
	iss, err := a.svc.Do(c.UserContext(), principal(c), c.Params("ref"), service.Action{
		Type: typ, IfVersion: version, Message: in.Message, Department: in.Department,
		Reason: models.RejectReason(in.Reason), AssigneeID: in.AssigneeID,
	})
	if err != nil {
		return fail(c, err)
	}
	c.Set(fiber.HeaderETag, fmt.Sprintf(`"%d"`, iss.Version))
	return c.JSON(iss)
}

func (a *testAPI) stats(c *fiber.Ctx) error {
	q := service.StatsQuery{GroupBy: split(c.Query("group_by"))}
	loc := a.svc.Calendar().Location()
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		if v := c.Query(d.name); v != "" {
			t, err := time.ParseInLocation(time.DateOnly, v, loc)
			if err != nil {
				return fail(c, models.Invalidf(d.name, "must be a date YYYY-MM-DD"))
			}
			*d.dst = t
		}
	}
	figs, err := a.svc.Figures(c.UserContext(), q)
	if err != nil {
		return fail(c, err)
	}
	if q.To.IsZero() {
		q.To = a.clock.Now().In(loc)
	}
	if q.From.IsZero() {
		q.From = q.To.AddDate(0, 0, -29)
	}
	return c.JSON(fiber.Map{"from": q.From.Format(time.DateOnly), "to": q.To.Format(time.DateOnly), "group_by": q.GroupBy, "figures": figs})
}

func (a *testAPI) whoHandles(c *fiber.Ctx) error {
	q := service.WhoHandlesQuery{Category: c.Query("category"), Ward: c.Query("ward")}
	if c.Query("lat") != "" || c.Query("lon") != "" {
		lat, err1 := strconv.ParseFloat(c.Query("lat"), 64)
		lon, err2 := strconv.ParseFloat(c.Query("lon"), 64)
		if err := errors.Join(err1, err2); err != nil {
			return fail(c, models.Invalidf("location", "lat and lon must be numbers"))
		}
		q.Lat, q.Lon = &lat, &lon
	}
	ans, err := a.svc.WhoHandles(c.UserContext(), q)
	if err != nil {
		return fail(c, err)
	}
	return c.JSON(ans)
}
