package server

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/request"
	"github.com/civicdesk/civicdesk/service"
)

// actionBody carries the parameters of every action; each action accepts
// only the fields it uses (see actionRoutes).
type actionBody struct {
	Message     string              `json:"message,omitempty"`
	Department  string              `json:"department,omitempty"`
	AssigneeID  string              `json:"assignee_id,omitempty"`
	Reason      models.RejectReason `json:"reason,omitempty"`
	DuplicateOf string              `json:"duplicate_of,omitempty"`
	Rating      int                 `json:"rating,omitempty"`
	Title       string              `json:"title,omitempty"`
	Description string              `json:"description,omitempty"`
	// Version is the version the caller saw, like If-Match.
	Version int64 `json:"version,omitempty"`
}

// actionRoute maps POST /api/v1/issues/:ref/<Path> to a service action.
type actionRoute struct {
	Path    string
	Type    service.ActionType
	Fields  []string // body fields besides version
	Summary string
}

// photoActions also accept multipart/form-data with "photos" files: the
// official's "after" pictures (#7).
var photoActions = map[string]bool{"answer": true, "resolve": true}

var actionRoutes = []actionRoute{
	{"assign", service.ActAssign, []string{"assignee_id", "message"}, "Assign the issue to an official of its department"},
	{"transfer", service.ActTransfer, []string{"department", "message"}, "Transfer the issue to another department"},
	{"escalate", service.ActEscalate, []string{"message"}, "Escalate a ward issue to the city"},
	{"return", service.ActReturn, []string{"message"}, "Return a city issue to the ward"},
	{"start", service.ActStart, []string{"message"}, "Start work on the issue"},
	{"request-info", service.ActRequestInfo, []string{"message"}, "Ask the reporter for information (pauses the clock)"},
	{"provide-info", service.ActProvideInfo, []string{"message"}, "Give the information asked for (the reporting organisation)"},
	{"answer", service.ActAnswer, []string{"message"}, "Answer the reporter publicly (photos: \"after\" pictures, as multipart/form-data)"},
	{"note", service.ActNote, []string{"message"}, "Add an internal note (officials only see it)"},
	{"resolve", service.ActResolve, []string{"message"}, "Resolve the issue, saying how (photos: \"after\" pictures, as multipart/form-data)"},
	{"close", service.ActClose, []string{"message"}, "Close a resolved issue"},
	{"reject", service.ActReject, []string{"reason", "message"}, "Reject the issue (out_of_competence or spam)"},
	{"reopen", service.ActReopen, []string{"message"}, "Reopen a resolved issue"},
	{"duplicate", service.ActDuplicate, []string{"duplicate_of", "message"}, "Mark the issue as a duplicate of another"},
	{"support", service.ActSupport, nil, "Support the issue (\"me too\")"},
	{"rate", service.ActRate, []string{"rating", "message"}, "Rate how the issue was handled, 1 to 5"},
	{"record-reply", service.ActRecordReply, []string{"message"}, "Record the reporter's reply given by phone or in person (resumes the clock)"},
	{"edit", service.ActEdit, []string{"title", "description", "message"}, "Edit the public title and description (e.g. remove personal data); recorded on the timeline"},
}

