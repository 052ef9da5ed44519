package service

import (
	"context"
	"regexp"
	"strings"

	"github.com/civicdesk/civicdesk/models"
)

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,39}$`)

// NewUser is an account an admin creates.
type NewUser struct {
	Username   string
	Name       string
	Role       models.Role
	Department string
	Ward       string
	Password   string
}

// UserPatch changes an account; nil fields stay.
type UserPatch struct {
	Name           *string
	Role           *models.Role
	Department     *string
	Ward           *string
	Password       *string
	Disabled       *bool
	TelegramUserID *int64
	IfVersion      int64
}

func requireAdmin(p models.Principal) error {
	if p.User == nil {
		if p.APIKeyID != "" || p.OrganisationID != "" || p.ResidentID != "" {
			return forbidden("auth.admins_only")
		}
		return models.E(models.EUnauthorized, "auth.sign_in")
	}
	if p.User.Role != models.RoleAdmin {
		return forbidden("auth.admins_only")
	}
	return nil
}

// checkScope validates a role's department or ward against the catalogue.
func (s *Service) checkScope(role models.Role, dept, ward string) error {
	c := s.Catalogue()
	p := models.Problems{}
	if !role.Valid() {
		p.Add("role", "must be official, supervisor, monitor or admin")
	}
	switch role {
	case models.RoleOfficial:
		if dept == "" {
			p.Add("department", "an official belongs to a department")
		} else if _, ok := c.Department(dept); !ok {
			p.Add("department", "unknown department %q", dept)
		}
		if ward != "" {
			p.Add("ward", "an official's scope is their department; leave ward empty")
		}
	case models.RoleSupervisor:
		if dept != "" {
			p.Add("department", "a supervisor oversees a ward or the city; leave department empty")
		}
		if ward != "" {
			if _, ok := c.Ward(ward); !ok {
				p.Add("ward", "unknown ward %q", ward)
			}
		}
	case models.RoleMonitor, models.RoleAdmin:
		if dept != "" || ward != "" {
			p.Add("role", "%s accounts have no department or ward", role)
		}
	}
	return p.Err("the account")
}

// CreateUser creates an account (admins only).
func (s *Service) CreateUser(ctx context.Context, p models.Principal, in NewUser) (*models.User, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	return s.createUser(ctx, in)
}

func (s *Service) createUser(ctx context.Context, in NewUser) (*models.User, error) {
	probs := models.Problems{}
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	if !usernameRE.MatchString(in.Username) {
		probs.Add("username", "use 3 to 40 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit")
	}
	name := models.CleanText(probs, "name", in.Name, 1, 120)
	if err := probs.Err("the account"); err != nil {
		return nil, err
	}
	if err := s.checkScope(in.Role, in.Department, in.Ward); err != nil {
		return nil, err
	}
	if err := checkPasswordStrength(in.Password, in.Username); err != nil {
		return nil, err
	}
	now := s.now()
	u := &models.User{ID: newID(), Username: in.Username, Name: name, Role: in.Role, Department: in.Department, Ward: in.Ward,
		PasswordHash: hashPassword(in.Password), CreatedAt: now, UpdatedAt: now, Version: 1}
	if err := s.store.InsertUser(ctx, u); err != nil {
		if models.ErrorCodeOf(err) == models.EConflict {
			return nil, &models.Error{Code: models.EConflict, Message: "username " + in.Username + " is taken", Fields: map[string]string{"username": "is taken"}}
		}
		return nil, err
	}
	return u, nil
}

// UpdateUser changes an account (admins only).
func (s *Service) UpdateUser(ctx context.Context, p models.Principal, id string, patch UserPatch) (*models.User, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	u, err := s.store.GetUser(ctx, id)
	if err != nil {
		return nil, err
	}
	if patch.IfVersion != 0 && patch.IfVersion != u.Version {
		return nil, models.E(models.EConflict, "account.changed", "user", u.Username)
	}
	old := u.Version
	probs := models.Problems{}
	if patch.Name != nil {
		u.Name = models.CleanText(probs, "name", *patch.Name, 1, 120)
	}
	if err := probs.Err("the account"); err != nil {
		return nil, err
	}
	if patch.Role != nil {
		u.Role = *patch.Role
	}
	if patch.Department != nil {
		u.Department = *patch.Department
	}
	if patch.Ward != nil {
		u.Ward = *patch.Ward
	}
	if err := s.checkScope(u.Role, u.Department, u.Ward); err != nil {
		return nil, err
	}
	revoke := false
	if patch.Password != nil {
		if err := checkPasswordStrength(*patch.Password, u.Username); err != nil {
			return nil, err
		}
		u.PasswordHash = hashPassword(*patch.Password)
		revoke = true
	}
	if patch.Disabled != nil {
		if *patch.Disabled && u.ID == p.User.ID {
			return nil, models.InvalidE("disabled", "account.disable_self")
		}
		u.Disabled = *patch.Disabled
		revoke = revoke || u.Disabled
	}
	if patch.TelegramUserID != nil {
		u.TelegramUserID = *patch.TelegramUserID
	}
	now := s.now()
	u.UpdatedAt = now
	u.Version = old + 1
	if err := s.store.ReplaceUser(ctx, u, old); err != nil {
		return nil, err
	}
	if revoke {
		if err := s.store.RevokeUserSessions(ctx, u.ID, now); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// ListUsers lists accounts (admins only).
func (s *Service) ListUsers(ctx context.Context, p models.Principal) ([]models.User, error) {
	if err := requireAdmin(p); err != nil {
		return nil, err
	}
	return s.store.ListUsers(ctx)
}

// GetUser returns one account (admins, or the user themself).
func (s *Service) GetUser(ctx context.Context, p models.Principal, id string) (*models.User, error) {
	if p.User == nil || (p.User.Role != models.RoleAdmin && p.User.ID != id) {
		return nil, forbidden("auth.admins_see_accounts")
	}
	return s.store.GetUser(ctx, id)
}

// EnsureAdmin creates the first admin on an empty database. The password
// comes from configuration, or is generated and returned once for the
// operator to note; it is never logged by the service.
func (s *Service) EnsureAdmin(ctx context.Context, username, password string) (generated string, created bool, err error) {
	n, err := s.store.CountUsers(ctx)
	if err != nil || n > 0 {
		return "", false, err
	}
	if username == "" {
		username = "admin"
	}
	if password == "" {
		password = generatePassword()
		generated = password
	}
	if _, err := s.createUser(ctx, NewUser{Username: username, Name: "Administrator", Role: models.RoleAdmin, Password: password}); err != nil {
		return "", false, err
	}
	return generated, true, nil
}

// Login checks a username and password and returns a new bearer token,
// shown once; only its hash is stored.
func (s *Service) Login(ctx context.Context, username, password string) (string, *models.Session, *models.User, error) {
	bad := models.E(models.EUnauthorized, "auth.wrong_password")
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" || password == "" || len(password) > 200 || !usernameRE.MatchString(username) {
		return "", nil, nil, bad
	}
	// Unknown usernames back off too, so the back-off does not reveal
	// which accounts exist.
	if err := s.checkLoginBackoff(ctx, username); err != nil {
		return "", nil, nil, err
	}
	u, err := s.store.GetUserByUsername(ctx, username)
	if models.ErrorCodeOf(err) == models.ENotFound {
		// Spend the same time as a real check so timing does not reveal
		// which usernames exist.
		checkPassword(dummyHash, password)
		s.recordLoginFailure(ctx, username)
		return "", nil, nil, bad
	}
	if err != nil {
		return "", nil, nil, err
	}
	if !checkPassword(u.PasswordHash, password) {
		s.recordLoginFailure(ctx, username)
		return "", nil, nil, bad
	}
	s.clearLoginFailures(ctx, username)
	if u.Disabled {
		return "", nil, nil, models.E(models.EUnauthorized, "auth.disabled")
	}
	token := newSecret("cds_")
	now := s.now()
	sess := &models.Session{ID: hashSecret(token), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL)}
	if err := s.store.InsertSession(ctx, sess); err != nil {
		return "", nil, nil, err
	}
	return token, sess, u, nil
}

var dummyHash = hashPassword("not-a-real-password-X1")

// Authenticate resolves a bearer token to its user.
func (s *Service) Authenticate(ctx context.Context, token string) (models.Principal, error) {
	bad := models.E(models.EUnauthorized, "auth.token_invalid")
	if token == "" || len(token) > 200 {
		return models.Principal{}, bad
	}
	sess, err := s.store.GetSession(ctx, hashSecret(token))
	if models.ErrorCodeOf(err) == models.ENotFound {
		return models.Principal{}, bad
	}
	if err != nil {
		return models.Principal{}, err
	}
	if sess.RevokedAt != nil || !s.now().Before(sess.ExpiresAt) {
		return models.Principal{}, bad
	}
	u, err := s.store.GetUser(ctx, sess.UserID)
	if err != nil {
		if models.ErrorCodeOf(err) == models.ENotFound {
			return models.Principal{}, bad
		}
		return models.Principal{}, err
	}
	if u.Disabled {
		return models.Principal{}, models.E(models.EUnauthorized, "auth.disabled")
	}
	return models.Principal{Kind: models.ActorOfficial, User: u, Name: u.Name}, nil
}

// Logout revokes the token.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.store.RevokeSession(ctx, hashSecret(token), s.now())
}

// PrincipalForTelegram returns the official whose Telegram account is linked.
func (s *Service) PrincipalForTelegram(ctx context.Context, telegramUserID int64) (models.Principal, error) {
	u, err := s.store.GetUserByTelegram(ctx, telegramUserID)
	if err != nil {
		if models.ErrorCodeOf(err) == models.ENotFound {
			return models.Principal{}, forbidden("auth.telegram_not_linked")
		}
		return models.Principal{}, err
	}
	return models.Principal{Kind: models.ActorOfficial, User: u, Name: u.Name}, nil
}
