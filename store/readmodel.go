package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/civicdesk/civicdesk/models"
)

// The read model answers every list, count, search and deadline query on
// the embedded database. FerretDB v1 filters nothing but {_id: x} in SQL:
// any other query decodes every document of the collection in Go (0.3-0.5 ms
// a document, 20-30 s at 60,000 issues). The process that owns the data
// folder therefore keeps a second, derived copy of each issue's list view in
// a SQLite file of its own (civicdesk-index.db), with indexed columns
// for every filter and sort and a trigram full-text index for search.
//
// It is derived data, never the system of record:
//   - every issue write goes to FerretDB first, then to the read model;
//   - before the FerretDB write, the issue is marked pending in the read
//     model (a durable SQLite commit), and the mark is cleared with the
//     update; a start after a crash re-reads the marked issues from FerretDB;
//   - a read model that is missing, from an older schema or from another
//     database (its epoch differs from the one kept in FerretDB) is rebuilt
//     from the issues at start.
// See README.md ("The embedded database") for the reasons.

// readModelFile is the read model's file inside the data folder.
const readModelFile = "civicdesk-index.db"

// readModelSchema changes whenever the tables below change; a read model of
// another schema is rebuilt.
const readModelSchema = "3"

var readModelDDL = []string{
	`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS pending (id TEXT PRIMARY KEY)`,
	`CREATE TABLE IF NOT EXISTS issues (
		rid INTEGER PRIMARY KEY,
		id TEXT NOT NULL UNIQUE,
		version INTEGER NOT NULL,
		code TEXT NOT NULL,
		status TEXT NOT NULL,
		department TEXT NOT NULL,
		cohandling TEXT NOT NULL,
		level TEXT NOT NULL,
		category TEXT NOT NULL,
		ward TEXT NOT NULL,
		organisation TEXT NOT NULL,
		resident TEXT NOT NULL,
		overdue INTEGER NOT NULL,
		created INTEGER NOT NULL,
		updated INTEGER NOT NULL,
		due INTEGER NOT NULL,
		next_due INTEGER,
		search TEXT NOT NULL,
		doc BLOB NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS issues_created ON issues (created, id)`,
	`CREATE INDEX IF NOT EXISTS issues_updated ON issues (updated, id)`,
	`CREATE INDEX IF NOT EXISTS issues_due ON issues (due, id)`,
	`CREATE INDEX IF NOT EXISTS issues_status_created ON issues (status, created, id)`,
	`CREATE INDEX IF NOT EXISTS issues_status_due ON issues (status, due, id)`,
	`CREATE INDEX IF NOT EXISTS issues_dept_status_due ON issues (department, status, due, id)`,
	`CREATE INDEX IF NOT EXISTS issues_dept_created ON issues (department, created, id)`,
	`CREATE INDEX IF NOT EXISTS issues_ward_created ON issues (ward, created, id)`,
	`CREATE INDEX IF NOT EXISTS issues_category_created ON issues (category, created, id)`,
	`CREATE INDEX IF NOT EXISTS issues_resident ON issues (resident, created) WHERE resident != ''`,
	`CREATE INDEX IF NOT EXISTS issues_organisation ON issues (organisation, created) WHERE organisation != ''`,
	`CREATE INDEX IF NOT EXISTS issues_code ON issues (code)`,
	`CREATE INDEX IF NOT EXISTS issues_next_due ON issues (next_due) WHERE next_due IS NOT NULL`,
	`CREATE INDEX IF NOT EXISTS issues_cohandling ON issues (cohandling) WHERE cohandling != ''`,
	// Covers the "open / overdue now" figures, so they never read the rows.
	`CREATE INDEX IF NOT EXISTS issues_gauges ON issues (status, department, ward, level, category, overdue)`,
	`CREATE VIRTUAL TABLE IF NOT EXISTS issues_fts USING fts5(search, content='issues', content_rowid='rid', tokenize='trigram case_sensitive 1')`,
	`CREATE TRIGGER IF NOT EXISTS issues_ai AFTER INSERT ON issues BEGIN
		INSERT INTO issues_fts(rowid, search) VALUES (new.rid, new.search); END`,
	`CREATE TRIGGER IF NOT EXISTS issues_ad AFTER DELETE ON issues BEGIN
		INSERT INTO issues_fts(issues_fts, rowid, search) VALUES ('delete', old.rid, old.search); END`,
	`CREATE TRIGGER IF NOT EXISTS issues_au AFTER UPDATE OF search ON issues BEGIN
		INSERT INTO issues_fts(issues_fts, rowid, search) VALUES ('delete', old.rid, old.search);
		INSERT INTO issues_fts(rowid, search) VALUES (new.rid, new.search); END`,
}

