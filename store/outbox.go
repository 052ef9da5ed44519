package store

import (
	"context"
	"sort"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// The outbox has two collections. "outbox" holds only what is still to be
// sent (pending) or given up (failed), so the sender, which looks for due
// entries every second, reads a handful of documents even on the embedded
// database where every such query reads the whole collection. Delivered
// entries move to "outbox_sent", which is only ever read by _id — to keep a
// notification from being queued or sent a second time — and pruned after
// 30 days by the sweeper.

// EnqueueNotification adds a notification to the outbox. Its id identifies
// the issue event and recipient, so queuing it again — even after it was
// sent — changes nothing.
func (s *Store) EnqueueNotification(ctx context.Context, n *models.Notification) error {
	if sent, err := s.wasSent(ctx, n.ID); err != nil || sent {
		return err
	}
	err := insertOne(ctx, s, colOutbox, n, "notification")
	if models.ErrorCodeOf(err) == models.EConflict {
		return nil
	}
	return err
}

func (s *Store) wasSent(ctx context.Context, id string) (bool, error) {
	err := s.c(colOutboxSent).FindOne(ctx, bson.M{"_id": id}).Err()
	if err == nil {
		return true, nil
	}
	if e := mapErr(err, "notification"); models.ErrorCodeOf(e) != models.ENotFound {
		return false, e
	}
	return false, nil
}

// DueNotifications lists pending notifications whose next attempt is due.
func (s *Store) DueNotifications(ctx context.Context, now time.Time, limit int) ([]models.Notification, error) {
	return findAll[models.Notification](ctx, s, colOutbox,
		bson.M{"status": string(models.NotificationPending), "next_attempt_at": bson.M{"$lte": now}},
		bson.D{{Key: "next_attempt_at", Value: 1}, {Key: "_id", Value: 1}}, int64(limit), "notifications")
}

// PendingNotificationsOf lists the pending notifications of some chats,
// due or not (waiting for a retry, or claimed by a sender), so the sender
// can keep each chat's messages in order: one is sent only when no
// earlier one of its chat is still pending. The outbox holds only what is
// still to send, so this reads little.
func (s *Store) PendingNotificationsOf(ctx context.Context, chatIDs []int64) ([]models.Notification, error) {
	if len(chatIDs) == 0 {
		return nil, nil
	}
	return findAll[models.Notification](ctx, s, colOutbox,
		bson.M{"status": string(models.NotificationPending), "chat_id": bson.M{"$in": chatIDs}},
		bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}, 0, "notifications")
}

// ClaimNotification takes a pending notification for sending until leaseUntil,
// so two senders never send it both: only the one whose update matches the
// old next_attempt_at gets it. One that was delivered already (a process
// died before taking it out of the outbox) is taken out and not claimed.
func (s *Store) ClaimNotification(ctx context.Context, n *models.Notification, leaseUntil time.Time) (bool, error) {
	if sent, err := s.wasSent(ctx, n.ID); err != nil || sent {
		if sent {
			_, err = s.c(colOutbox).DeleteOne(ctx, bson.M{"_id": n.ID})
		}
		return false, mapErr(err, "notification")
	}
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

// MarkNotificationSent records a delivered notification: it is copied to
// the sent collection first, then taken out of the outbox, so a crash in
// between cannot make it be sent again.
func (s *Store) MarkNotificationSent(ctx context.Context, id string, at time.Time) error {
	n, err := findOne[models.Notification](ctx, s, colOutbox, bson.M{"_id": id}, "notification")
	if err != nil {
		if models.ErrorCodeOf(err) == models.ENotFound {
			return nil // already moved
		}
		return err
	}
	n.Status, n.SentAt, n.LastError = models.NotificationSent, &at, ""
	if err := insertOne(ctx, s, colOutboxSent, n, "notification"); err != nil && models.ErrorCodeOf(err) != models.EConflict {
		return err
	}
	_, err = s.c(colOutbox).DeleteOne(ctx, bson.M{"_id": id})
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

// GetNotification loads one notification, pending or sent.
func (s *Store) GetNotification(ctx context.Context, id string) (*models.Notification, error) {
	n, err := findOne[models.Notification](ctx, s, colOutbox, bson.M{"_id": id}, "notification")
	if models.ErrorCodeOf(err) == models.ENotFound {
		return findOne[models.Notification](ctx, s, colOutboxSent, bson.M{"_id": id}, "notification")
	}
	return n, err
}

// ListNotifications lists the notifications of an issue, pending and sent,
// oldest first (tests and support use it; it reads both collections).
func (s *Store) ListNotifications(ctx context.Context, issueID string) ([]models.Notification, error) {
	var all []models.Notification
	for _, col := range []string{colOutbox, colOutboxSent} {
		ns, err := findAll[models.Notification](ctx, s, col, bson.M{"issue_id": issueID},
			bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}, 0, "notifications")
		if err != nil {
			return nil, err
		}
		all = append(all, ns...)
	}
	sortNotifications(all)
	return all, nil
}

// DeleteSentNotificationsBefore prunes delivered entries older than t, and
// entries given up before t.
func (s *Store) DeleteSentNotificationsBefore(ctx context.Context, t time.Time) error {
	if _, err := s.c(colOutboxSent).DeleteMany(ctx, bson.M{"sent_at": bson.M{"$lt": t}}); err != nil {
		return mapErr(err, "notifications")
	}
	_, err := s.c(colOutbox).DeleteMany(ctx, bson.M{"status": string(models.NotificationFailed), "created_at": bson.M{"$lt": t}})
	return mapErr(err, "notifications")
}

func sortNotifications(ns []models.Notification) {
	sort.Slice(ns, func(i, j int) bool {
		if !ns[i].CreatedAt.Equal(ns[j].CreatedAt) {
			return ns[i].CreatedAt.Before(ns[j].CreatedAt)
		}
		return ns[i].ID < ns[j].ID
	})
}
