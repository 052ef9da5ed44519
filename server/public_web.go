package server

import (
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/request"
	"github.com/civicdesk/civicdesk/service"
)

// The public web page's own endpoints (issue #8): its settings, reporting
// from the web and "me too". A visitor is known by the random id the page
// keeps (X-Visitor-ID); reports and supports are rate limited per address
// on top of the limit every anonymous request has.

const headerVisitor = "X-Visitor-ID"

var visitorHeader = param{Name: headerVisitor, Desc: "the visitor's random id, kept by the page (16 to 64 letters, digits or dashes)", Required: true}

// publicConfig is what the pages need to know about this installation.
type publicConfig struct {
	// TelegramBot is the bot's username, empty when there is none.
	TelegramBot string `json:"telegram_bot,omitempty"`
	// TelegramURL opens the bot; add ?start=<code> to follow an issue.
	TelegramURL string `json:"telegram_url,omitempty"`
}

func (s *Server) registerPublicWeb(v1 string) {
	reports := newLimiter(s.cfg.ReportRate, s.cfg.Clock)
	supports := newLimiter(s.cfg.SupportRate, s.cfg.Clock)
	limit := func(l *limiter, name string) fiber.Handler {
		return func(c *fiber.Ctx) error { return s.limited(c, l, name+":"+c.IP()) }
	}
	s.add(&route{Method: "GET", Path: v1 + "/public/config", Tag: tagPublic, Summary: "Settings the public pages need (the Telegram bot)",
		Status: http.StatusOK, Resp: publicConfig{}, Handler: s.publicConfig})
	s.add(&route{Method: "POST", Path: v1 + "/public/reports", Tag: tagPublic, Summary: "Report an issue from the public web page",
		Desc: "The same checks as every channel (service CreateIssue); the contact is optional and private. " +
			"As multipart/form-data like POST /issues, with up to 5 \"photos\". Limited per address.",
		Headers: []param{visitorHeader}, Body: newIssueBody{}, Multipart: true, Status: http.StatusCreated, Resp: models.Issue{},
		Errors: []int{413}, Extra: []fiber.Handler{limit(reports, "report")}, Handler: s.webReport})
	s.add(&route{Method: "POST", Path: v1 + "/public/issues/:ref/support", Tag: tagPublic, Summary: "\"Me too\" from the public web page",
		Desc: "Once per visitor and issue; limited per address.", Headers: []param{visitorHeader}, Status: http.StatusOK, Resp: models.Issue{},
		Errors: []int{404, 409}, Extra: []fiber.Handler{limit(supports, "support")}, Handler: s.webSupport})
}

func (s *Server) publicConfig(c *fiber.Ctx) error {
	out := publicConfig{TelegramBot: s.cfg.TelegramBot}
	if out.TelegramBot != "" {
		out.TelegramURL = "https://t.me/" + out.TelegramBot
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.JSON(out)
}

func (s *Server) visitor(c *fiber.Ctx) (models.Principal, error) {
	return service.WebVisitor(strings.TrimSpace(c.Get(headerVisitor)))
}

func (s *Server) webReport(c *fiber.Ctx) error {
	p, err := s.visitor(c)
	if err != nil {
		return err
	}
	var in service.NewIssue
	if request.IsMultipart(c) {
		if in, err = readIssueForm(c); err != nil {
			return err
		}
	} else {
		var b newIssueBody
		if err := request.DecodeJSON(c, &b, true); err != nil {
			return err
		}
		in = b.toService()
	}
	if in.PeopleCount != 0 {
		return invalidField("people_count", "is for organisations; report from the web as a resident")
	}
	in.Channel = models.ChannelWeb
	iss, err := s.svc.CreateIssue(c.UserContext(), p, in)
	if err != nil {
		return err
	}
	pub, err := s.svc.PublicIssue(c.UserContext(), iss.Code)
	if err != nil {
		return err
	}
	c.Location("/issues/" + pub.Code)
	return c.Status(fiber.StatusCreated).JSON(pub)
}

func (s *Server) webSupport(c *fiber.Ctx) error {
	p, err := s.visitor(c)
	if err != nil {
		return err
	}
	ref := pathParam(c, "ref")
	if _, err := s.svc.PublicIssue(c.UserContext(), ref); err != nil {
		return err // hidden issues cannot be supported from the web
	}
	if _, err := s.svc.Do(c.UserContext(), p, ref, service.Action{Type: service.ActSupport}); err != nil {
		return err
	}
	pub, err := s.svc.PublicIssue(c.UserContext(), ref)
	if err != nil {
		return err
	}
	return c.JSON(pub)
}
