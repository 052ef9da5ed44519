package service

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// NewOrganisation is a mass organisation an admin registers.
type NewOrganisation struct {
	Code, NameVI, NameEN, Ward string
}

// CreateOrganisation registers a mass organisation (admins only).
func (s *Service) CreateOrganisation(ctx context.Context, p models.Principal, in NewOrganisation) (*models.Organisation, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	probs := models.Problems{}
	code := strings.TrimSpace(in.Code)
	if !models.IsCode(code) {
		probs.Add("code", "use lowercase letters, digits, '-' or '_' (at most 64)")
	}
	vi := models.CleanText(probs, "name_vi", in.NameVI, 1, 200)
	en := models.CleanText(probs, "name_en", in.NameEN, 0, 200)
	if in.Ward != "" {
		if _, ok := s.Catalogue().Ward(in.Ward); !ok {
			probs.Add("ward", "unknown ward %q", in.Ward)
		}
	}
	if err := probs.Err("the organisation"); err != nil {
		return nil, err
	}
	o := &models.Organisation{ID: newID(), Code: code, NameVI: vi, NameEN: en, Ward: in.Ward, CreatedAt: s.now()}
	if err := s.store.InsertOrganisation(ctx, o); err != nil {
		if models.ErrorCodeOf(err) == models.EConflict {
			return nil, &models.Error{Code: models.EConflict, Message: "organisation code " + code + " is taken", Fields: map[string]string{"code": "is taken"}}
		}
		return nil, err
	}
	return o, nil
}

// findOrganisation finds an organisation by its id or, as admins know
// them, by its code (#9). Organisations are few, so the code is looked up
// in the list.
func (s *Service) findOrganisation(ctx context.Context, ref string) (*models.Organisation, error) {
	o, err := s.store.GetOrganisation(ctx, ref)
	if models.ErrorCodeOf(err) != models.ENotFound {
		return o, err
	}
	list, lerr := s.store.ListOrganisations(ctx)
	if lerr != nil {
		return nil, lerr
	}
	for i := range list {
		if list[i].Code == ref {
			return &list[i], nil
		}
	}
	return nil, models.Errorf(models.ENotFound, "no organisation has the code or id %q", ref)
}

// ListOrganisations lists the organisations (any signed-in user).
func (s *Service) ListOrganisations(ctx context.Context) ([]models.Organisation, error) {
	return s.store.ListOrganisations(ctx)
}

// GetOrganisation returns one organisation.
func (s *Service) GetOrganisation(ctx context.Context, id string) (*models.Organisation, error) {
	return s.store.GetOrganisation(ctx, id)
}

// CreateAPIKey makes a key for an organisation's system: what it files
// is the organisation's concern. The organisation is required (#10): a
// key without one is an Open311 client's, made on purpose with
// CreateOpen311ClientKey. The secret is returned once and stored hashed.
func (s *Service) CreateAPIKey(ctx context.Context, p models.Principal, name, orgID string) (string, *models.APIKey, error) {
	if err := requireAdmin(p); err != nil {
		return "", nil, err
	}
	if orgID == "" {
		return "", nil, models.Invalidf("organisation_id", "is required: an API key acts for an organisation; "+
			"for an Open311 client that files for residents, create a key of kind %q", models.APIKeyOpen311Client)
	}
	o, err := s.findOrganisation(ctx, orgID)
	if err != nil {
		if models.ErrorCodeOf(err) == models.ENotFound {
			return "", nil, models.InvalidE("organisation_id", "organisation.unknown", "organisation", orgID)
		}
		return "", nil, err
	}
	return s.createAPIKey(ctx, p, name, o.ID, models.APIKeyOrganisation)
}

// CreateOpen311ClientKey makes a key for an Open311 client (a city app, a
// partner site) with no organisation: it files issues for residents, who
// give their contact with each request, and sees what the public sees.
func (s *Service) CreateOpen311ClientKey(ctx context.Context, p models.Principal, name string) (string, *models.APIKey, error) {
	if err := requireAdmin(p); err != nil {
		return "", nil, err
	}
	return s.createAPIKey(ctx, p, name, "", models.APIKeyOpen311Client)
}

