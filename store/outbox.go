package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// EnqueueNotification adds a notification to the outbox. Its id identifies
// the issue event and recipient, so queuing it again changes nothing.
func (s *Store) EnqueueNotification(ctx context.Context, n *models.Notification) error {
	err := insertOne(ctx, s, colOutbox, n, "notification")
	if models.ErrorCodeOf(err) == models.EConflict {
		return nil
	}
	return err
}

// DueNotifications lists pending notifications whose next attempt is due.
func (s *Store) DueNotifications(ctx context.Context, now time.Time, limit int) ([]models.Notification, error) {
	return findAll[models.Notification](ctx, s, colOutbox,
		bson.M{"status": string(models.NotificationPending), "next_attempt_at": bson.M{"$lte": now}},
		bson.D{{Key: "next_attempt_at", Value: 1}, {Key: "_id", Value: 1}}, int64(limit), "notifications")
}

// ClaimNotification takes a pending notification for sending until leaseUntil,
// so two senders never send it both: only the one whose update matches the
// old next_attempt_at gets it.
func (s *Store) ClaimNotification(ctx context.Context, n *models.Notification, leaseUntil time.Time) (bool, error) {
	res, err := s.c(colOutbox).UpdateOne(ctx,
		bson.M{"_id": n.ID, "status": string(models.NotificationPending), "next_attempt_at": n.NextAttemptAt},
		bson.M{"$set": bson.M{"next_attempt_at": leaseUntil}, "$inc": bson.M{"attempts": 1}})
	if err != nil {
		return false, mapErr(err, "notification")
	}
	if res.MatchedCount == 1 {
		n.NextAttemptAt = leaseUntil
		n.Attempts++
		return true, nil
	}
	return false, nil
}

// MarkNotificationSent records a delivered notification.
func (s *Store) MarkNotificationSent(ctx context.Context, id string, at time.Time) error {
	_, err := s.c(colOutbox).UpdateOne(ctx, bson.M{"_id": id},
		bson.M{"$set": bson.M{"status": string(models.NotificationSent), "sent_at": at, "last_error": ""}})
	return mapErr(err, "notification")
}

// RetryNotification schedules another attempt, or gives up (failed) when
// final is true.
func (s *Store) RetryNotification(ctx context.Context, id string, next time.Time, lastErr string, final bool) error {
	set := bson.M{"next_attempt_at": next, "last_error": lastErr}
	if final {
		set["status"] = string(models.NotificationFailed)
	}
	_, err := s.c(colOutbox).UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": set})
	return mapErr(err, "notification")
}

// GetNotification loads one outbox entry.
func (s *Store) GetNotification(ctx context.Context, id string) (*models.Notification, error) {
	return findOne[models.Notification](ctx, s, colOutbox, bson.M{"_id": id}, "notification")
}

// ListNotifications lists outbox entries of an issue, oldest first (tests
// and the dashboard use it).
func (s *Store) ListNotifications(ctx context.Context, issueID string) ([]models.Notification, error) {
	return findAll[models.Notification](ctx, s, colOutbox, bson.M{"issue_id": issueID},
		bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}, 0, "notifications")
}

// DeleteSentNotificationsBefore prunes delivered entries older than t.
func (s *Store) DeleteSentNotificationsBefore(ctx context.Context, t time.Time) error {
	_, err := s.c(colOutbox).DeleteMany(ctx, bson.M{"status": string(models.NotificationSent), "sent_at": bson.M{"$lt": t}})
	return mapErr(err, "notifications")
}
