package store

import (
	"context"
	"strconv"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/civicdesk/civicdesk/models"
)

const gaugesID = "now"

// ApplyStats adds a delta to the day counters and the gauges. $inc with
// upsert is atomic on MongoDB and serialized on the embedded database.
func (s *Store) ApplyStats(ctx context.Context, d models.StatsDelta) error {
	key := "cells." + d.Cell.Key() + "."
	cellSet := bson.M{
		key + "department": d.Cell.Department,
		key + "ward":       d.Cell.Ward,
		key + "level":      string(d.Cell.Level),
		key + "category":   d.Cell.Category,
	}
	inc := bson.M{}
	addInc := func(field string, n int64) {
		if n != 0 {
			inc[key+field] = n
		}
	}
	addInc("received", d.Received)
	addInc("resolved", d.Resolved)
	addInc("resolved_on_time", d.ResolvedOnTime)
	addInc("responded", d.Responded)
	addInc("reopened", d.Reopened)
	one := int64(1)
	if d.Retract {
		one = -1
	}
	if d.ResponseBucket >= 0 {
		inc[key+"response_hist.b"+strconv.Itoa(d.ResponseBucket)] = one
	}
	if d.ResolutionBucket >= 0 {
		inc[key+"resolution_hist.b"+strconv.Itoa(d.ResolutionBucket)] = one
	}
	upsert := options.UpdateOne().SetUpsert(true)
	if len(inc) > 0 {
		_, err := s.c(colStatsDays).UpdateOne(ctx, bson.M{"_id": d.Day}, bson.M{"$inc": inc, "$set": cellSet}, upsert)
		if err != nil {
			return mapErr(err, "statistics")
		}
	}
	ginc := bson.M{}
	if d.Open != 0 {
		ginc[key+"open"] = d.Open
	}
	if d.Overdue != 0 {
		ginc[key+"overdue"] = d.Overdue
	}
	if len(ginc) > 0 {
		_, err := s.c(colStatsGauges).UpdateOne(ctx, bson.M{"_id": gaugesID}, bson.M{"$inc": ginc, "$set": cellSet}, upsert)
		if err != nil {
			return mapErr(err, "statistics")
		}
	}
	return nil
}

// StatsDays returns the day documents from..to inclusive (YYYY-MM-DD). There
// is one document a day whatever the number of issues.
func (s *Store) StatsDays(ctx context.Context, from, to string) ([]models.StatsDay, error) {
	cur, err := s.c(colStatsDays).Find(ctx, bson.M{"_id": bson.M{"$gte": from, "$lte": to}})
	if err != nil {
		return nil, mapErr(err, "statistics")
	}
	var days []models.StatsDay
	if err := cur.All(ctx, &days); err != nil {
		return nil, mapErr(err, "statistics")
	}
	return days, nil
}

// StatsGauges returns the open and overdue counts per cell now.
func (s *Store) StatsGauges(ctx context.Context) (map[string]models.GaugeCounts, error) {
	var doc struct {
		Cells map[string]models.GaugeCounts `bson:"cells"`
	}
	err := s.c(colStatsGauges).FindOne(ctx, bson.M{"_id": gaugesID}).Decode(&doc)
	if err != nil {
		if e := mapErr(err, "statistics"); models.ErrorCodeOf(e) == models.ENotFound {
			return map[string]models.GaugeCounts{}, nil
		}
		return nil, mapErr(err, "statistics")
	}
	return doc.Cells, nil
}

// ResetStats removes every counter, before a rebuild from the issues.
func (s *Store) ResetStats(ctx context.Context) error {
	if _, err := s.c(colStatsDays).DeleteMany(ctx, bson.M{}); err != nil {
		return mapErr(err, "statistics")
	}
	_, err := s.c(colStatsGauges).DeleteMany(ctx, bson.M{})
	return mapErr(err, "statistics")
}

// EachIssue calls fn for every issue, timeline left out; used by rebuilds.
func (s *Store) EachIssue(ctx context.Context, fn func(*models.Issue) error) error {
	cur, err := s.c(colIssues).Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"pending_events": 0, "supporter_keys": 0}))
	if err != nil {
		return mapErr(err, "issues")
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var iss models.Issue
		if err := cur.Decode(&iss); err != nil {
			return mapErr(err, "issues")
		}
		if err := fn(&iss); err != nil {
			return err
		}
	}
	return mapErr(cur.Err(), "issues")
}
