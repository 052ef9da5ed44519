package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/civicdesk/civicdesk/store"
)

const copyAbout = `Copies every collection (issues, timelines, photos, users, sessions, API keys,
organisations, invites, residents, counters, sequences, outbox, catalogue,
imports, bot state, ...) of the configured database (the embedded one in
--data-dir, or MONGODB_URI) into another database, document by document and
unchanged, then checks that every collection holds as many documents as the
source. Stop "civicdesk serve" first so nothing changes during the copy.

Target: --to MONGODB_URI (for example the city's replica set), or --to-data-dir
DIR for another embedded database. The target must be empty, unless --merge:
then documents whose _id already exists there are kept and counted as
skipped, and the statistics are not copied; run "civicdesk stats rebuild"
against the target afterwards. Issue codes carry the ward's prefix
(KL-26-00042, PX-26-00007), so the issues of wards with different prefixes
never clash. See docs/DEPLOY.md.`

func copyCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var to, toDB, toDir string
	var merge bool
	spec := commandSpec{name: "copy", about: copyAbout, extra: func(fs *flag.FlagSet) {
		fs.StringVar(&to, "to", "", "MongoDB connection string of the target (e.g. mongodb://db1,db2,db3/?replicaSet=rs0)")
		fs.StringVar(&toDB, "to-database", "", "target database name (default: the same as --database)")
		fs.StringVar(&toDir, "to-data-dir", "", "copy into an embedded database in this folder instead of --to")
		fs.BoolVar(&merge, "merge", false, "copy into a database that already holds data (several wards into one city database)")
	}}
	c, _, err := parseCommand(spec, args, getenv, stderr)
	if err != nil {
		return err
	}
	if (to == "") == (toDir == "") {
		return fmt.Errorf("give the target: --to MONGODB_URI or --to-data-dir DIR")
	}
	if toDB == "" {
		toDB = c.Database
	}
	if to != "" && to == c.MongoURI && toDB == c.Database {
		return fmt.Errorf("the target is the source database")
	}
	log := newLogger(c, stderr)
	src, err := store.Open(ctx, store.Config{URI: c.MongoURI, Database: c.Database, EmbeddedDir: c.DataDir, EmbeddedAddr: c.EmbeddedAddr, Logger: log})
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	defer src.Close(context.WithoutCancel(ctx))
	dst, err := store.Open(ctx, store.Config{URI: to, Database: toDB, EmbeddedDir: toDir, Logger: log})
	if err != nil {
		return fmt.Errorf("target: %w", err)
	}
	defer dst.Close(context.WithoutCancel(ctx))

	opt := store.CopyOptions{Merge: merge, Progress: func(col string, n int64) {
		fmt.Fprintf(stderr, "copy: %s: %d documents\n", col, n)
	}}
	if merge {
		opt.Skip = []string{"stats_days", "stats_gauges"}
	}
	copied, err := src.CopyTo(ctx, dst, opt)
	if err != nil {
		return err
	}
	srcCounts, err := src.Counts(ctx)
	if err != nil {
		return err
	}
	dstCounts, err := dst.Counts(ctx)
	if err != nil {
		return err
	}
	var total, skipped int64
	problems := 0
	for _, cc := range copied {
		total += cc.Copied
		skipped += cc.Skipped
		status := "ok"
		switch {
		case !merge && dstCounts[cc.Name] != srcCounts[cc.Name]:
			status = fmt.Sprintf("MISMATCH: source %d, target %d", srcCounts[cc.Name], dstCounts[cc.Name])
			problems++
		case merge && cc.Copied+cc.Skipped != srcCounts[cc.Name]:
			status = fmt.Sprintf("MISMATCH: source %d, copied %d + kept %d", srcCounts[cc.Name], cc.Copied, cc.Skipped)
			problems++
		case cc.Skipped > 0:
			status = fmt.Sprintf("%d already in the target, kept", cc.Skipped)
		}
		fmt.Fprintf(stdout, "  %-22s %7d  %s\n", cc.Name, cc.Copied, status)
	}
	fmt.Fprintf(stdout, "copied %d documents in %d collections", total, len(copied))
	if merge {
		fmt.Fprintf(stdout, " (%d kept as they were in the target; statistics not copied: run \"civicdesk stats rebuild\" against the target)", skipped)
	}
	fmt.Fprintln(stdout)
	if problems > 0 {
		return fmt.Errorf("%d collection(s) do not match; something wrote to the source during the copy? Stop civicdesk and copy into an empty database again", problems)
	}
	return nil
}
