package server

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
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
	if err := decodeJSON(c, &b, true); err != nil {
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
