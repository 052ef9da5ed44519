package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/civicdesk/civicdesk/i18n"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/request"
)

// Error codes beyond the service's (models.ErrorCode): these come from
// HTTP itself, not from a business rule.
const (
	codeMethodNotAllowed = "method_not_allowed"
	codeTooLarge         = "too_large"
	codeRateLimited      = "rate_limited"
	codeTimeout          = "timeout"
	codeUnsupportedMedia = "unsupported_media_type"
)

// errorBody is the one error shape every route answers with:
//
//	{"error":{"code":"invalid","message":"...","fields":{"title":"..."}}}
//
// A conflict on an issue also carries the issue as it is now, so the
// client can show it and let the person decide again.
type errorBody struct {
	Error   errorDetail `json:"error"`
	Current any         `json:"current,omitempty"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Key and Params name the message in civicdesk's i18n catalogue, for
	// clients that show it in their own words; Message is already in the
	// language of Accept-Language (English by default).
	Key       string            `json:"key,omitempty"`
	Params    map[string]string `json:"params,omitempty"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// conflictError wraps a conflict with the current state of what it is
// about.
type conflictError struct {
	err     error
	current any
}

func (e *conflictError) Error() string { return e.err.Error() }
func (e *conflictError) Unwrap() error { return e.err }

// httpError is an error that is about HTTP, not the domain (too large,
// rate limited). Its message is an i18n key, shown in the caller's
// language like the service's errors.
type httpError struct {
	status int
	code   string
	key    string
	params map[string]string
}

func (e *httpError) Error() string { return e.code + ": " + i18n.Render("en", e.key, e.params, nil) }

// httpErr builds an httpError; params are name, value pairs.
func httpErr(status int, code, key string, params ...string) *httpError {
	return &httpError{status: status, code: code, key: key, params: i18n.Params(params...)}
}

func statusOf(code models.ErrorCode) int {
	switch code {
	case models.EInvalid:
		return http.StatusBadRequest
	case models.ENotFound:
		return http.StatusNotFound
	case models.EConflict:
		return http.StatusConflict
	case models.EForbidden:
		return http.StatusForbidden
	case models.EUnauthorized:
		return http.StatusUnauthorized
	case models.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// describe turns any error into status and body, its message in lang with
// catalogue codes named by names. Internal errors get a generic message;
// their cause is logged by handleError, never sent.
func describe(err error, lang string, names i18n.Names) (int, errorBody) {
	var he *httpError
	if errors.As(err, &he) {
		return he.status, errorBody{Error: errorDetail{Code: he.code, Message: i18n.Render(lang, he.key, he.params, names), Key: he.key, Params: he.params}}
	}
	var me *request.MediaError
	if errors.As(err, &me) {
		he := httpErr(http.StatusUnsupportedMediaType, codeUnsupportedMedia, "http.unsupported_media", "accepted", me.Accepted, "got", me.Got)
		return he.status, errorBody{Error: errorDetail{Code: he.code, Message: i18n.Render(lang, he.key, he.params, names), Key: he.key, Params: he.params}}
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		return fiberError(fe, lang)
	}
	code := models.ErrorCodeOf(err)
	key, params := models.ErrorKeyOf(err)
	body := errorBody{Error: errorDetail{Code: string(code), Message: models.ErrorText(err, lang, names), Key: key, Params: params}}
	if code != models.EInternal {
		body.Error.Fields = models.ErrorFieldsOf(err)
	}
	var ce *conflictError
	if errors.As(err, &ce) && code == models.EConflict {
		body.Current = ce.current
	}
	return statusOf(code), body
}

// fiberError maps the errors Fiber and fasthttp raise themselves: no
// route, wrong method, a body over the limit, an unreadable request.
func fiberError(fe *fiber.Error, lang string) (int, errorBody) {
	var he *httpError
	switch fe.Code {
	case http.StatusNotFound:
		he = httpErr(fe.Code, string(models.ENotFound), "http.no_route")
	case http.StatusMethodNotAllowed:
		he = httpErr(fe.Code, codeMethodNotAllowed, "http.method_not_allowed")
	case http.StatusRequestEntityTooLarge, http.StatusRequestHeaderFieldsTooLarge:
		he = httpErr(fe.Code, codeTooLarge, "http.too_large")
	case http.StatusRequestTimeout:
		he = httpErr(fe.Code, codeTimeout, "http.timeout")
	default:
		if fe.Code >= 500 {
			return http.StatusInternalServerError, errorBody{Error: errorDetail{Code: string(models.EInternal), Message: models.ErrorText(fe, lang, nil)}}
		}
		// fasthttp's parse errors name its internals; say it plainly.
		he = httpErr(http.StatusBadRequest, string(models.EInvalid), "http.malformed")
	}
	return he.status, errorBody{Error: errorDetail{Code: he.code, Message: i18n.Render(lang, he.key, nil, nil), Key: he.key}}
}

// handleError is Fiber's ErrorHandler and the only place errors become
// responses.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	status, body := describe(err, requestLang(c), s.svc.Catalogue())
	if status >= 500 {
		body.Error.RequestID = requestID(c)
		lvl := s.log.Error
		if status == http.StatusServiceUnavailable {
			lvl = s.log.Warn
		}
		lvl("request failed", "request_id", body.Error.RequestID, "method", utils.CopyString(c.Method()),
			"path", utils.CopyString(c.Path()), "status", status, "err", err.Error())
	}
	if status == http.StatusUnauthorized {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="civicdesk"`)
	}
	if status == http.StatusServiceUnavailable && c.Get(fiber.HeaderRetryAfter) == "" {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(5))
	}
	// A streamed or partly written body must not leak into the error.
	c.Response().ResetBody()
	if m := s.mountOf(c.Path()); m != nil && m.Fail != nil {
		return m.Fail(c, status, body.Error.Message)
	}
	return c.Status(status).JSON(body)
}

// invalidField is an EInvalid error about one input field whose message
// names the field: "title must be a string, not a JSON object".
func invalidField(field, format string, args ...any) error {
	return request.InvalidField(field, format, args...)
}

// mountOf is the mount that owns path, the longest prefix first; nil for
// the API's own routes and mounts at the root.
func (s *Server) mountOf(path string) *Mount {
	var best *Mount
	for i := range s.cfg.Mounts {
		m := &s.cfg.Mounts[i]
		p := strings.TrimRight(m.Prefix, "/")
		if p == "" || !(path == p || strings.HasPrefix(path, p+"/")) {
			continue
		}
		if best == nil || len(p) > len(strings.TrimRight(best.Prefix, "/")) {
			best = m
		}
	}
	return best
}

// requestLang is the language of the answer's messages from
// Accept-Language (i18n.FromAcceptLanguage).
func requestLang(c *fiber.Ctx) string {
	return i18n.FromAcceptLanguage(c.Get(fiber.HeaderAcceptLanguage))
}
