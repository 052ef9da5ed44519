package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// ensureBotIndexes creates the indexes of the bot's collections. Call it
// from ensureIndexes.
func (s *Store) ensureBotIndexes(ctx context.Context) error {
	idx := map[string][]mongo.IndexModel{
		colBotCards: {
			{Keys: bson.D{{Key: "issue_id", Value: 1}}, Options: options.Index().SetName("issue")},
		},
		colBotUpdates: {
			{Keys: bson.D{{Key: "status", Value: 1}, {Key: "updated_at", Value: 1}}, Options: options.Index().SetName("status_updated")},
		},
		colBotPrompts: {
			{Keys: bson.D{{Key: "created_at", Value: 1}}, Options: options.Index().SetName("created")},
		},
	}
	for col, models := range idx {
		if err := s.createIndexes(ctx, col, models); err != nil {
			return err
		}
	}
	return nil
}