func (s *Service) createAPIKey(ctx context.Context, p models.Principal, name, orgID, kind string) (string, *models.APIKey, error) {
	probs := models.Problems{}
	name = models.CleanText(probs, "name", name, 1, 120)
	if err := probs.Err("the API key"); err != nil {
		return "", nil, err
	}
	secret := newSecret("cdk_")
	k := &models.APIKey{ID: newID(), Hash: hashSecret(secret), Prefix: secret[:10], Name: name, OrganisationID: orgID, Kind: kind,
		CreatedBy: p.User.ID, CreatedAt: s.now()}
	if err := s.store.InsertAPIKey(ctx, k); err != nil {
		return "", nil, err
	}
	return secret, k, nil
}

// ListAPIKeys lists keys without their secrets (admins only).
func (s *Service) ListAPIKeys(ctx context.Context, p models.Principal) ([]models.APIKey, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	return s.store.ListAPIKeys(ctx)
}

// RevokeAPIKey stops a key from working (admins only).
func (s *Service) RevokeAPIKey(ctx context.Context, p models.Principal, id string) error {
	if err := requireAdmin(p); err != nil {
		return err
	}
	return s.store.RevokeAPIKey(ctx, id, s.now())
}

// AuthenticateAPIKey resolves an API key to its principal.
func (s *Service) AuthenticateAPIKey(ctx context.Context, secret string) (models.Principal, error) {
	bad := models.E(models.EUnauthorized, "auth.api_key_invalid")
	if secret == "" || len(secret) > 200 {
		return models.Principal{}, bad
	}
	k, err := s.store.GetAPIKeyByHash(ctx, hashSecret(secret))
	if models.ErrorCodeOf(err) == models.ENotFound {
		return models.Principal{}, bad
	}
	if err != nil {
		return models.Principal{}, err
	}
	if k.RevokedAt != nil {
		return models.Principal{}, bad
	}
	p := models.Principal{Kind: models.ActorOrganisation, OrganisationID: k.OrganisationID, APIKeyID: k.ID, Name: k.Name}
	if k.OrganisationID == "" {
		p.Kind = models.ActorResident
	} else if o, err := s.store.GetOrganisation(ctx, k.OrganisationID); err == nil {
		p.Name = o.NameVI
	}
	return p, nil
}

// CreateOrgInvite makes a one-time link token for joining an organisation
// from Telegram (admins only).
func (s *Service) CreateOrgInvite(ctx context.Context, p models.Principal, orgID string) (string, time.Time, error) {
	if err := requireAdmin(p); err != nil {
		return "", time.Time{}, err
	}
	o, err := s.findOrganisation(ctx, orgID)
	if err != nil {
		return "", time.Time{}, err
	}
	return s.createInvite(ctx, &models.Invite{Kind: "organisation", OrganisationID: o.ID, CreatedBy: p.User.ID})
}

// CreateOfficialLink makes a one-time token with which an official links
// their Telegram account (admins, or the official themself).
func (s *Service) CreateOfficialLink(ctx context.Context, p models.Principal, userID string) (string, time.Time, error) {
	if p.User == nil || (p.User.Role != models.RoleAdmin && p.User.ID != userID) {
		return "", time.Time{}, forbidden("auth.admins_link")
	}
	if _, err := s.store.GetUser(ctx, userID); err != nil {
		return "", time.Time{}, err
	}
	return s.createInvite(ctx, &models.Invite{Kind: "official", UserID: userID, CreatedBy: p.User.ID})
}

func (s *Service) createInvite(ctx context.Context, inv *models.Invite) (string, time.Time, error) {
	// Telegram deep-link payloads allow at most 64 characters of [A-Za-z0-9_-].
	token := "j" + newSecret("")[:30]
	now := s.now()
	inv.ID = hashSecret(token)
	inv.CreatedAt = now
	inv.ExpiresAt = now.Add(s.cfg.InviteTTL)
	if err := s.store.InsertInvite(ctx, inv); err != nil {
		return "", time.Time{}, err
	}
	return token, inv.ExpiresAt, nil
}