// action handles one action. A conflict (a stale version, or a change the
// issue's status does not allow) answers 409 with the issue as it is now
// under "current", so the client can show it and let the person decide.
func (s *Server) action(ar actionRoute) fiber.Handler {
	allowed := map[string]bool{"version": true}
	for _, f := range ar.Fields {
		allowed[f] = true
	}
	return func(c *fiber.Ctx) error {
		var b actionBody
		var photos []service.PhotoUpload
		if photoActions[ar.Path] && request.IsMultipart(c) {
			var err error
			if b, photos, err = readActionForm(c, allowed); err != nil {
				return err
			}
		} else {
			if err := request.DecodeJSON(c, &b, false); err != nil {
				return err
			}
			if err := onlyFields(c.Body(), allowed, ar.Path); err != nil {
				return err
			}
		}
		v, err := version(c, b.Version)
		if err != nil {
			return err
		}
		ctx, p, ref := c.UserContext(), principal(c), pathParam(c, "ref")
		iss, err := s.svc.Do(ctx, p, ref, service.Action{
			Type: ar.Type, IfVersion: v, Message: b.Message, Department: b.Department, AssigneeID: b.AssigneeID,
			Reason: b.Reason, DuplicateOf: b.DuplicateOf, Rating: b.Rating, Title: b.Title, Description: b.Description, Photos: photos,
		})
		if err != nil {
			if models.ErrorCodeOf(err) == models.EConflict {
				if cur, gerr := s.svc.GetIssue(ctx, p, ref); gerr == nil {
					c.Set(fiber.HeaderETag, etag(cur.Version))
					return &conflictError{err: err, current: cur}
				}
			}
			return err
		}
		c.Set(fiber.HeaderETag, etag(iss.Version))
		return c.JSON(iss)
	}
}

// readActionForm reads a multipart action: its fields as form values
// (each at most once) and up to MaxPhotos "photos" files.
func readActionForm(c *fiber.Ctx, allowed map[string]bool) (actionBody, []service.PhotoUpload, error) {
	var b actionBody
	form, err := c.MultipartForm()
	if err != nil {
		return b, nil, invalidField("body", "is not a readable multipart/form-data body")
	}
	probs := models.Problems{}
	fields := map[string]string{}
	for name, vs := range form.Value {
		switch {
		case !allowed[name]:
			probs.Add(request.FieldName(name), "is not used by this action")
		case len(vs) != 1:
			probs.Add(name, "give it once")
		default:
			fields[name] = vs[0]
		}
	}
	for name := range form.File {
		if name != "photos" {
			probs.Add(request.FieldName(name), "unknown file field; send photos as \"photos\"")
		}
	}
	raw, _ := json.Marshal(fields)
	var strs struct {
		Message, Department, Reason, Title, Description string
		AssigneeID                                      string `json:"assignee_id"`
		DuplicateOf                                     string `json:"duplicate_of"`
		Version                                         string
		Rating                                          string
	}
	_ = json.Unmarshal(raw, &strs)
	b = actionBody{Message: strs.Message, Department: strs.Department, Reason: models.RejectReason(strs.Reason), Title: strs.Title,
		Description: strs.Description, AssigneeID: strs.AssigneeID, DuplicateOf: strs.DuplicateOf}
	if strs.Version != "" {
		if b.Version, err = strconv.ParseInt(strs.Version, 10, 64); err != nil {
			probs.Add("version", "must be a whole number")
		}
	}
	if strs.Rating != "" {
		if b.Rating, err = strconv.Atoi(strs.Rating); err != nil {
			probs.Add("rating", "must be a whole number")
		}
	}
	var photos []service.PhotoUpload
	for i, fh := range form.File["photos"] {
		data, err := request.ReadPhoto(fh)
		if err != nil {
			probs.Add(fmt.Sprintf("photos[%d]", i), "%s", err.Error())
			continue
		}
		photos = append(photos, service.PhotoUpload{ContentType: fh.Header.Get("Content-Type"), Data: data})
	}
	return b, photos, probs.Err("the request")
}

// onlyFields rejects body fields that exist but that this action does not
// use, so {"rating": 5} on "note" is an error rather than ignored.
func onlyFields(body []byte, allowed map[string]bool, action string) error {
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return request.JSONError(err)
	}
	probs := models.Problems{}
	var names []string
	for k := range allowed {
		names = append(names, k)
	}
	sort.Strings(names)
	for k := range m {
		if !allowed[k] {
			probs.Add(request.FieldName(k), "is not used by %s; it accepts %s", action, strings.Join(names, ", "))
		}
	}
	return probs.Err("the request")
}
