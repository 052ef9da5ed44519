package store

import (
	"context"
	"errors"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"

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
		if s.stats != nil {
			s.stats.forget(d.Day)
		}
		if err != nil {
			return mapErr(err, "statistics")
		}
	}
	if s.rm != nil {
		return nil // the gauges come from the read model (StatsGauges)
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
	if s.stats != nil {
		return s.cachedStatsDays(ctx, from, to)
	}
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
	if s.rm != nil {
		return s.rm.gauges(ctx)
	}
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
	if s.stats != nil {
		defer s.stats.reset()
	}
	if _, err := s.c(colStatsDays).DeleteMany(ctx, bson.M{}); err != nil {
		return mapErr(err, "statistics")
	}
	_, err := s.c(colStatsGauges).DeleteMany(ctx, bson.M{})
	return mapErr(err, "statistics")
}

// cachedStatsDays reads each day of the range by _id, or from memory.
func (s *Store) cachedStatsDays(ctx context.Context, from, to string) ([]models.StatsDay, error) {
	start, err1 := time.Parse(time.DateOnly, from)
	end, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return nil, models.Invalidf("period", "dates must be written YYYY-MM-DD")
	}
	var out []models.StatsDay
	for t := start; !t.After(end); t = t.AddDate(0, 0, 1) {
		day := t.Format(time.DateOnly)
		d, ok := s.stats.get(day)
		if !ok {
			var doc models.StatsDay
			err := s.c(colStatsDays).FindOne(ctx, bson.M{"_id": day}).Decode(&doc)
			switch {
			case err == nil:
				d = &doc
			case errors.Is(err, mongo.ErrNoDocuments):
				d = nil
			default:
				return nil, mapErr(err, "statistics")
			}
			s.stats.put(day, d)
		}
		if d != nil {
			out = append(out, *d)
		}
	}
	return out, nil
}

// AddStats adds counters computed elsewhere (a bulk import) to the stored
// ones: one $inc per day touched, and one for the gauges.
func (s *Store) AddStats(ctx context.Context, days []models.StatsDay, gauges map[string]models.GaugeCounts) error {
	upsert := options.UpdateOne().SetUpsert(true)
	for _, d := range days {
		inc, set := bson.M{}, bson.M{}
		for key, c := range d.Cells {
			p := "cells." + key + "."
			set[p+"department"], set[p+"ward"], set[p+"level"], set[p+"category"] = c.Department, c.Ward, string(c.Level), c.Category
			for f, n := range map[string]int64{"received": c.Received, "resolved": c.Resolved, "resolved_on_time": c.ResolvedOnTime, "responded": c.Responded, "reopened": c.Reopened} {
				if n != 0 {
					inc[p+f] = n
				}
			}
			for b, n := range c.ResponseHist {
				inc[p+"response_hist."+b] = n
			}
			for b, n := range c.ResolutionHist {
				inc[p+"resolution_hist."+b] = n
			}
		}
		if len(inc) == 0 {
			continue
		}
		_, err := s.c(colStatsDays).UpdateOne(ctx, bson.M{"_id": d.Day}, bson.M{"$inc": inc, "$set": set}, upsert)
		if s.stats != nil {
			s.stats.forget(d.Day)
		}
		if err != nil {
			return mapErr(err, "statistics")
		}
	}
	if s.rm != nil || len(gauges) == 0 {
		return nil // the embedded database counts gauges from the read model
	}
	inc, set := bson.M{}, bson.M{}
	for key, g := range gauges {
		p := "cells." + key + "."
		set[p+"department"], set[p+"ward"], set[p+"level"], set[p+"category"] = g.Department, g.Ward, string(g.Level), g.Category
		inc[p+"open"], inc[p+"overdue"] = g.Open, g.Overdue
	}
	_, err := s.c(colStatsGauges).UpdateOne(ctx, bson.M{"_id": gaugesID}, bson.M{"$inc": inc, "$set": set}, upsert)
	return mapErr(err, "statistics")
}

// PutStats replaces every counter with days and gauges computed elsewhere
// (a rebuild from the issues, a bulk import): one write per day instead of
// one per issue and day.
func (s *Store) PutStats(ctx context.Context, days []models.StatsDay, gauges map[string]models.GaugeCounts) error {
	if err := s.ResetStats(ctx); err != nil {
		return err
	}
	const batch = 200
	for i := 0; i < len(days); i += batch {
		docs := make([]any, 0, batch)
		for _, d := range days[i:min(i+batch, len(days))] {
			docs = append(docs, d)
		}
		if _, err := s.c(colStatsDays).InsertMany(ctx, docs); err != nil {
			return mapErr(err, "statistics")
		}
	}
	_, err := s.c(colStatsGauges).InsertOne(ctx, bson.M{"_id": gaugesID, "cells": gauges})
	return mapErr(err, "statistics")
}

// EachIssue calls fn for every issue, timeline left out; used by rebuilds.
func (s *Store) EachIssue(ctx context.Context, fn func(*models.Issue) error) error {
	if s.rm != nil {
		return s.rm.each(ctx, fn)
	}
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
