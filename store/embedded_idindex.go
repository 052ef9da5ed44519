package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB v1.24.2 on SQLite creates its _id index on the expression
// _ferretdb_sjson->"_id" but filters on _ferretdb_sjson->'$._id'. SQLite
// uses an expression index only for the identical expression, so every
// lookup, replace and update by _id scans the whole table (0.9 s per
// replace at 20,000 issues). civicdesk adds an index on the exact
// expression FerretDB queries, to every collection's table, at every start
// and whenever it creates a collection. FerretDB neither sees nor minds
// these indexes: it drops them with their table.

// ferretIDExpr is the expression FerretDB's SQLite backend filters _id on
// (metadata.IDColumn in FerretDB v1.24.2).
const ferretIDExpr = `_ferretdb_sjson->'$._id'`

// idIndexSuffix names civicdesk's own index on each FerretDB table.
const idIndexSuffix = "_civicdesk_id"

// openFerretFile opens the SQLite file FerretDB keeps the database in,
// beside FerretDB's own connections (WAL mode, so readers and one writer
// coexist; busy_timeout waits for FerretDB's write locks).
func openFerretFile(dir, database string) (*sql.DB, error) {
	path := filepath.Join(dir, database+".sqlite")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// ensureIDIndexes creates the missing _id expression index on every
// collection table of the database and returns how many it created.
func ensureIDIndexes(ctx context.Context, db *sql.DB) (int, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return 0, nil // a new database: FerretDB has not created it yet
		}
		return 0, fmt.Errorf("list FerretDB tables: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return 0, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	created := 0
	for _, t := range tables {
		name := t + idIndexSuffix
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?`, name).Scan(&n); err != nil {
			return created, err
		}
		if n > 0 {
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, name, t, ferretIDExpr)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return created, fmt.Errorf("create _id index on %s: %w", t, err)
		}
		created++
	}
	return created, nil
}

// idLookupUsesIndex reports whether SQLite plans an _id lookup on table
// through an index; the start-up check and the tests use it.
func idLookupUsesIndex(ctx context.Context, db *sql.DB, table string) (bool, error) {
	rows, err := db.QueryContext(ctx, fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE %s = ?`, table, ferretIDExpr), `"x"`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return false, err
		}
		if strings.Contains(detail, "USING INDEX") {
			return true, nil
		}
	}
	return false, rows.Err()
}

// ferretTable returns the SQLite table FerretDB keeps a collection in.
func ferretTable(ctx context.Context, db *sql.DB, collection string) (string, error) {
	var t string
	err := db.QueryRowContext(ctx, `SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&t)
	return t, err
}
