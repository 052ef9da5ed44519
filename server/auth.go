package server

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/request"
	"github.com/civicdesk/civicdesk/service"
)

const (
	headerAPIKey   = "X-API-Key"
	localPrincipal = "civicdesk.principal"
	localToken     = "civicdesk.token"
)

// credentials reads the bearer token or API key. Both at once is an
// error: which one acts would be a guess.
func credentials(c *fiber.Ctx) (token, key string, err error) {
	auth := strings.TrimSpace(c.Get(fiber.HeaderAuthorization))
	key = strings.TrimSpace(c.Get(headerAPIKey))
	if auth != "" {
		scheme, rest, _ := strings.Cut(auth, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(rest) == "" {
			return "", "", models.Errorf(models.EUnauthorized, "use the header Authorization: Bearer <token>")
		}
		token = strings.TrimSpace(rest)
	}
	if token != "" && key != "" {
		return "", "", models.Errorf(models.EInvalid, "send either a bearer token or an API key, not both")
	}
	return token, key, nil
}

// requireSignIn resolves the caller's token or API key to a principal
// and keeps it for the handler; without valid credentials it answers 401.
func (s *Server) requireSignIn(c *fiber.Ctx) error {
	token, key, err := credentials(c)
	if err != nil {
		return err
	}
	if token != "" || key != "" {
		if ok, wait := s.limits.login.peek(s.guessKey(c)); !ok {
			return tooMany(c, wait)
		}
	}
	var p models.Principal
	switch {
	case token != "":
		p, err = s.svc.Authenticate(c.UserContext(), token)
		c.Locals(localToken, strings.Clone(token))
	case key != "":
		p, err = s.svc.AuthenticateAPIKey(c.UserContext(), key)
	default:
		err = models.Errorf(models.EUnauthorized, "sign in first: send Authorization: Bearer <token> (from /api/v1/auth/login) or X-API-Key")
	}
	if err != nil {
		if (token != "" || key != "") && models.ErrorCodeOf(err) == models.EUnauthorized {
			s.limits.login.allow(s.guessKey(c))
		}
		return err
	}
	c.Locals(localPrincipal, p)
	return c.Next()
}

// principal is who is calling; the zero principal on public routes.
func principal(c *fiber.Ctx) models.Principal {
	p, _ := c.Locals(localPrincipal).(models.Principal)
	return p
}

// principalID names the caller for idempotency scopes.
func principalID(p models.Principal) string {
	switch {
	case p.User != nil:
		return "u:" + p.User.ID
	case p.APIKeyID != "":
		return "k:" + p.APIKeyID
	case p.ResidentID != "":
		return "r:" + p.ResidentID
	}
	return ""
}

type loginBody struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginAnswer struct {
	Token     string       `json:"token"`
	ExpiresAt time.Time    `json:"expires_at"`
	User      *models.User `json:"user"`
}

// meAnswer says who the caller is: a user, or an API key's organisation.
type meAnswer struct {
	Kind           models.ActorKind `json:"kind"`
	User           *models.User     `json:"user,omitempty"`
	OrganisationID string           `json:"organisation_id,omitempty"`
	APIKeyID       string           `json:"api_key_id,omitempty"`
	Name           string           `json:"name"`
}

func (s *Server) login(c *fiber.Ctx) error {
	var in loginBody
	if err := request.DecodeJSON(c, &in, true); err != nil {
		return err
	}
	token, sess, u, err := s.svc.Login(c.UserContext(), in.Username, in.Password)
	var backoff *service.LoginBackoffError
	if errors.As(err, &backoff) {
		// The account rests after repeated failures, whatever the address.
		return tooMany(c, backoff.Wait)
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusOK).JSON(loginAnswer{Token: token, ExpiresAt: sess.ExpiresAt, User: u})
}

func (s *Server) logout(c *fiber.Ctx) error {
	token, _ := c.Locals(localToken).(string)
	if token == "" {
		return invalidField("Authorization", "must be a bearer token: API keys are not signed out, an admin revokes them")
	}
	if err := s.svc.Logout(c.UserContext(), token); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) me(c *fiber.Ctx) error {
	p := principal(c)
	return c.JSON(meAnswer{Kind: p.Kind, User: p.User, OrganisationID: p.OrganisationID, APIKeyID: p.APIKeyID, Name: p.Name})
}
