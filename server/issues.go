package server

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

// issueListQuery are the filters of the issue lists (signed-in and public).
var issueListQuery = []param{
	{Name: "status", Desc: "status, repeatable or comma-separated", Repeated: true, Enum: statusNames()},
	{Name: "category", Desc: "category code", Repeated: true},
	{Name: "department", Desc: "department code (handling department)", Repeated: true},
	{Name: "level", Desc: "level that handles the issue", Enum: []string{"ward", "city"}},
	{Name: "ward", Desc: "ward code", Repeated: true},
	{Name: "overdue", Desc: "only overdue (true) or only not overdue (false)", Type: "boolean"},
	{Name: "created_from", Desc: "created at or after: RFC 3339 time or local date YYYY-MM-DD"},
	{Name: "created_to", Desc: "created before: RFC 3339 time, or local date YYYY-MM-DD (inclusive)"},
	{Name: "q", Desc: "text in title or description, ignoring case and Vietnamese diacritics"},
	{Name: "sort", Desc: "order by", Enum: []string{"created", "updated", "deadline"}},
	{Name: "order", Desc: "asc or desc; default desc, but asc for sort=deadline", Enum: []string{"asc", "desc"}},
	{Name: "limit", Desc: "page size, 1 to 100 (default 20)", Type: "integer"},
	{Name: "cursor", Desc: "next_cursor of the previous page"},
}

func statusNames() []string {
	out := make([]string, len(models.AllStatuses))
	for i, s := range models.AllStatuses {
		out[i] = string(s)
	}
	return out
}

// issueFilter parses the list filters. Values are checked against the
// catalogue by the service; here only their syntax.
func (s *Server) issueFilter(c *fiber.Ctx) (models.IssueFilter, error) {
	probs := models.Problems{}
	loc := s.svc.Calendar().Location()
	f := models.IssueFilter{
		Categories:  query(c, "category"),
		Departments: query(c, "department"),
		Wards:       query(c, "ward"),
		Level:       models.Level(query1(c, probs, "level")),
		Overdue:     queryBool(c, probs, "overdue"),
		CreatedFrom: queryTime(c, probs, "created_from", loc, false),
		CreatedTo:   queryTime(c, probs, "created_to", loc, true),
		Text:        query1(c, probs, "q"),
		Sort:        models.IssueSort(query1(c, probs, "sort")),
		Cursor:      query1(c, probs, "cursor"),
	}
	for _, st := range query(c, "status") {
		f.Statuses = append(f.Statuses, models.Status(st))
	}
	switch order := query1(c, probs, "order"); order {
	case "":
		f.Desc = f.Sort != models.SortDeadline
	case "asc", "desc":
		f.Desc = order == "desc"
	default:
		probs.Add("order", "must be asc or desc")
	}
	if l := query1(c, probs, "limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > models.MaxPageSize {
			probs.Add("limit", "must be a whole number from 1 to %d", models.MaxPageSize)
		}
		f.Limit = n
	}
	return f, probs.Err("the filter")
}

func (s *Server) listIssues(c *fiber.Ctx) error {
	f, err := s.issueFilter(c)
	if err != nil {
		return err
	}
	page, err := s.svc.ListIssues(c.UserContext(), principal(c), f)
	if err != nil {
		return err
	}
	return c.JSON(page)
}

func (s *Server) getIssue(c *fiber.Ctx) error {
	iss, err := s.svc.GetIssue(c.UserContext(), principal(c), pathParam(c, "ref"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(iss.Version))
	return c.JSON(iss)
}

// issuePhoto streams a photo of an issue the caller may see: the service
// decides who sees the issue, and so its photos.
func (s *Server) issuePhoto(c *fiber.Ctx) error {
	return s.sendIssuePhoto(c, s.svc.Photo)
}

// issuePhotoThumb streams a photo's thumbnail (#7), to whoever may see
// the photo.
func (s *Server) issuePhotoThumb(c *fiber.Ctx) error {
	return s.sendIssuePhoto(c, s.svc.PhotoThumb)
}

func (s *Server) sendIssuePhoto(c *fiber.Ctx, get photoGetter) error {
	ctx, p, ref := c.UserContext(), principal(c), pathParam(c, "ref")
	iss, err := s.svc.GetIssue(ctx, p, ref)
	if err != nil {
		return err
	}
	return s.sendPhoto(c, iss.ID, "private, max-age=3600", get)
}

// publicIssuePhoto serves a photo to anyone: photos are part of an issue's
// public view (Open311 clients link them as media_url).
func (s *Server) publicIssuePhoto(c *fiber.Ctx) error {
	return s.sendPublicPhoto(c, s.svc.Photo)
}

// publicIssuePhotoThumb serves a photo's thumbnail wherever the photo is
// public: not for an issue hidden from the public.
func (s *Server) publicIssuePhotoThumb(c *fiber.Ctx) error {
	return s.sendPublicPhoto(c, s.svc.PhotoThumb)
}

func (s *Server) sendPublicPhoto(c *fiber.Ctx, get photoGetter) error {
	iss, err := s.svc.PublicIssue(c.UserContext(), pathParam(c, "ref"))
	if err != nil {
		return err
	}
	return s.sendPhoto(c, iss.ID, "public, max-age=3600", get)
}

// photoGetter reads a photo, or what stands for its thumbnail, of an
// issue the caller may see.
type photoGetter func(ctx context.Context, issueID, photoID string) (*models.PhotoData, error)

func (s *Server) sendPhoto(c *fiber.Ctx, issueID, cache string, get photoGetter) error {
	ph, err := get(c.UserContext(), issueID, pathParam(c, "photo"))
	if err != nil {
		if models.ErrorCodeOf(err) == models.ENotFound {
			return models.E(models.ENotFound, "photo.not_found", "code", issueID)
		}
		return err
	}
	c.Set(fiber.HeaderContentType, ph.ContentType)
	c.Set(fiber.HeaderCacheControl, cache)
	c.Set(fiber.HeaderContentDisposition, "inline")
	c.Set("X-Content-Type-Options", "nosniff")
	return c.Send(ph.Data)
}

func (s *Server) publicIssues(c *fiber.Ctx) error {
	f, err := s.issueFilter(c)
	if err != nil {
		return err
	}
	page, err := s.svc.PortalIssues(c.UserContext(), f)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(page)
}

func (s *Server) publicIssue(c *fiber.Ctx) error {
	iss, err := s.svc.PublicIssue(c.UserContext(), pathParam(c, "ref"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(iss.Version))
	c.Set(fiber.HeaderCacheControl, "public, max-age=60")
	return c.JSON(iss)
}
