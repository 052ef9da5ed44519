package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/cors"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/civicdesk/civicdesk/server/request"
)

const localRequestID = "civicdesk.request_id"

// middleware installs what every request goes through, outermost first.
func (s *Server) middleware() {
	s.app.Use(s.observe)
	s.app.Use(s.recoverPanics)
	if len(s.cfg.CORSOrigins) > 0 {
		s.app.Use(cors.New(cors.Config{
			AllowOrigins:  strings.Join(s.cfg.CORSOrigins, ","),
			AllowMethods:  "GET,POST,PUT,PATCH,DELETE,HEAD",
			AllowHeaders:  "Authorization,Content-Type,X-API-Key,Idempotency-Key,If-Match,Accept",
			ExposeHeaders: "ETag,Retry-After,X-Request-ID,Idempotent-Replayed,Location",
			MaxAge:        600,
		}))
	}
	s.app.Use(s.rateLimit)
	s.app.Use(s.limitBody)
	s.app.Use(s.deadline)
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// observe gives the request an id, answers any error through the error
// handler (so the status is known here), then logs and measures it.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	id := newRequestID()
	c.Locals(localRequestID, id)
	c.Set("X-Request-ID", id)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	if s.cfg.HSTS {
		// Reached over https: browsers must never fall back to http (#10).
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000")
	}
	// Answers carry personal data; no shared cache may keep them.
	c.Set(fiber.HeaderCacheControl, "no-store")
	err := c.Next()
	unmatched := false
	if err != nil {
		var fe *fiber.Error
		unmatched = errors.As(err, &fe) && (fe.Code == http.StatusNotFound || fe.Code == http.StatusMethodNotAllowed)
		if herr := s.handleError(c, err); herr != nil {
			return herr
		}
	}
	status := c.Response().StatusCode()
	route := "unmatched"
	if !unmatched {
		route = c.Route().Path
	}
	method := utils.CopyString(c.Method())
	elapsed := time.Since(start)
	s.metrics.observe(method, route, status, elapsed)
	// Never log headers, bodies or query strings: they carry tokens,
	// keys, passwords and personal data.
	s.log.Info("http", "request_id", id, "method", method, "route", route, "status", status,
		"ms", elapsed.Milliseconds())
	return nil
}

// recoverPanics turns a panic into an internal error; the stack goes to
// the log only.
func (s *Server) recoverPanics(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic", "request_id", requestID(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return c.Next()
}

// limitBody applies the smaller limit to bodies that are not file
// uploads; Fiber's BodyLimit already bounds uploads.
func (s *Server) limitBody(c *fiber.Ctx) error {
	if len(c.Request().Body()) > s.cfg.JSONLimit && !request.IsMultipart(c) {
		return httpErr(http.StatusRequestEntityTooLarge, codeTooLarge, "http.body_too_large", "kb", strconv.Itoa(s.cfg.JSONLimit>>10))
	}
	return c.Next()
}

// deadline gives the service a context that ends with the request or
// after RequestTimeout, whichever comes first.
func (s *Server) deadline(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.RequestTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}
