package store

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

// Collections of the Telegram bot's own state. The bot keeps everything it
// must not lose across a restart here: conversations, the polling offset,
// which updates it has handled, and the messages it may still edit.
const (
	colBotConversations = "bot_conversations"
	colBotMeta          = "bot_meta"
	colBotUpdates       = "bot_updates"
	colBotCards         = "bot_cards"
	colBotPrompts       = "bot_prompts"
	colBotCardChats     = "bot_card_chats"
)

// botConversationDoc wraps the bot's conversation state, which the store
// keeps as an opaque sub-document so the bot can change its shape freely.
type botConversationDoc struct {
	ChatID    int64     `bson:"_id"`
	State     bson.Raw  `bson:"state"`
	UpdatedAt time.Time `bson:"updated_at"`
}

// GetBotConversation decodes the conversation state of a chat into out;
// not found when the chat has none yet.
func (s *Store) GetBotConversation(ctx context.Context, chatID int64, out any) error {
	d, err := findOne[botConversationDoc](ctx, s, colBotConversations, bson.M{"_id": chatID}, "conversation")
	if err != nil {
		return err
	}
	if err := bson.Unmarshal(d.State, out); err != nil {
		return models.Wrap(models.EInternal, err, "the stored conversation of chat %d cannot be read", chatID)
	}
	return nil
}

// PutBotConversation stores the conversation state of a chat, replacing
// the previous one. One chat's updates are handled one at a time, so a
// plain replace cannot lose a concurrent change.
func (s *Store) PutBotConversation(ctx context.Context, chatID int64, state any, now time.Time) error {
	doc := bson.M{"_id": chatID, "state": state, "updated_at": now}
	_, err := s.c(colBotConversations).ReplaceOne(ctx, bson.M{"_id": chatID}, doc, upsertReplace())
	return mapErr(err, "conversation")
}

// GetBotOffset returns the next getUpdates offset, 0 when none is stored.
func (s *Store) GetBotOffset(ctx context.Context) (int, error) {
	var d struct {
		Value int `bson:"value"`
	}
	err := s.c(colBotMeta).FindOne(ctx, bson.M{"_id": "offset"}).Decode(&d)
	if err != nil {
		if models.ErrorCodeOf(mapErr(err, "offset")) == models.ENotFound {
			return 0, nil
		}
		return 0, mapErr(err, "offset")
	}
	return d.Value, nil
}

// SetBotOffset stores the getUpdates offset. It only ever moves forward:
// the update matches while the stored offset is lower, and when it is not
// the upsert's insert hits the existing _id, which is not an error here.
func (s *Store) SetBotOffset(ctx context.Context, offset int) error {
	_, err := s.c(colBotMeta).UpdateOne(ctx,
		bson.M{"_id": "offset", "value": bson.M{"$lt": offset}},
		bson.M{"$set": bson.M{"value": offset}},
		options.UpdateOne().SetUpsert(true))
	err = mapErr(err, "offset")
	if models.ErrorCodeOf(err) == models.EConflict {
		return nil
	}
	return err
}

// Statuses of a processed-update entry.
const (
	botUpdateProcessing = "processing"
	botUpdateDone       = "done"
)

// What ClaimBotUpdate found.
const (
	// BotUpdateClaimed: the caller handles the update now.
	BotUpdateClaimed = "claimed"
	// BotUpdateDone: the update was handled already; drop it.
	BotUpdateDone = "done"
	// BotUpdateBusy: someone is handling it (or died doing so less than the
	// stale delay ago); try again later, do not drop it.
	BotUpdateBusy = "busy"
)

// ClaimBotUpdate records that an update is being handled, so an update
// delivered twice (a webhook retry, polling after a crash) is handled
// once. An entry left "processing" by a process that died is claimed again
// once its claim is older than staleBefore. attempts counts the claims,
// so a caller can give up on an update that always fails.
func (s *Store) ClaimBotUpdate(ctx context.Context, updateID int, now, staleBefore time.Time) (state string, attempts int, err error) {
	err = insertOne(ctx, s, colBotUpdates, bson.M{
		"_id": int64(updateID), "status": botUpdateProcessing, "claimed_at": now, "attempts": 1, "updated_at": now,
	}, "update")
	if err == nil {
		return BotUpdateClaimed, 1, nil
	}
	if models.ErrorCodeOf(err) != models.EConflict {
		return "", 0, err
	}
	var d struct {
		Status   string `bson:"status"`
		Attempts int    `bson:"attempts"`
	}
	err = s.c(colBotUpdates).FindOneAndUpdate(ctx,
		bson.M{"_id": int64(updateID), "status": botUpdateProcessing, "claimed_at": bson.M{"$lt": staleBefore}},
		bson.M{"$set": bson.M{"claimed_at": now, "updated_at": now}, "$inc": bson.M{"attempts": 1}},
		options.FindOneAndUpdate().SetReturnDocument(options.After),
	).Decode(&d)
	if err == nil {
		return BotUpdateClaimed, d.Attempts, nil
	}
	if models.ErrorCodeOf(mapErr(err, "update")) != models.ENotFound {
		return "", 0, mapErr(err, "update")
	}
	if err := s.c(colBotUpdates).FindOne(ctx, bson.M{"_id": int64(updateID)}).Decode(&d); err != nil {
		if models.ErrorCodeOf(mapErr(err, "update")) == models.ENotFound {
			return BotUpdateBusy, 0, nil // pruned in between: look again later
		}
		return "", 0, mapErr(err, "update")
	}
	if d.Status == botUpdateDone {
		return BotUpdateDone, d.Attempts, nil
	}
	return BotUpdateBusy, d.Attempts, nil
}

// FinishBotUpdate marks a claimed update handled.
func (s *Store) FinishBotUpdate(ctx context.Context, updateID int, now time.Time) error {
	_, err := s.c(colBotUpdates).UpdateOne(ctx, bson.M{"_id": int64(updateID)},
		bson.M{"$set": bson.M{"status": botUpdateDone, "updated_at": now}})
	return mapErr(err, "update")
}

// ReleaseBotUpdate gives up a claim after a failure, so the next delivery
// of the update is handled at once instead of after the stale delay.
func (s *Store) ReleaseBotUpdate(ctx context.Context, updateID int) error {
	_, err := s.c(colBotUpdates).UpdateOne(ctx, bson.M{"_id": int64(updateID), "status": botUpdateProcessing},
		bson.M{"$set": bson.M{"claimed_at": time.Unix(0, 0).UTC()}})
	return mapErr(err, "update")
}

// DeleteBotUpdatesBefore forgets handled updates last touched before t;
// Telegram never redelivers an update after a day.
func (s *Store) DeleteBotUpdatesBefore(ctx context.Context, t time.Time) error {
	_, err := s.c(colBotUpdates).DeleteMany(ctx, bson.M{"status": botUpdateDone, "updated_at": bson.M{"$lt": t}})
	return mapErr(err, "updates")
}
