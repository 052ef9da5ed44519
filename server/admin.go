package server

import (
	"encoding/json"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/request"
	"github.com/civicdesk/civicdesk/service"
)

type newUserBody struct {
	Username   string      `json:"username"`
	Name       string      `json:"name"`
	Role       models.Role `json:"role"`
	Department string      `json:"department,omitempty"`
	Ward       string      `json:"ward,omitempty"`
	Password   string      `json:"password"`
}

// userPatchBody changes an account; absent fields stay as they are.
type userPatchBody struct {
	Name           *string      `json:"name,omitempty"`
	Role           *models.Role `json:"role,omitempty"`
	Department     *string      `json:"department,omitempty"`
	Ward           *string      `json:"ward,omitempty"`
	Password       *string      `json:"password,omitempty"`
	Disabled       *bool        `json:"disabled,omitempty"`
	TelegramUserID *int64       `json:"telegram_user_id,omitempty"`
	// Version is the version edited, like If-Match.
	Version int64 `json:"version,omitempty"`
}

type usersAnswer struct {
	Users []models.User `json:"users"`
}

type organisationsAnswer struct {
	Organisations []models.Organisation `json:"organisations"`
}

type newOrganisationBody struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en,omitempty"`
	Ward   string `json:"ward,omitempty"`
}

type newAPIKeyBody struct {
	Name string `json:"name"`
	// OrganisationID names the organisation by its code or its id.
	OrganisationID string `json:"organisation_id,omitempty"`
	// Kind is organisation (the default; organisation_id required) or
	// open311_client (no organisation: an Open311 client filing for residents).
	Kind string `json:"kind,omitempty"`
}

// apiKeyAnswer shows a new key's secret, once.
type apiKeyAnswer struct {
	Secret string         `json:"secret,omitempty"`
	Key    *models.APIKey `json:"key"`
	// SecretShownOnce is always true, in the first answer and in a replay
	// alike: the secret is in the first answer only and is not kept, so a
	// lost one means revoking the key and making a new one.
	SecretShownOnce bool `json:"secret_shown_once"`
}

type apiKeysAnswer struct {
	Keys []models.APIKey `json:"keys"`
}

// inviteAnswer is a one-time token and, when a bot is configured, the
// Telegram deep link that redeems it.
type inviteAnswer struct {
	Token     string    `json:"token,omitempty"`
	Link      string    `json:"link,omitempty"`
	ExpiresAt time.Time `json:"expires_at"`
	// TokenShownOnce is always true: the token is in the first answer
	// only; a replay omits it.
	TokenShownOnce bool `json:"token_shown_once"`
}

func (s *Server) listUsers(c *fiber.Ctx) error {
	us, err := s.svc.ListUsers(c.UserContext(), principal(c))
	if err != nil {
		return err
	}
	if us == nil {
		us = []models.User{}
	}
	return c.JSON(usersAnswer{Users: us})
}

func (s *Server) createUser(c *fiber.Ctx) error {
	var b newUserBody
	if err := request.DecodeJSON(c, &b, true); err != nil {
		return err
	}
	u, err := s.svc.CreateUser(c.UserContext(), principal(c), service.NewUser{
		Username: b.Username, Name: b.Name, Role: b.Role, Department: b.Department, Ward: b.Ward, Password: b.Password})
	if err != nil {
		return err
	}
	c.Location("/api/v1/users/" + u.ID)
	c.Set(fiber.HeaderETag, etag(u.Version))
	return c.Status(fiber.StatusCreated).JSON(u)
}

