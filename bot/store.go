package bot

import (
	"context"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/store"
)

// Store is what the bot needs from the database: the outbox, read access
// to issues and residents for rendering, and its own state. *store.Store
// implements it.
type Store interface {
	DueNotifications(ctx context.Context, now time.Time, limit int) ([]models.Notification, error)
	PendingNotificationsOf(ctx context.Context, chatIDs []int64) ([]models.Notification, error)
	ClaimNotification(ctx context.Context, n *models.Notification, leaseUntil time.Time) (bool, error)
	MarkNotificationSent(ctx context.Context, id string, at time.Time) error
	RetryNotification(ctx context.Context, id string, next time.Time, lastErr string, final bool) error
	EnqueueNotification(ctx context.Context, n *models.Notification) error

	GetIssue(ctx context.Context, id string) (*models.Issue, error)
	GetResident(ctx context.Context, id string) (*models.Resident, error)
	GetIdempotent(ctx context.Context, id string) (*models.IdempotentResponse, error)
	PutIdempotent(ctx context.Context, r *models.IdempotentResponse) error

	GetBotConversation(ctx context.Context, chatID int64, out any) error
	PutBotConversation(ctx context.Context, chatID int64, state any, now time.Time) error
	GetBotOffset(ctx context.Context) (int, error)
	SetBotOffset(ctx context.Context, offset int) error
	ClaimBotUpdate(ctx context.Context, updateID int, now, staleBefore time.Time) (string, int, error)
	FinishBotUpdate(ctx context.Context, updateID int, now time.Time) error
	ReleaseBotUpdate(ctx context.Context, updateID int) error
	DeleteBotUpdatesBefore(ctx context.Context, t time.Time) error
	GetBotCard(ctx context.Context, issueID string, chatID int64) (*store.BotCard, error)
	PutBotCard(ctx context.Context, c *store.BotCard) error
	ListBotCards(ctx context.Context, issueID string) ([]store.BotCard, error)
	PutBotPrompt(ctx context.Context, p *store.BotPrompt) error
	GetBotPrompt(ctx context.Context, chatID int64, messageID int) (*store.BotPrompt, error)
	DeleteBotPrompt(ctx context.Context, chatID int64, messageID int) error
	DeleteBotPromptsBefore(ctx context.Context, t time.Time) error

	// Photos (#7): downloaded when they arrive, fetched later when
	// Telegram did not give them.
	PutBotPhoto(ctx context.Context, p *store.BotPhoto) error
	GetBotPhoto(ctx context.Context, fileID string) (*store.BotPhoto, error)
	DeleteBotPhoto(ctx context.Context, fileID string) error
	PutPhotoFetch(ctx context.Context, f *store.PhotoFetch) error
	DuePhotoFetches(ctx context.Context, now time.Time, limit int64) ([]store.PhotoFetch, error)
	DeletePhotoFetch(ctx context.Context, id string) error
	DeleteBotPhotosBefore(ctx context.Context, t time.Time) error
}

var _ Store = (*store.Store)(nil)
