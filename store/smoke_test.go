package store

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

func TestSmoke(t *testing.T) {
	ctx := context.Background()
	e, err := StartEmbedded(ctx, EmbeddedConfig{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	t.Log(e.URI())
	c, err := mongo.Connect(options.Client().ApplyURI(e.URI()).SetMaxPoolSize(1))
	if err != nil {
		t.Fatal(err)
	}
	coll := c.Database("x").Collection("y")
	_, err = coll.InsertOne(ctx, bson.M{"_id": "a", "n": 1, "m": bson.M{"k": 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = coll.UpdateOne(ctx, bson.M{"_id": "d1"}, bson.M{"$inc": bson.M{"cells.dep~cat.received": 1}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		t.Fatal(err)
	}
	var m bson.M
	coll.FindOne(ctx, bson.M{"_id": "d1"}).Decode(&m)
	t.Log(m)
	r := coll.FindOneAndUpdate(ctx, bson.M{"_id": "seq"}, bson.M{"$inc": bson.M{"n": 1}}, options.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(options.After))
	r.Decode(&m)
	t.Log(m)
	_, err = coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{"code", 1}}, Options: options.Index().SetUnique(true)})
	t.Log(err)
	n, err := coll.CountDocuments(ctx, bson.M{"title": bson.M{"$regex": "abc", "$options": "i"}})
	t.Log(n, err)
}