// readModel is the embedded database's SQLite index of issues.
type readModel struct {
	db *sql.DB
	// durability guards the connection's synchronous setting: a pending
	// mark is committed with a full sync (it must be on disk before the
	// FerretDB write it guards); rows are committed without one, since a
	// row lost to a power cut still has its mark, and the next mark's sync
	// writes it out anyway (the WAL is one file).
	durability sync.Mutex
}

// openReadModel opens (creating if needed) the read model in dir. current
// is false when it must be rebuilt: new, another schema, or another epoch
// than the database's (epoch "" means the database has none yet).
func openReadModel(ctx context.Context, dir, epoch string) (rm *readModel, current bool, err error) {
	path := filepath.Join(dir, readModelFile)
	// synchronous(full): a pending mark must be on disk before the issue
	// write it guards, or a power cut could lose the mark and leave the
	// read model silently behind.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=synchronous(full)&_pragma=cache_size(-32000)")
	if err != nil {
		return nil, false, fmt.Errorf("open read model %s: %w", path, err)
	}
	// One connection: SQLite serializes writers anyway, and a single
	// connection keeps every read consistent with the last write.
	db.SetMaxOpenConns(1)
	rm = &readModel{db: db}
	schema, _ := rm.meta(ctx, "schema")
	if schema != "" && schema != readModelSchema {
		if err := rm.dropAll(ctx); err != nil {
			db.Close()
			return nil, false, err
		}
	}
	for _, q := range readModelDDL {
		if _, err := db.ExecContext(ctx, q); err != nil {
			db.Close()
			return nil, false, fmt.Errorf("read model schema: %w", err)
		}
	}
	have, _ := rm.meta(ctx, "epoch")
	complete, _ := rm.meta(ctx, "complete")
	current = schema == readModelSchema && epoch != "" && have == epoch && complete == "1"
	return rm, current, nil
}

func (rm *readModel) close() error { return rm.db.Close() }

func (rm *readModel) dropAll(ctx context.Context) error {
	for _, q := range []string{`DROP TABLE IF EXISTS issues_fts`, `DROP TABLE IF EXISTS issues`, `DROP TABLE IF EXISTS pending`, `DROP TABLE IF EXISTS meta`} {
		if _, err := rm.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("reset read model: %w", err)
		}
	}
	return nil
}

