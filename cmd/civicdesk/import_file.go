package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// importColumns are the columns (CSV header) and keys (JSON) an import file
// may have, in the README's order. ref, created_at, category, title and
// description are required; ward or lat+lon place the record.
var importColumns = []string{
	"ref", "created_at", "category", "title", "description",
	"ward", "address", "lat", "lon", "contact_name", "contact_phone", "contact_email",
}

var requiredColumns = []string{"ref", "created_at", "category", "title", "description"}

// importRow is one row of an import file: its line and its fields by
// column, or why it could not even be read.
type importRow struct {
	line   int
	fields map[string]string
	err    string
}

// readImportFile reads CSV (UTF-8, with or without a BOM) or JSON (an array
// of objects) from r. A problem with the whole file (unknown column,
// missing required column, not JSON) is an error; a problem with one row
// is kept on the row.
func readImportFile(r io.Reader) ([]importRow, error) {
	br := bufio.NewReader(r)
	// A UTF-8 byte order mark, as spreadsheet programs write, is not data.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	b, err := br.Peek(1)
	if err != nil {
		return nil, fmt.Errorf("the file is empty")
	}
	switch b[0] {
	case ' ', '\t', '\r', '\n':
		// Blank lines before JSON are allowed; before CSV they count for the
		// line numbers, so nothing is consumed here.
		peek, _ := br.Peek(br.Buffered())
		if t := bytes.TrimLeft(peek, " \t\r\n"); len(t) > 0 && t[0] == '[' {
			return readJSONRows(br)
		}
	case '[':
		return readJSONRows(br)
	case '{':
		return nil, fmt.Errorf("JSON import files hold an array of records: [{...}, {...}]")
	}
	return readCSVRows(br)
}

func checkColumns(cols []string) error {
	known := map[string]bool{}
	for _, c := range importColumns {
		known[c] = true
	}
	seen := map[string]bool{}
	for _, c := range cols {
		if !known[c] {
			return fmt.Errorf("unknown column %q; the columns are %s", c, strings.Join(importColumns, ", "))
		}
		if seen[c] {
			return fmt.Errorf("column %q appears twice", c)
		}
		seen[c] = true
	}
	var missing []string
	for _, c := range requiredColumns {
		if !seen[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing required column(s): %s", strings.Join(missing, ", "))
	}
	return nil
}

func readCSVRows(r io.Reader) ([]importRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, to name the row
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("cannot read the CSV header: %v", err)
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(header[i]))
	}
	if err := checkColumns(header); err != nil {
		return nil, fmt.Errorf("CSV header: %v", err)
	}
	var rows []importRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rows = append(rows, importRow{line: pe.StartLine, err: pe.Err.Error()})
				continue
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			rows = append(rows, importRow{line: line, err: fmt.Sprintf("has %d fields; the header has %d", len(rec), len(header))})
			continue
		}
		f := make(map[string]string, len(header))
		for i, c := range header {
			f[c] = rec[i]
		}
		rows = append(rows, importRow{line: line, fields: f})
	}
	return rows, nil
}

func readJSONRows(r io.Reader) ([]importRow, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	lineAt := func(off int64) int { return 1 + bytes.Count(data[:off], []byte("\n")) }
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("not a JSON array: %v", err)
	}
	var rows []importRow
	for dec.More() {
		// The record starts after the comma and blanks before it.
		off := dec.InputOffset()
		for off < int64(len(data)) && strings.ContainsRune(", \t\r\n", rune(data[off])) {
			off++
		}
		line := lineAt(off)
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			return nil, fmt.Errorf("line %d: not a JSON record: %v", line, err)
		}
		row := importRow{line: line, fields: map[string]string{}}
		var cols []string
		for k, v := range obj {
			cols = append(cols, k)
			switch v := v.(type) {
			case nil:
			case string:
				row.fields[k] = v
			case float64:
				row.fields[k] = strconv.FormatFloat(v, 'f', -1, 64)
			default:
				row.err = fmt.Sprintf("%s: must be a string or a number", k)
			}
		}
		if err := checkColumns(cols); err != nil && row.err == "" {
			row.err = err.Error()
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// importDateLayouts are the accepted forms of created_at. Dates and times
// without a zone are Vietnam time.
var importDateLayouts = []string{
	time.RFC3339,
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"02/01/2006 15:04",
	"02/01/2006",
}

// toRecord turns a row into a service record, or says what is wrong with
// its fields' formats (the service checks their content).
func toRecord(row importRow, source string, loc *time.Location) (service.ImportRecord, error) {
	f := row.fields
	probs := models.Problems{}
	rec := service.ImportRecord{
		Ref: f["ref"], Title: f["title"], Description: f["description"],
		Category: strings.TrimSpace(f["category"]), Ward: strings.TrimSpace(f["ward"]), Address: f["address"],
		Contact: models.Contact{Name: f["contact_name"], Phone: f["contact_phone"], Email: f["contact_email"]},
		Source:  source, Line: row.line,
	}
	if s := strings.TrimSpace(f["created_at"]); s != "" {
		var err error
		for _, l := range importDateLayouts {
			var t time.Time
			if t, err = time.ParseInLocation(l, s, loc); err == nil {
				rec.CreatedAt = t
				break
			}
		}
		if err != nil {
			probs.Add("created_at", "%q is not a date like 2025-06-30, 2025-06-30 14:05 or 30/06/2025", s)
		}
	}
	num := func(col string) *float64 {
		s := strings.TrimSpace(f[col])
		if s == "" {
			return nil
		}
		v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil {
			probs.Add(col, "%q is not a number", s)
			return nil
		}
		return &v
	}
	rec.Lat, rec.Lon = num("lat"), num("lon")
	return rec, probs.Err("the record")
}
