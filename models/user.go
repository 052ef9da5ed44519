package models

import "time"

// Role is what a signed-in user may do.
type Role string

// Roles.
const (
	// RoleOfficial works in one department and acts on its issues.
	RoleOfficial Role = "official"
	// RoleSupervisor oversees a ward (Ward set) or the whole city (Ward empty).
	RoleSupervisor Role = "supervisor"
	// RoleMonitor reads every issue without residents' contact details:
	// People's Council, Fatherland Front, mass organisations' observers.
	RoleMonitor Role = "monitor"
	// RoleAdmin manages users, organisations, keys and the catalogue.
	RoleAdmin Role = "admin"
)

// Valid reports whether r is known.
func (r Role) Valid() bool {
	switch r {
	case RoleOfficial, RoleSupervisor, RoleMonitor, RoleAdmin:
		return true
	}
	return false
}

// User is a signed-in person: an official, supervisor, monitor or admin.
type User struct {
	ID           string `bson:"_id" json:"id"`
	Username     string `bson:"username" json:"username"`
	Name         string `bson:"name" json:"name"`
	Role         Role   `bson:"role" json:"role"`
	Department   string `bson:"department,omitempty" json:"department,omitempty"`
	Ward         string `bson:"ward,omitempty" json:"ward,omitempty"`
	PasswordHash string `bson:"password_hash" json:"-"`
	// TelegramUserID links the user's Telegram account, for acting from the
	// department's group.
	TelegramUserID int64      `bson:"telegram_user_id,omitempty" json:"telegram_user_id,omitempty"`
	Disabled       bool       `bson:"disabled" json:"disabled"`
	CreatedAt      time.Time  `bson:"created_at" json:"created_at"`
	UpdatedAt      time.Time  `bson:"updated_at" json:"updated_at"`
	Version        int64      `bson:"version" json:"version"`
	LastLoginAt    *time.Time `bson:"last_login_at,omitempty" json:"last_login_at,omitempty"`
}

// Session is a sign-in token. Only the SHA-256 of the token is stored.
type Session struct {
	ID        string     `bson:"_id"` // hex SHA-256 of the token
	UserID    string     `bson:"user_id"`
	CreatedAt time.Time  `bson:"created_at"`
	ExpiresAt time.Time  `bson:"expires_at"`
	RevokedAt *time.Time `bson:"revoked_at,omitempty"`
}

// Organisation is a mass organisation (Fatherland Front, Women's Union, ...).
type Organisation struct {
	ID        string    `bson:"_id" json:"id"`
	Code      string    `bson:"code" json:"code"`
	NameVI    string    `bson:"name_vi" json:"name_vi"`
	NameEN    string    `bson:"name_en" json:"name_en"`
	Ward      string    `bson:"ward,omitempty" json:"ward,omitempty"`
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
}

// Name returns the organisation's name in a language.
func (o Organisation) Name(lang string) string {
	if lang == "en" && o.NameEN != "" {
		return o.NameEN
	}
	return o.NameVI
}

// APIKey lets an organisation's system (or an Open311 client) file issues.
// The key itself is shown once; only its SHA-256 is stored.
type APIKey struct {
	ID             string     `bson:"_id" json:"id"`
	Hash           string     `bson:"hash" json:"-"`
	Prefix         string     `bson:"prefix" json:"prefix"` // first characters, to recognise a key
	Name           string     `bson:"name" json:"name"`
	OrganisationID string     `bson:"organisation_id,omitempty" json:"organisation_id,omitempty"`
	CreatedBy      string     `bson:"created_by" json:"created_by"`
	CreatedAt      time.Time  `bson:"created_at" json:"created_at"`
	RevokedAt      *time.Time `bson:"revoked_at,omitempty" json:"revoked_at,omitempty"`

	// Kind is organisation (files for its organisation) or open311_client
	// (an Open311 client with no organisation, filing for residents) (#10).
	Kind string `bson:"kind,omitempty" json:"kind,omitempty"`
}

// API key kinds: a key either belongs to an organisation or is, on
// purpose, an Open311 client's.
const (
	APIKeyOrganisation  = "organisation"
	APIKeyOpen311Client = "open311_client"
)

// Resident is a person known through a chat channel.
type Resident struct {
	ID             string    `bson:"_id" json:"id"` // "tg:<telegram user id>"
	TelegramUserID int64     `bson:"telegram_user_id" json:"-"`
	ChatID         int64     `bson:"chat_id" json:"-"`
	Name           string    `bson:"name" json:"-"`
	Lang           string    `bson:"lang" json:"lang"`
	CreatedAt      time.Time `bson:"created_at" json:"created_at"`
}

// OrgMember links a Telegram account to an organisation.
type OrgMember struct {
	ID             string    `bson:"_id"` // "tg:<telegram user id>"
	TelegramUserID int64     `bson:"telegram_user_id"`
	OrganisationID string    `bson:"organisation_id"`
	Name           string    `bson:"name"`
	JoinedAt       time.Time `bson:"joined_at"`
}

// Invite is a one-time link for joining an organisation (or linking an
// official's Telegram account). Only the SHA-256 of the token is stored.
type Invite struct {
	ID             string     `bson:"_id"`  // hex SHA-256 of the token
	Kind           string     `bson:"kind"` // "organisation" or "official"
	OrganisationID string     `bson:"organisation_id,omitempty"`
	UserID         string     `bson:"user_id,omitempty"`
	CreatedBy      string     `bson:"created_by"`
	CreatedAt      time.Time  `bson:"created_at"`
	ExpiresAt      time.Time  `bson:"expires_at"`
	UsedAt         *time.Time `bson:"used_at,omitempty"`
}

// Principal is who is acting on a request, resolved by the adapters from a
// token, an API key or a Telegram account. Services authorize against it.
type Principal struct {
	Kind ActorKind
	// User is set for officials, supervisors, monitors and admins.
	User *User
	// OrganisationID is set for an organisation's API key or member.
	OrganisationID string
	// ResidentID is set for residents.
	ResidentID string
	// APIKeyID is set when acting with an API key.
	APIKeyID string
	Name     string
}

// Role returns the principal's role, empty for residents and organisations.
func (p Principal) Role() Role {
	if p.User == nil {
		return ""
	}
	return p.User.Role
}

// Actor is how the principal appears on a timeline.
func (p Principal) Actor() Actor {
	switch {
	case p.User != nil:
		return Actor{Kind: ActorOfficial, ID: p.User.ID, Name: p.User.Name, Department: p.User.Department}
	case p.OrganisationID != "":
		return Actor{Kind: ActorOrganisation, ID: p.OrganisationID, Name: p.Name}
	case p.ResidentID != "":
		return Actor{Kind: ActorResident, ID: p.ResidentID}
	}
	return SystemActor
}