func (rm *readModel) meta(ctx context.Context, key string) (string, error) {
	var v string
	err := rm.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

func (rm *readModel) setMeta(ctx context.Context, key, value string) error {
	_, err := rm.db.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// markPending records, durably and in one commit, that the issues ids are
// about to change in FerretDB.
func (rm *readModel) markPending(ctx context.Context, ids ...string) error {
	rm.durability.Lock()
	defer rm.durability.Unlock()
	tx, err := rm.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("read model: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO pending(id) VALUES (?)`, id); err != nil {
			return fmt.Errorf("read model: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("read model: %w", err)
	}
	return nil
}

// clearPending forgets a mark whose write did not happen.
func (rm *readModel) clearPending(ctx context.Context, id string) error {
	_, err := rm.db.ExecContext(ctx, `DELETE FROM pending WHERE id = ?`, id)
	return err
}

// pendingIDs lists the issues whose last change may not have reached the
// read model.
func (rm *readModel) pendingIDs(ctx context.Context) ([]string, error) {
	rows, err := rm.db.QueryContext(ctx, `SELECT id FROM pending ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// put writes the issues' rows and clears their pending marks, in one
// transaction.
func (rm *readModel) put(ctx context.Context, issues ...*models.Issue) error {
	rm.durability.Lock()
	defer rm.durability.Unlock()
	if _, err := rm.db.ExecContext(ctx, `PRAGMA synchronous = NORMAL`); err != nil {
		return fmt.Errorf("read model: %w", err)
	}
	defer rm.db.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = FULL`) //nolint:errcheck // the DSN sets FULL again on a new connection
	tx, err := rm.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("read model: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO issues
		(id, version, code, status, department, cohandling, level, category, ward, organisation, resident, overdue, created, updated, due, next_due, search, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET version = excluded.version, code = excluded.code, status = excluded.status,
		department = excluded.department, cohandling = excluded.cohandling, level = excluded.level,
		category = excluded.category, ward = excluded.ward, organisation = excluded.organisation,
		resident = excluded.resident, overdue = excluded.overdue, created = excluded.created,
		updated = excluded.updated, due = excluded.due, next_due = excluded.next_due,
		search = excluded.search, doc = excluded.doc`)
	if err != nil {
		return fmt.Errorf("read model: %w", err)
	}
	defer stmt.Close()
	for _, iss := range issues {
		doc, err := bson.Marshal(listView(iss))
		if err != nil {
			return fmt.Errorf("read model: encode issue %s: %w", iss.ID, err)
		}
		var next any
		if t, ok := iss.NextDue(); ok {
			next = ms(t)
		}
		overdue := 0
		if iss.SLA.Overdue() {
			overdue = 1
		}
		cohandling := ""
		if len(iss.Routing.CoHandling) > 0 {
			cohandling = "|" + strings.Join(iss.Routing.CoHandling, "|") + "|"
		}
		_, err = stmt.ExecContext(ctx, iss.ID, iss.Version, iss.Code, string(iss.Status), iss.Routing.Department, cohandling,
			string(iss.Routing.Level), iss.Category, iss.Location.WardCode, iss.Reporter.OrganisationID, iss.Reporter.ResidentID,
			overdue, ms(iss.CreatedAt), ms(iss.UpdatedAt), ms(iss.DueSort), next, iss.SearchText, doc)
		if err != nil {
			return fmt.Errorf("read model: write issue %s: %w", iss.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending WHERE id = ?`, iss.ID); err != nil {
			return fmt.Errorf("read model: %w", err)
		}
	}
	return tx.Commit()
}

// version returns an issue's version as the read model has it; ok is false
// when the row is missing or marked pending (FerretDB may be ahead).
func (rm *readModel) version(ctx context.Context, id string) (v int64, ok bool, err error) {
	err = rm.db.QueryRowContext(ctx, `SELECT version FROM issues WHERE id = ? AND NOT EXISTS (SELECT 1 FROM pending WHERE pending.id = issues.id)`, id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return v, err == nil, err
}

// gauges counts open and overdue issues per statistics cell, from the
// rows: on the embedded database the "now" figures come from here rather
// than from counters, so they are always exact.
func (rm *readModel) gauges(ctx context.Context) (map[string]models.GaugeCounts, error) {
	var open []any
	for _, st := range models.AllStatuses {
		if st.Open() {
			open = append(open, string(st))
		}
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(open)), ",")
	rows, err := rm.db.QueryContext(ctx, `SELECT department, ward, level, category, count(*), sum(overdue) FROM issues
		WHERE status IN (`+ph+`) GROUP BY department, ward, level, category`, open...)
	if err != nil {
		return nil, readModelErr(ctx, err)
	}
	defer rows.Close()
	out := map[string]models.GaugeCounts{}
	for rows.Next() {
		var g models.GaugeCounts
		var level string
		if err := rows.Scan(&g.Department, &g.Ward, &level, &g.Category, &g.Open, &g.Overdue); err != nil {
			return nil, readModelErr(ctx, err)
		}
		g.Level = models.Level(level)
		out[g.Key()] = g
	}
	return out, rows.Err()
}

// remove deletes an issue's row (the issue is gone from FerretDB).
func (rm *readModel) remove(ctx context.Context, id string) error {
	tx, err := rm.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck
	if _, err := tx.ExecContext(ctx, `DELETE FROM issues WHERE id = ?`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM pending WHERE id = ?`, id); err != nil {
		return err
	}
	return tx.Commit()
}

// clear empties the read model before a rebuild.
func (rm *readModel) clear(ctx context.Context) error {
	for _, q := range []string{`DELETE FROM issues`, `DELETE FROM pending`, `DELETE FROM meta`} {
		if _, err := rm.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("read model: %w", err)
		}
	}
	return nil
}

// listView is what a list shows of an issue: the stored document without
// the parts only a change needs.
func listView(iss *models.Issue) *models.Issue {
	v := *iss
	v.PendingEvents = nil
	v.SupporterKeys = nil
	v.Timeline = nil
	return &v
}

// ms is a time as the read model stores it: Unix milliseconds, the
// precision BSON dates have, so both paths sort and page alike.
func ms(t time.Time) int64 { return t.UnixMilli() }

// list answers ListIssues from the read model.
func (rm *readModel) list(ctx context.Context, f models.IssueFilter) (models.IssuePage, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = models.DefaultPageSize
	}
	col := readModelSortColumn(f.Sort)
	dir := "ASC"
	if f.Desc {
		dir = "DESC"
	}
	order := fmt.Sprintf(` ORDER BY %s %s, id %s`, col, dir, dir)
	if f.Text != "" {
		// Common words ("den duong" in a ward's street-light reports) match
		// thousands of issues, and the trigram index then costs more than
		// walking the list in order: try that first, within a budget of
		// rows, and use the index when the walk does not fill the page.
		page, ok, err := rm.walkForText(ctx, f, order, limit)
		if err != nil || ok {
			return page, err
		}
	}
	where, args, err := readModelWhere(f)
	if err != nil {
		return models.IssuePage{}, err
	}
	args = append(args, limit+1)
	return rm.query(ctx, `SELECT doc FROM issues`+where+order+` LIMIT ?`, args, limit, f.Sort)
}

// textWalkBudget is how many issues, in list order, a text search reads
// before it turns to the trigram index.
var textWalkBudget = 2000

// walkForText reads up to textWalkBudget issues in list order and keeps
// those containing the text; ok is false when that neither filled the page
// nor reached the end of the list.
func (rm *readModel) walkForText(ctx context.Context, f models.IssueFilter, order string, limit int) (models.IssuePage, bool, error) {
	text := models.Fold(f.Text)
	g := f
	g.Text = ""
	where, args, err := readModelWhere(g)
	if err != nil {
		return models.IssuePage{}, false, err
	}
	var walked int
	q := `SELECT count(*) FROM (SELECT rid FROM issues` + where + order + ` LIMIT ?)`
	if err := rm.db.QueryRowContext(ctx, q, append(slices.Clone(args), textWalkBudget)...).Scan(&walked); err != nil {
		return models.IssuePage{}, false, readModelErr(ctx, err)
	}
	q = `SELECT doc FROM issues WHERE rid IN (SELECT rid FROM issues` + where + order + ` LIMIT ?) AND instr(search, ?) > 0` + order + ` LIMIT ?`
	args = append(args, textWalkBudget, text, limit+1)
	page, err := rm.query(ctx, q, args, limit, f.Sort)
	if err != nil {
		return page, false, err
	}
	return page, page.NextCursor != "" || walked < textWalkBudget, nil
}

// query runs a list query whose rows are issue documents, one more than
// limit, and cuts the page.
func (rm *readModel) query(ctx context.Context, q string, args []any, limit int, sort models.IssueSort) (models.IssuePage, error) {
	out := []models.Issue{}
	err := rm.scan(ctx, q, args, func(iss *models.Issue) error {
		out = append(out, *iss)
		return nil
	})
	if err != nil {
		return models.IssuePage{}, err
	}
	return pageOf(out, limit, sort), nil
}

// scan runs a query whose rows are issue documents and calls fn with each.
func (rm *readModel) scan(ctx context.Context, q string, args []any, fn func(*models.Issue) error) error {
	rows, err := rm.db.QueryContext(ctx, q, args...)
	if err != nil {
		return readModelErr(ctx, err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return readModelErr(ctx, err)
		}
		var iss models.Issue
		if err := bson.Unmarshal(doc, &iss); err != nil {
			return fmt.Errorf("read model: decode issue: %w", err)
		}
		if err := fn(&iss); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return readModelErr(ctx, err)
	}
	return nil
}

// count answers CountIssues from the read model.
func (rm *readModel) count(ctx context.Context, f models.IssueFilter) (int64, error) {
	f.Cursor = ""
	where, args, err := readModelWhere(f)
	if err != nil {
		return 0, err
	}
	var n int64
	if err := rm.db.QueryRowContext(ctx, `SELECT count(*) FROM issues`+where, args...).Scan(&n); err != nil {
		return 0, readModelErr(ctx, err)
	}
	return n, nil
}

// due lists open issues whose next deadline has passed at now.
func (rm *readModel) due(ctx context.Context, now time.Time, limit int) ([]models.Deadline, error) {
	rows, err := rm.db.QueryContext(ctx, `SELECT id, code, next_due FROM issues WHERE next_due IS NOT NULL AND next_due <= ? ORDER BY next_due, id LIMIT ?`, ms(now), limit)
	if err != nil {
		return nil, readModelErr(ctx, err)
	}
	defer rows.Close()
	var out []models.Deadline
	for rows.Next() {
		var d models.Deadline
		var next int64
		if err := rows.Scan(&d.IssueID, &d.Code, &next); err != nil {
			return nil, readModelErr(ctx, err)
		}
		d.NextDue = time.UnixMilli(next).UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// each calls fn for every issue in the read model, in id order.
func (rm *readModel) each(ctx context.Context, fn func(*models.Issue) error) error {
	return rm.scan(ctx, `SELECT doc FROM issues ORDER BY id`, nil, fn)
}

func readModelSortColumn(s models.IssueSort) string {
	switch s {
	case models.SortUpdated:
		return "updated"
	case models.SortDeadline:
		return "due"
	}
	return "created"
}

// readModelWhere translates a filter into SQL. It must select exactly what
// issueQuery selects on MongoDB: the contract tests run both.
func readModelWhere(f models.IssueFilter) (string, []any, error) {
	var conds []string
	var args []any
	in := func(col string, vals []string) {
		ph := strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")
		conds = append(conds, col+" IN ("+ph+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	if len(f.Statuses) > 0 {
		ss := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			ss[i] = string(st)
		}
		in("status", ss)
	}
	if len(f.Categories) > 0 {
		in("category", f.Categories)
	}
	if len(f.Departments) > 0 {
		in("department", f.Departments)
	}
	if f.Level != "" {
		conds = append(conds, "level = ?")
		args = append(args, string(f.Level))
	}
	if len(f.Wards) > 0 {
		in("ward", f.Wards)
	}
	if f.Overdue != nil {
		if *f.Overdue {
			conds = append(conds, "overdue = 1")
		} else {
			conds = append(conds, "overdue = 0")
		}
	}
	if f.CreatedFrom != nil {
		conds = append(conds, "created >= ?")
		args = append(args, ms(*f.CreatedFrom))
	}
	if f.CreatedTo != nil {
		conds = append(conds, "created < ?")
		args = append(args, ms(*f.CreatedTo))
	}
	if f.Text != "" {
		text := models.Fold(f.Text)
		// The trigram index finds candidates for 3 characters or more; instr
		// keeps the exact substring semantics of the MongoDB path's $regex.
		if len([]rune(text)) >= 3 {
			conds = append(conds, "rid IN (SELECT rowid FROM issues_fts WHERE issues_fts MATCH ?)")
			args = append(args, `"`+strings.ReplaceAll(text, `"`, `""`)+`"`)
		}
		conds = append(conds, "instr(search, ?) > 0")
		args = append(args, text)
	}
	if f.ResidentID != "" {
		conds = append(conds, "resident = ?")
		args = append(args, f.ResidentID)
	}
	if f.OrganisationID != "" {
		conds = append(conds, "organisation = ?")
		args = append(args, f.OrganisationID)
	}
	if len(f.Codes) > 0 {
		in("code", f.Codes)
	}
	if f.ScopeDepartment != "" {
		conds = append(conds, "(department = ? OR instr(cohandling, ?) > 0)")
		args = append(args, f.ScopeDepartment, "|"+f.ScopeDepartment+"|")
	}
	if f.ScopeWard != "" {
		conds = append(conds, "ward = ?")
		args = append(args, f.ScopeWard)
	}
	if f.Cursor != "" {
		lc, err := DecodeCursor(f.Cursor)
		if err != nil {
			return "", nil, err
		}
		op := ">"
		if f.Desc {
			op = "<"
		}
		col := readModelSortColumn(f.Sort)
		// A row value lets SQLite seek the (column, id) index to the cursor.
		conds = append(conds, fmt.Sprintf("(%s, id) %s (?, ?)", col, op))
		args = append(args, ms(lc.T), lc.ID)
	}
	if len(conds) == 0 {
		return "", args, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

func readModelErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return models.Wrap(models.EUnavailable, err, "the request was cancelled")
	}
	return fmt.Errorf("read model: %w", err)
}
