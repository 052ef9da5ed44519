package server

import (
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/request"
	"github.com/civicdesk/civicdesk/service"
)

// The officials' desk (issue #8): colleagues to assign to, canned replies
// per department, and who else has an issue open.

type colleaguesAnswer struct {
	Officials []service.Colleague `json:"officials"`
}

type cannedBody struct {
	Replies []models.CannedReply `json:"replies"`
}

type viewingAnswer struct {
	Others []service.Viewer `json:"others"`
}

func (s *Server) registerDesk(v1 string) {
	ok := http.StatusOK
	s.add(&route{Method: "GET", Path: v1 + "/departments/:code/officials", Access: signedIn, Tag: tagIssues,
		Summary: "The active officials of a department, to assign issues to (its officials, supervisors, admins)",
		Status:  ok, Resp: colleaguesAnswer{}, Errors: []int{403}, Handler: s.colleagues})
	s.add(&route{Method: "GET", Path: v1 + "/departments/:code/canned-replies", Access: signedIn, Tag: tagIssues,
		Summary: "A department's canned replies", Status: ok, Resp: models.CannedReplies{}, Errors: []int{403}, Handler: s.getCanned})
	s.add(&route{Method: "PUT", Path: v1 + "/departments/:code/canned-replies", Access: signedIn, Tag: tagIssues,
		Summary: "Replace a department's canned replies (its officials, supervisors, admins)",
		Body:    cannedBody{}, Status: ok, Resp: models.CannedReplies{}, Errors: []int{403}, Handler: s.putCanned})
	s.add(&route{Method: "POST", Path: v1 + "/issues/:ref/viewing", Access: signedIn, Tag: tagIssues,
		Summary: "Say the caller has the issue open; answers who else has it open (for collision warnings)",
		Status:  ok, Resp: viewingAnswer{}, Errors: []int{403, 404}, Handler: s.viewing})
}

type flagBody struct {
	Comment string `json:"comment"`
}

type flagAnswerBody struct {
	Answer string `json:"answer"`
}

type flagsAnswer struct {
	Flags []models.Flag `json:"flags"`
}

type openFlagsAnswer struct {
	Count int              `json:"count"`
	Open  []models.FlagRef `json:"open"`
}

func (s *Server) registerFlags(v1 string) {
	s.add(&route{Method: "POST", Path: v1 + "/issues/:ref/flags", Access: signedIn, Tag: tagIssues,
		Summary: "Flag an issue for follow-up with a comment (monitors); the handling department must answer",
		Body:    flagBody{}, Status: http.StatusCreated, Resp: models.Flag{}, Errors: []int{403, 404}, Handler: s.flagIssue})
	s.add(&route{Method: "GET", Path: v1 + "/issues/:ref/flags", Access: signedIn, Tag: tagIssues,
		Summary: "The monitors' flags of an issue and their answers", Status: http.StatusOK, Resp: flagsAnswer{}, Errors: []int{403, 404}, Handler: s.issueFlags})
	s.add(&route{Method: "POST", Path: v1 + "/issues/:ref/flags/:flag/answer", Access: signedIn, Tag: tagIssues,
		Summary: "Answer a monitor's flag (the handling department)", Body: flagAnswerBody{}, Status: http.StatusOK, Resp: models.Flag{},
		Errors: []int{403, 404, 409}, Handler: s.answerFlag})
	s.add(&route{Method: "GET", Path: v1 + "/flags", Access: signedIn, Tag: tagIssues,
		Summary: "Open flags: a monitor's group's, an official's department's, all in a supervisor's or admin's scope",
		Status:  http.StatusOK, Resp: openFlagsAnswer{}, Handler: s.openFlags})
}

func (s *Server) flagIssue(c *fiber.Ctx) error {
	var b flagBody
	if err := request.DecodeJSON(c, &b, true); err != nil {
		return err
	}
	f, err := s.svc.FlagIssue(c.UserContext(), principal(c), pathParam(c, "ref"), b.Comment)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(f)
}

func (s *Server) issueFlags(c *fiber.Ctx) error {
	list, err := s.svc.IssueFlags(c.UserContext(), principal(c), pathParam(c, "ref"))
	if err != nil {
		return err
	}
	return c.JSON(flagsAnswer{Flags: list})
}

func (s *Server) answerFlag(c *fiber.Ctx) error {
	var b flagAnswerBody
	if err := request.DecodeJSON(c, &b, true); err != nil {
		return err
	}
	id, err := strconv.Atoi(pathParam(c, "flag"))
	if err != nil {
		return invalidField("flag", "must be the flag's number")
	}
	f, err := s.svc.AnswerFlag(c.UserContext(), principal(c), pathParam(c, "ref"), id, b.Answer)
	if err != nil {
		return err
	}
	return c.JSON(f)
}

func (s *Server) openFlags(c *fiber.Ctx) error {
	list, err := s.svc.OpenFlags(c.UserContext(), principal(c))
	if err != nil {
		return err
	}
	return c.JSON(openFlagsAnswer{Count: len(list), Open: list})
}

func (s *Server) colleagues(c *fiber.Ctx) error {
	list, err := s.svc.Colleagues(c.UserContext(), principal(c), pathParam(c, "code"))
	if err != nil {
		return err
	}
	return c.JSON(colleaguesAnswer{Officials: list})
}

func (s *Server) getCanned(c *fiber.Ctx) error {
	out, err := s.svc.CannedReplies(c.UserContext(), principal(c), pathParam(c, "code"))
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) putCanned(c *fiber.Ctx) error {
	var b cannedBody
	if err := request.DecodeJSON(c, &b, true); err != nil {
		return err
	}
	out, err := s.svc.SetCannedReplies(c.UserContext(), principal(c), pathParam(c, "code"), b.Replies)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

func (s *Server) viewing(c *fiber.Ctx) error {
	others, err := s.svc.Viewing(c.UserContext(), principal(c), pathParam(c, "ref"))
	if err != nil {
		return err
	}
	return c.JSON(viewingAnswer{Others: others})
}
