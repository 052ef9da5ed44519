package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

const importAbout = `Imports records inherited from another system (for example a former
district's unfinished files) as issues, in this process, through the service:
each record is validated, routed and given deadlines from its original date;
records already past a deadline are marked overdue at once (not escalated);
each timeline gets an internal "imported" event naming the file and line.
Nobody is notified.

FILE is CSV (UTF-8, with or without a byte order mark; first line = column
names) or JSON (an array of objects with the same keys). Columns:
  ref            required: the record's reference in the old system; a
                 reference imported before is skipped, so re-running is safe
  created_at     required: original date, 2025-06-30, 2025-06-30 14:05,
                 30/06/2025 or RFC 3339; Vietnam time unless a zone is given
  category       required: a category code of the catalogue (land, ...)
  title          required: 5 to 200 characters
  description    required: up to 4,000 characters
  ward           ward code (kim-long, ...); or give lat and lon
  address, lat, lon, contact_name, contact_phone, contact_email   optional

Rejected rows are listed with their line numbers and reasons; the exit
status is 1 when any row was rejected. On the embedded database, stop
"civicdesk serve" first: one process owns the data folder.`

// importCmd is "civicdesk import FILE".
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var progressMode string
	spec := commandSpec{name: "import", args: "FILE", nargs: 1, about: importAbout, extra: func(fs *flag.FlagSet) {
		fs.StringVar(&progressMode, "progress", "auto", "auto (a bar on a terminal, plain lines otherwise), bar, plain or none")
	}}
	c, files, err := parseCommand(spec, args, getenv, stderr)
	if err != nil {
		return err
	}
	switch progressMode {
	case "auto", "bar", "plain", "none":
	default:
		return fmt.Errorf("progress %q: use auto, bar, plain or none", progressMode)
	}
	file := files[0]
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("cannot open the import file: %v", err)
	}
	rows, err := readImportFile(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %v", file, err)
	}
	log := newLogger(c, stderr)
	st, svc, err := openCore(ctx, c, log)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	sum, err := importRows(ctx, svc, rows, filepath.Base(file), newProgress(stderr, progressMode, "import", len(rows), time.Now))
	printImportSummary(stdout, file, sum)
	if err != nil {
		return err
	}
	if len(sum.rejected) > 0 {
		return fmt.Errorf("%d row(s) rejected; fix them and run the import again (imported rows are skipped)", len(sum.rejected))
	}
	return nil
}

type rejectedRow struct {
	line   int
	reason string
}

type importSummary struct {
	rows, imported, existing, overdue int
	rejected                          []rejectedRow
}

// importRows files each row through the service. A row's own problems
// reject that row; anything else (the database gone) stops the import.
func importRows(ctx context.Context, svc *service.Service, rows []importRow, source string, prog *progress) (importSummary, error) {
	sum := importSummary{rows: len(rows)}
	seen := map[string]int{} // ref -> first line in this file
	loc := svc.Calendar().Location()
	defer prog.finish()
	for _, row := range rows {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		reject := func(reason string) { sum.rejected = append(sum.rejected, rejectedRow{row.line, reason}) }
		switch {
		case row.err != "":
			reject(row.err)
		default:
			rec, err := toRecord(row, source, loc)
			if err != nil {
				reject(models.ErrorMessageOf(err))
				break
			}
			if first, dup := seen[rec.Ref]; dup && rec.Ref != "" {
				reject(fmt.Sprintf("ref %q is also on line %d", rec.Ref, first))
				break
			}
			seen[rec.Ref] = row.line
			iss, existing, err := svc.ImportIssue(ctx, rec)
			switch models.ErrorCodeOf(err) {
			case "":
				if existing {
					sum.existing++
				} else {
					sum.imported++
					if iss.SLA.Overdue() {
						sum.overdue++
					}
				}
			case models.EInvalid:
				reject(models.ErrorMessageOf(err))
			default:
				return sum, fmt.Errorf("line %d: %w", row.line, err)
			}
		}
		prog.step(1)
	}
	return sum, nil
}

func printImportSummary(w io.Writer, file string, s importSummary) {
	fmt.Fprintf(w, "%s: %d rows: %d imported (%d already overdue), %d imported before, %d rejected\n",
		file, s.rows, s.imported, s.overdue, s.existing, len(s.rejected))
	for _, r := range s.rejected {
		fmt.Fprintf(w, "  line %d: %s\n", r.line, r.reason)
	}
}
