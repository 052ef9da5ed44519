package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
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

// PutBotCard stores (or replaces) a card, and adds its chat to the
// issue's list of card chats.
func (s *Store) PutBotCard(ctx context.Context, c *BotCard) error {
	c.ID = BotCardID(c.IssueID, c.ChatID)
	if _, err := s.c(colBotCards).ReplaceOne(ctx, bson.M{"_id": c.ID}, c, upsertReplace()); err != nil {
		return mapErr(err, "card")
	}
	_, err := s.c(colBotCardChats).UpdateOne(ctx, bson.M{"_id": c.IssueID}, bson.M{"$addToSet": bson.M{"chats": c.ChatID}}, options.UpdateOne().SetUpsert(true))
	return mapErr(err, "card")
}

// botCardChats lists the chats an issue has cards in, keyed by the
// issue's id: finding an issue's cards by issue_id would read every card
// ever posted on the embedded database (one per issue and group).
type botCardChats struct {
	ID    string  `bson:"_id"`
	Chats []int64 `bson:"chats"`
}

// ListBotCards lists every card of an issue (one per group it was posted to).
func (s *Store) ListBotCards(ctx context.Context, issueID string) ([]BotCard, error) {
	idx, err := findOne[botCardChats](ctx, s, colBotCardChats, bson.M{"_id": issueID}, "cards")
	if models.ErrorCodeOf(err) == models.ENotFound {
		return []BotCard{}, nil
	}
	if err != nil {
		return nil, err
	}
	slices.Sort(idx.Chats)
	out := []BotCard{}
	for _, chat := range idx.Chats {
		c, err := s.GetBotCard(ctx, issueID, chat)
		if models.ErrorCodeOf(err) == models.ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, nil
}

// indexBotCards builds the card chat lists for cards stored by an earlier
// release, once.
func (s *Store) indexBotCards(ctx context.Context) error {
	const done = "bot_card_chats_built"
	if err := s.c(colMeta).FindOne(ctx, bson.M{"_id": done}).Err(); err == nil {
		return nil
	}
	cards, err := findAll[BotCard](ctx, s, colBotCards, bson.M{}, nil, 0, "cards")
	if err != nil {
		return err
	}
	for _, c := range cards {
		if _, err := s.c(colBotCardChats).UpdateOne(ctx, bson.M{"_id": c.IssueID}, bson.M{"$addToSet": bson.M{"chats": c.ChatID}}, options.UpdateOne().SetUpsert(true)); err != nil {
			return mapErr(err, "cards")
		}
	}
	_, err = s.c(colMeta).ReplaceOne(ctx, bson.M{"_id": done}, bson.M{"_id": done}, upsertReplace())
	return mapErr(err, "cards")
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
