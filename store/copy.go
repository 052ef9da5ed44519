package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Moving a ward's data (issue #11): every collection of one database is
// copied, document by document and unchanged, into another, for example
// from the embedded database to the city's MongoDB. It works on whatever
// collections exist, so collections added later are copied too.

// copyBatch is how many documents go in one insert.
const copyBatch = 200

// CollectionCopy is what was copied of one collection.
type CollectionCopy struct {
	Name string
	// Copied documents; Skipped ones already existed in the target (merge).
	Copied, Skipped int64
}

// CopyOptions tunes CopyTo.
type CopyOptions struct {
	// Merge copies into a database that already holds data: documents whose
	// _id exists in the target are kept as they are and counted as skipped.
	// Without it the target must be empty.
	Merge bool
	// Skip names collections not to copy (a merge skips the statistics,
	// which `civicdesk stats rebuild` recomputes from the merged issues).
	Skip []string
	// Progress is told after each batch.
	Progress func(collection string, copied int64)
}

// CollectionNames lists the database's collections, sorted.
func (s *Store) CollectionNames(ctx context.Context) ([]string, error) {
	names, err := s.db.ListCollectionNames(ctx, bson.M{})
	if err != nil {
		return nil, mapErr(err, "collections")
	}
	out := names[:0]
	for _, n := range names {
		if !strings.HasPrefix(n, "system.") {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

// CopyTo copies every collection of s into target.
func (s *Store) CopyTo(ctx context.Context, target *Store, opt CopyOptions) ([]CollectionCopy, error) {
	names, err := s.CollectionNames(ctx)
	if err != nil {
		return nil, err
	}
	// civicdesk_meta describes one database (its read model's epoch,
	// one-time upgrade markers) and instances the leases of the processes
	// running on it; the target keeps its own.
	skip := map[string]bool{colMeta: true, colInstances: true}
	for _, n := range opt.Skip {
		skip[n] = true
	}
	if !opt.Merge {
		for _, name := range names {
			if skip[name] {
				continue
			}
			if n, err := target.c(name).CountDocuments(ctx, bson.M{}); err != nil {
				return nil, mapErr(err, "target collection "+name)
			} else if n > 0 {
				return nil, fmt.Errorf("the target database already holds data (%d documents in %q): copy into an empty database, or merge", n, name)
			}
		}
	}
	var out []CollectionCopy
	for _, name := range names {
		if skip[name] {
			continue
		}
		cc, err := s.copyCollection(ctx, target, name, opt)
		out = append(out, cc)
		if err != nil {
			return out, fmt.Errorf("collection %s: %w", name, err)
		}
	}
	// The documents went in around the target's read model (an embedded
	// target): build it again from what is there now.
	if target.rm != nil {
		if err := target.rebuildReadModel(ctx); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (s *Store) copyCollection(ctx context.Context, target *Store, name string, opt CopyOptions) (CollectionCopy, error) {
	cc := CollectionCopy{Name: name}
	// Read by _id order so an interrupted copy is easy to reason about.
	cur, err := s.c(name).Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return cc, mapErr(err, name)
	}
	defer cur.Close(ctx)
	batch := make([]any, 0, copyBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := target.c(name).InsertMany(ctx, batch, options.InsertMany().SetOrdered(false))
		if err != nil {
			dups, other := splitDuplicates(err)
			if other || !opt.Merge {
				return mapErr(err, name)
			}
			cc.Skipped += int64(dups)
			cc.Copied += int64(len(batch) - dups)
		} else {
			cc.Copied += int64(len(batch))
		}
		batch = batch[:0]
		if opt.Progress != nil {
			opt.Progress(name, cc.Copied+cc.Skipped)
		}
		return nil
	}
	for cur.Next(ctx) {
		// Copy the raw bytes: nothing is decoded into civicdesk's types, so
		// fields this version does not know survive too.
		doc := make(bson.Raw, len(cur.Current))
		copy(doc, cur.Current)
		batch = append(batch, doc)
		if len(batch) == copyBatch {
			if err := flush(); err != nil {
				return cc, err
			}
		}
	}
	if err := cur.Err(); err != nil {
		return cc, mapErr(err, name)
	}
	return cc, flush()
}

// splitDuplicates counts the duplicate-key errors of a bulk insert and
// says whether there were other errors too.
func splitDuplicates(err error) (dups int, other bool) {
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || bwe.WriteConcernError != nil {
		return 0, true
	}
	for _, we := range bwe.WriteErrors {
		if we.Code == 11000 {
			dups++
		} else {
			other = true
		}
	}
	return dups, other
}

// Dump reads every document of every collection as canonical extended JSON
// by _id, to compare two databases (the copy's check and its tests).
func (s *Store) Dump(ctx context.Context) (map[string]map[string]string, error) {
	names, err := s.CollectionNames(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for _, name := range names {
		cur, err := s.c(name).Find(ctx, bson.M{})
		if err != nil {
			return nil, mapErr(err, name)
		}
		docs := map[string]string{}
		for cur.Next(ctx) {
			id, err := bson.MarshalExtJSON(bson.D{{Key: "_id", Value: cur.Current.Lookup("_id")}}, true, false)
			if err != nil {
				cur.Close(ctx)
				return nil, err
			}
			js, err := bson.MarshalExtJSON(cur.Current, true, false)
			if err != nil {
				cur.Close(ctx)
				return nil, err
			}
			docs[string(id)] = string(js)
		}
		err = cur.Err()
		cur.Close(ctx)
		if err != nil {
			return nil, mapErr(err, name)
		}
		if len(docs) > 0 {
			out[name] = docs
		}
	}
	return out, nil
}

// Counts returns how many documents each collection holds.
func (s *Store) Counts(ctx context.Context) (map[string]int64, error) {
	names, err := s.CollectionNames(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, n := range names {
		c, err := s.c(n).CountDocuments(ctx, bson.M{})
		if err != nil {
			return nil, mapErr(err, n)
		}
		out[n] = c
	}
	return out, nil
}