// RedeemResult says what an invite did.
type RedeemResult struct {
	Kind         string
	Organisation *models.Organisation
	User         *models.User
}

// RedeemInvite uses an invite token for a Telegram account: it joins the
// organisation or links the official's account.
func (s *Service) RedeemInvite(ctx context.Context, token string, telegramUserID int64, name string) (*RedeemResult, error) {
	inv, err := s.store.UseInvite(ctx, hashSecret(token), s.now())
	if err != nil {
		return nil, err
	}
	switch inv.Kind {
	case "organisation":
		o, err := s.store.GetOrganisation(ctx, inv.OrganisationID)
		if err != nil {
			return nil, err
		}
		m := &models.OrgMember{ID: "tg:" + itoa(telegramUserID), TelegramUserID: telegramUserID, OrganisationID: o.ID, Name: name, JoinedAt: s.now()}
		if err := s.store.UpsertOrgMember(ctx, m); err != nil {
			return nil, err
		}
		return &RedeemResult{Kind: inv.Kind, Organisation: o}, nil
	case "official":
		for attempt := 0; attempt < 5; attempt++ {
			u, err := s.store.GetUser(ctx, inv.UserID)
			if err != nil {
				return nil, err
			}
			old := u.Version
			u.TelegramUserID = telegramUserID
			u.Version++
			u.UpdatedAt = s.now()
			err = s.store.ReplaceUser(ctx, u, old)
			if models.ErrorCodeOf(err) == models.EConflict {
				continue
			}
			if err != nil {
				return nil, err
			}
			return &RedeemResult{Kind: inv.Kind, User: u}, nil
		}
		return nil, models.E(models.EConflict, "account.kept_changing")
	}
	return nil, models.E(models.EInvalid, "invite.unknown_kind")
}

// OrgMembership returns the organisation a Telegram account belongs to.
func (s *Service) OrgMembership(ctx context.Context, telegramUserID int64) (*models.OrgMember, *models.Organisation, error) {
	m, err := s.store.GetOrgMember(ctx, telegramUserID)
	if err != nil {
		return nil, nil, err
	}
	o, err := s.store.GetOrganisation(ctx, m.OrganisationID)
	if err != nil {
		return nil, nil, err
	}
	return m, o, nil
}

// EnsureResident records a Telegram resident (or updates their chat, name
// and, when lang is not empty, their language) and returns them.
func (s *Service) EnsureResident(ctx context.Context, telegramUserID, chatID int64, name, lang string) (*models.Resident, error) {
	return s.EnsureResidentFirstLang(ctx, telegramUserID, chatID, name, lang, "")
}

// EnsureResidentFirstLang is EnsureResident for a person whose app tells
// their language (Telegram's language_code): a new resident starts in
// English when it begins with "en", in Vietnamese otherwise. A known
// resident keeps the language they have (they may have chosen it).
func (s *Service) EnsureResidentFirstLang(ctx context.Context, telegramUserID, chatID int64, name, lang, appLang string) (*models.Resident, error) {
	id := "tg:" + itoa(telegramUserID)
	r, err := s.store.GetResident(ctx, id)
	if err != nil && models.ErrorCodeOf(err) != models.ENotFound {
		return nil, err
	}
	if r == nil {
		r = &models.Resident{ID: id, TelegramUserID: telegramUserID, Lang: LangFromApp(appLang), CreatedAt: s.now()}
	}
	changed := r.ChatID != chatID || r.Name != name || (lang != "" && r.Lang != lang)
	r.ChatID, r.Name = chatID, name
	if lang == "vi" || lang == "en" {
		r.Lang = lang
	}
	if changed || err != nil {
		if err := s.store.UpsertResident(ctx, r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// LangFromApp maps an app's language tag (Telegram's language_code, an
// IETF tag such as "en-GB") to civicdesk's languages: English for en*,
// Vietnamese for anything else, including no tag.
func LangFromApp(tag string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(tag)), "en") {
		return "en"
	}
	return "vi"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