func (s *Server) getUser(c *fiber.Ctx) error {
	u, err := s.svc.GetUser(c.UserContext(), principal(c), pathParam(c, "id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(u.Version))
	return c.JSON(u)
}

func (s *Server) patchUser(c *fiber.Ctx) error {
	var b userPatchBody
	if err := request.DecodeJSON(c, &b, true); err != nil {
		return err
	}
	v, err := version(c, b.Version)
	if err != nil {
		return err
	}
	u, err := s.svc.UpdateUser(c.UserContext(), principal(c), pathParam(c, "id"), service.UserPatch{
		Name: b.Name, Role: b.Role, Department: b.Department, Ward: b.Ward, Password: b.Password,
		Disabled: b.Disabled, TelegramUserID: b.TelegramUserID, IfVersion: v})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(u.Version))
	return c.JSON(u)
}

func (s *Server) telegramLink(c *fiber.Ctx) error {
	token, exp, err := s.svc.CreateOfficialLink(c.UserContext(), principal(c), pathParam(c, "id"))
	if err != nil {
		return err
	}
	return s.sendInvite(c, token, exp)
}

func (s *Server) listOrganisations(c *fiber.Ctx) error {
	os, err := s.svc.ListOrganisations(c.UserContext())
	if err != nil {
		return err
	}
	if os == nil {
		os = []models.Organisation{}
	}
	return c.JSON(organisationsAnswer{Organisations: os})
}

func (s *Server) createOrganisation(c *fiber.Ctx) error {
	var b newOrganisationBody
	if err := request.DecodeJSON(c, &b, true); err != nil {
		return err
	}
	o, err := s.svc.CreateOrganisation(c.UserContext(), principal(c), service.NewOrganisation{
		Code: b.Code, NameVI: b.NameVI, NameEN: b.NameEN, Ward: b.Ward})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(o)
}

func (s *Server) orgInvite(c *fiber.Ctx) error {
	token, exp, err := s.svc.CreateOrgInvite(c.UserContext(), principal(c), pathParam(c, "id"))
	if err != nil {
		return err
	}
	return s.sendInvite(c, token, exp)
}

func (s *Server) sendInvite(c *fiber.Ctx, token string, exp time.Time) error {
	a := inviteAnswer{Token: token, ExpiresAt: exp, TokenShownOnce: true}
	if s.cfg.TelegramBot != "" {
		a.Link = "https://t.me/" + url.PathEscape(s.cfg.TelegramBot) + "?start=" + url.QueryEscape(token)
	}
	kept, _ := json.Marshal(inviteAnswer{ExpiresAt: exp, TokenShownOnce: true})
	c.Locals(localIdemBody, kept)
	return c.Status(fiber.StatusCreated).JSON(a)
}

func (s *Server) listAPIKeys(c *fiber.Ctx) error {
	ks, err := s.svc.ListAPIKeys(c.UserContext(), principal(c))
	if err != nil {
		return err
	}
	if ks == nil {
		ks = []models.APIKey{}
	}
	return c.JSON(apiKeysAnswer{Keys: ks})
}

func (s *Server) createAPIKey(c *fiber.Ctx) error {
	var b newAPIKeyBody
	if err := request.DecodeJSON(c, &b, true); err != nil {
		return err
	}
	var secret string
	var k *models.APIKey
	var err error
	switch b.Kind {
	case "", models.APIKeyOrganisation:
		secret, k, err = s.svc.CreateAPIKey(c.UserContext(), principal(c), b.Name, b.OrganisationID)
	case models.APIKeyOpen311Client:
		if b.OrganisationID != "" {
			return invalidField("organisation_id", "an open311_client key has no organisation; use kind organisation")
		}
		secret, k, err = s.svc.CreateOpen311ClientKey(c.UserContext(), principal(c), b.Name)
	default:
		return invalidField("kind", "must be organisation or open311_client")
	}
	if err != nil {
		return err
	}
	kept, _ := json.Marshal(apiKeyAnswer{Key: k, SecretShownOnce: true})
	c.Locals(localIdemBody, kept)
	return c.Status(fiber.StatusCreated).JSON(apiKeyAnswer{Secret: secret, Key: k, SecretShownOnce: true})
}

func (s *Server) revokeAPIKey(c *fiber.Ctx) error {
	if err := s.svc.RevokeAPIKey(c.UserContext(), principal(c), pathParam(c, "id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
