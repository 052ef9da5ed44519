package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// BotCard is the message that shows an issue in a department's Telegram
// group. The bot edits it as the issue moves instead of posting again.
type BotCard struct {
	ID        string `bson:"_id"` // issue id ":" chat id
	IssueID   string `bson:"issue_id"`
	ChatID    int64  `bson:"chat_id"`
	MessageID int    `bson:"message_id"`
	// Department is the department the group belongs to; the card shows
	// action buttons only while that department handles the issue.
	Department string    `bson:"department"`
	UpdatedAt  time.Time `bson:"updated_at"`
}

// BotCardID is the id of the card of an issue in a chat.
func BotCardID(issueID string, chatID int64) string { return fmt.Sprintf("%s:%d", issueID, chatID) }

// GetBotCard loads the card of an issue in a chat; not found if none.
func (s *Store) GetBotCard(ctx context.Context, issueID string, chatID int64) (*BotCard, error) {
	return findOne[BotCard](ctx, s, colBotCards, bson.M{"_id": BotCardID(issueID, chatID)}, "card")
}

// PutBotCard stores (or replaces) a card.
func (s *Store) PutBotCard(ctx context.Context, c *BotCard) error {
	c.ID = BotCardID(c.IssueID, c.ChatID)
	_, err := s.c(colBotCards).ReplaceOne(ctx, bson.M{"_id": c.ID}, c, upsertReplace())
	return mapErr(err, "card")
}

// ListBotCards lists every card of an issue (one per group it was posted to).
func (s *Store) ListBotCards(ctx context.Context, issueID string) ([]BotCard, error) {
	return findAll[BotCard](ctx, s, colBotCards, bson.M{"issue_id": issueID}, bson.D{{Key: "_id", Value: 1}}, 0, "cards")
}

// BotPrompt is a question the bot asked an official in a group ("reply to
// this message with your answer"); the reply is matched to it by the
// prompt's message id.
type BotPrompt struct {
	ID        string    `bson:"_id"` // chat id ":" message id
	ChatID    int64     `bson:"chat_id"`
	MessageID int       `bson:"message_id"`
	IssueID   string    `bson:"issue_id"`
	Action    string    `bson:"action"`
	UserID    int64     `bson:"user_id"`
	CreatedAt time.Time `bson:"created_at"`
}

func botPromptID(chatID int64, messageID int) string { return fmt.Sprintf("%d:%d", chatID, messageID) }

// PutBotPrompt stores a prompt.
func (s *Store) PutBotPrompt(ctx context.Context, p *BotPrompt) error {
	p.ID = botPromptID(p.ChatID, p.MessageID)
	_, err := s.c(colBotPrompts).ReplaceOne(ctx, bson.M{"_id": p.ID}, p, upsertReplace())
	return mapErr(err, "prompt")
}

// GetBotPrompt loads the prompt sent as message messageID in a chat.
func (s *Store) GetBotPrompt(ctx context.Context, chatID int64, messageID int) (*BotPrompt, error) {
	return findOne[BotPrompt](ctx, s, colBotPrompts, bson.M{"_id": botPromptID(chatID, messageID)}, "prompt")
}

// DeleteBotPrompt removes an answered prompt.
func (s *Store) DeleteBotPrompt(ctx context.Context, chatID int64, messageID int) error {
	_, err := s.c(colBotPrompts).DeleteOne(ctx, bson.M{"_id": botPromptID(chatID, messageID)})
	return mapErr(err, "prompt")
}

// DeleteBotPromptsBefore forgets prompts nobody answered since t.
func (s *Store) DeleteBotPromptsBefore(ctx context.Context, t time.Time) error {
	_, err := s.c(colBotPrompts).DeleteMany(ctx, bson.M{"created_at": bson.M{"$lt": t}})
	return mapErr(err, "prompts")
}
