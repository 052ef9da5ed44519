package service

import (
	"context"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// Store is the storage the service needs; package store implements it on
// MongoDB and on the embedded database.
type Store interface {
	Ping(ctx context.Context) error

	NextSequence(ctx context.Context, name string) (int64, error)
	ReserveSequence(ctx context.Context, name string, n int64) (int64, error)
	InsertIssue(ctx context.Context, iss *models.Issue) error
	InsertIssues(ctx context.Context, issues []*models.Issue) error
	GetIssue(ctx context.Context, id string) (*models.Issue, error)
	GetIssueHead(ctx context.Context, id string) (*models.Issue, error)
	ReplaceIssue(ctx context.Context, iss *models.Issue, expected int64) error
	ListIssues(ctx context.Context, f models.IssueFilter) (models.IssuePage, error)
	CountIssues(ctx context.Context, f models.IssueFilter) (int64, error)
	EachIssue(ctx context.Context, fn func(*models.Issue) error) error

	DueDeadlines(ctx context.Context, now time.Time, limit int) ([]models.Deadline, error)

	ApplyStats(ctx context.Context, d models.StatsDelta) error
	StatsDays(ctx context.Context, from, to string) ([]models.StatsDay, error)
	StatsGauges(ctx context.Context) (map[string]models.GaugeCounts, error)
	ResetStats(ctx context.Context) error
	AddStats(ctx context.Context, days []models.StatsDay, gauges map[string]models.GaugeCounts) error
	PutStats(ctx context.Context, days []models.StatsDay, gauges map[string]models.GaugeCounts) error
	// TakeUncleanStops says how many processes died without closing the
	// database since the last call; their last counter writes may be lost.
	TakeUncleanStops(ctx context.Context) (int, error)

	InsertUser(ctx context.Context, u *models.User) error
	ReplaceUser(ctx context.Context, u *models.User, expected int64) error
	GetUser(ctx context.Context, id string) (*models.User, error)
	GetUserByUsername(ctx context.Context, username string) (*models.User, error)
	GetUserByTelegram(ctx context.Context, telegramUserID int64) (*models.User, error)
	ListUsers(ctx context.Context) ([]models.User, error)
	CountUsers(ctx context.Context) (int64, error)
	InsertSession(ctx context.Context, sess *models.Session) error
	GetSession(ctx context.Context, hash string) (*models.Session, error)
	RevokeSession(ctx context.Context, hash string, at time.Time) error
	RevokeUserSessions(ctx context.Context, userID string, at time.Time) error
	DeleteExpiredSessions(ctx context.Context, t time.Time) error
	InsertAPIKey(ctx context.Context, k *models.APIKey) error
	GetAPIKeyByHash(ctx context.Context, hash string) (*models.APIKey, error)
	ListAPIKeys(ctx context.Context) ([]models.APIKey, error)
	RevokeAPIKey(ctx context.Context, id string, at time.Time) error
	InsertOrganisation(ctx context.Context, o *models.Organisation) error
	ReplaceOrganisation(ctx context.Context, o *models.Organisation) error
	GetOrganisation(ctx context.Context, id string) (*models.Organisation, error)
	ListOrganisations(ctx context.Context) ([]models.Organisation, error)
	InsertInvite(ctx context.Context, inv *models.Invite) error
	UseInvite(ctx context.Context, hash string, now time.Time) (*models.Invite, error)
	UpsertOrgMember(ctx context.Context, m *models.OrgMember) error
	GetOrgMember(ctx context.Context, telegramUserID int64) (*models.OrgMember, error)
	UpsertResident(ctx context.Context, r *models.Resident) error
	GetResident(ctx context.Context, id string) (*models.Resident, error)

	GetCatalogue(ctx context.Context) (*models.Catalogue, int64, error)
	PutCatalogue(ctx context.Context, c *models.Catalogue, expected int64, by string, now time.Time) (int64, error)

	EnqueueNotification(ctx context.Context, n *models.Notification) error
	DeleteSentNotificationsBefore(ctx context.Context, t time.Time) error

	GetIdempotent(ctx context.Context, id string) (*models.IdempotentResponse, error)
	PutIdempotent(ctx context.Context, r *models.IdempotentResponse) error
	DeleteIdempotentBefore(ctx context.Context, t time.Time) error

	InsertPhoto(ctx context.Context, p *models.PhotoData) error
	GetPhoto(ctx context.Context, issueID, photoID string) (*models.PhotoData, error)
	DeletePhoto(ctx context.Context, id string) error
	// Issue #7: thumbnails, by the photo's _id; Put replaces.
	PutPhotoThumb(ctx context.Context, t *models.PhotoThumb) error
	GetPhotoThumb(ctx context.Context, issueID, photoID string) (*models.PhotoThumb, error)

	TryLock(ctx context.Context, name, owner string, now, expires time.Time) (bool, error)

	// Issue #11: backlog import. The mapping from an imported record's
	// external reference to its issue, read and written by _id.
	GetImportRef(ctx context.Context, ref string) (*models.ImportRef, error)
	InsertImportRef(ctx context.Context, r *models.ImportRef) error
	GetImportRefs(ctx context.Context, refs []string) (map[string]*models.ImportRef, error)
	InsertImportRefs(ctx context.Context, refs []*models.ImportRef) error
	// Present while a bulk filing has written issues it has not counted.
	MarkBulkFiling(ctx context.Context, f models.BulkFiling) error
	BulkFilingMark(ctx context.Context) (*models.BulkFiling, error)
	ClearBulkFiling(ctx context.Context) error

	// Issue #7: "me too" supporters who asked for no more updates.
	MuteSupport(ctx context.Context, issueID, residentID string, at time.Time) error
	SupportMuted(ctx context.Context, issueID, residentID string) (bool, error)

	// #10: per-account sign-in back-off, one document per username (by _id).
	LoginFailures(ctx context.Context, username string) (*models.LoginFailures, error)
	AddLoginFailure(ctx context.Context, username string, t time.Time) (*models.LoginFailures, error)
	ClearLoginFailures(ctx context.Context, username string) error

	// Issue #8 (the web): canned replies per department, by _id.
	PutCannedReplies(ctx context.Context, c *models.CannedReplies) error
	GetCannedReplies(ctx context.Context, department string) (*models.CannedReplies, error)
	// Monitors' flags: per issue, and the index of open ones; by _id.
	GetIssueFlags(ctx context.Context, issueID string) (*models.IssueFlags, error)
	PutIssueFlags(ctx context.Context, f *models.IssueFlags) error
	GetOpenFlags(ctx context.Context) (*models.OpenFlags, error)
	PutOpenFlags(ctx context.Context, o *models.OpenFlags) error
	// The catalogue's history, one document per version, by _id.
	PutCatalogueVersion(ctx context.Context, v *models.CatalogueVersion) error
	GetCatalogueVersion(ctx context.Context, id string) (*models.CatalogueVersion, error)
}
