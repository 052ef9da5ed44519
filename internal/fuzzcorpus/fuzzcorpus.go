// Package fuzzcorpus reads a fuzz target's committed corpus (the seeds in
// testdata/fuzz/<Target>/ and every input the fuzzer found), so a test of
// the real path can replay what a fast fuzz target of a pure package
// explored (issue #10).
package fuzzcorpus

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Entry is one corpus file: its name and its values in argument order.
type Entry struct {
	Name   string
	Values []any
}

// Bytes and String return value i, failing with the file's name if it is
// of another type.
func (e Entry) Bytes(i int) []byte {
	b, ok := e.Values[i].([]byte)
	if !ok {
		panic(fmt.Sprintf("fuzzcorpus: %s: value %d is %T, not []byte", e.Name, i, e.Values[i]))
	}
	return b
}

func (e Entry) String(i int) string {
	s, ok := e.Values[i].(string)
	if !ok {
		panic(fmt.Sprintf("fuzzcorpus: %s: value %d is %T, not string", e.Name, i, e.Values[i]))
	}
	return s
}

// Read reads every file of dir, in name order. Only the []byte and string
// values that civicdesk's targets take are understood.
func Read(dir string) ([]Entry, error) {
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, n := range names {
		if n.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, n.Name()))
		if err != nil {
			return nil, err
		}
		vals, err := parse(string(data))
		if err != nil {
			return nil, fmt.Errorf("fuzzcorpus: %s: %w", n.Name(), err)
		}
		out = append(out, Entry{Name: n.Name(), Values: vals})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// parse reads the "go test fuzz v1" format: a header line, then one Go
// literal a line, as []byte("...") or string("...").
func parse(s string) ([]any, error) {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) == 0 || lines[0] != "go test fuzz v1" {
		return nil, fmt.Errorf("not a go test fuzz v1 file")
	}
	var vals []any
	for _, line := range lines[1:] {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		kind, lit, ok := strings.Cut(line, "(")
		if !ok || !strings.HasSuffix(lit, ")") {
			return nil, fmt.Errorf("cannot read %q", line)
		}
		v, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
		if err != nil {
			return nil, fmt.Errorf("cannot read %q: %w", line, err)
		}
		switch kind {
		case "[]byte":
			vals = append(vals, []byte(v))
		case "string":
			vals = append(vals, v)
		default:
			return nil, fmt.Errorf("values of type %s are not read", kind)
		}
	}
	return vals, nil
}
