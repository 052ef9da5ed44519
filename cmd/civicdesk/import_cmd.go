package main

import (
	"context"
	"errors"
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
district's unfinished files) as issues, in this process, through the
service's bulk path (200 rows at a time; the figures are added at the end):
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
status is 1 when any row was rejected. An import that was stopped (Ctrl-C,
killed, a power cut) is finished by running it again: no row is imported
twice, and the figures of a killed run are recounted from the issues. On
the embedded database, stop "civicdesk serve" first: one process owns the
data folder.`

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

// importBatch is how many rows go to the service at a time: big enough
// that the synced writes of a batch (its references, its issues, the read
// model's mark) cost little per row, small enough for a lively progress
// bar and little work to redo after a crash.
const importBatch = 200

// importRows files the rows through the service's bulk path, importBatch
// at a time. A row's own problems reject that row; anything else (the
// database gone) stops the import. Stopped (ctx cancelled), it ends after
// the batch under way, with the figures of what it imported.
func importRows(ctx context.Context, svc *service.Service, rows []importRow, source string, prog *progress) (sum importSummary, err error) {
	sum = importSummary{rows: len(rows)}
	defer prog.finish()
	imp, err := svc.StartImport(ctx, source)
	if err != nil {
		return sum, err
	}
	defer func() {
		if ferr := imp.Finish(ctx); ferr != nil {
			err = errors.Join(err, ferr)
		}
	}()
	seen := map[string]int{} // ref -> first line in this file
	loc := svc.Calendar().Location()
	for start := 0; start < len(rows); start += importBatch {
		if ctx.Err() != nil {
			return sum, fmt.Errorf("stopped after %d of %d rows; run the import again to finish it (imported rows are skipped)", start, len(rows))
		}
		batch := rows[start:min(start+importBatch, len(rows))]
		recs, from, reasons := batchRecords(batch, source, loc, seen)
		// A stop (Ctrl-C) waits for the batch under way, under a second,
		// so the import ends on a batch boundary and says where.
		res, err := imp.File(context.WithoutCancel(ctx), recs)
		if err != nil {
			return sum, fmt.Errorf("import stopped in lines %d to %d: %w", batch[0].line, batch[len(batch)-1].line, err)
		}
		for k, r := range res {
			switch {
			case r.Err != nil:
				reasons[from[k]] = models.ErrorMessageOf(r.Err)
			case r.Existing:
				sum.existing++
			default:
				sum.imported++
				if r.Issue.SLA.Overdue() {
					sum.overdue++
				}
			}
		}
		for i, why := range reasons {
			if why != "" {
				sum.rejected = append(sum.rejected, rejectedRow{batch[i].line, why})
			}
		}
		prog.step(len(batch))
	}
	return sum, nil
}

// batchRecords turns a batch's rows into the records to send; recs[k] is
// the record of batch[from[k]]. Rows the file alone rejects (format, a
// reference given twice in the file) are not sent: reasons[i] says why
// batch[i] is rejected. seen maps the references met so far to their line.
func batchRecords(batch []importRow, source string, loc *time.Location, seen map[string]int) (recs []service.ImportRecord, from []int, reasons []string) {
	reasons = make([]string, len(batch))
	for i, row := range batch {
		if row.err != "" {
			reasons[i] = row.err
			continue
		}
		rec, err := toRecord(row, source, loc)
		if err != nil {
			reasons[i] = models.ErrorMessageOf(err)
			continue
		}
		if first, dup := seen[rec.Ref]; dup && rec.Ref != "" {
			reasons[i] = fmt.Sprintf("ref %q is also on line %d", rec.Ref, first)
			continue
		}
		seen[rec.Ref] = row.line
		recs = append(recs, rec)
		from = append(from, i)
	}
	return recs, from, reasons
}

func printImportSummary(w io.Writer, file string, s importSummary) {
	fmt.Fprintf(w, "%s: %d rows: %d imported (%d already overdue), %d imported before, %d rejected\n",
		file, s.rows, s.imported, s.overdue, s.existing, len(s.rejected))
	if s.imported == 0 && s.existing > 0 {
		fmt.Fprintf(w, "nothing new: the %d valid rows were imported before\n", s.existing)
	}
	for _, r := range s.rejected {
		fmt.Fprintf(w, "  line %d: %s\n", r.line, r.reason)
	}
}
