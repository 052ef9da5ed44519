package catalogue

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/civicdesk/civicdesk/models"
)

// Parse reads a catalogue from YAML (or JSON, which is YAML too) and
// validates it; name is the file name used in messages.
//
// The YAML is decoded into generic values, turned into JSON and decoded with
// encoding/json into models.Catalogue. Going through JSON means one set of
// struct tags and one Geometry decoder (GeoJSON) serve files, the admin API
// and the database alike, and DisallowUnknownFields catches misspelt keys,
// which YAML decoding alone would silently drop.
func Parse(data []byte, name string) (*models.Catalogue, error) {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, invalid(name, err, "not valid YAML or JSON: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc == nil {
		return nil, invalid(name, nil, "the file is empty")
	}
	var p problems
	tree, err := jsonable(doc, "")
	if err != nil {
		p.add("", "%v", err)
		return nil, p.err(name)
	}
	root, ok := tree.(map[string]any)
	if !ok {
		return nil, invalid(name, nil, "the file must be a mapping with keys such as city, wards, departments, categories, rules and calendar, not %s", describe(tree))
	}
	if checkShape(root, &p); !p.empty() {
		return nil, p.err(name)
	}

	raw, err := json.Marshal(root)
	if err != nil {
		return nil, invalid(name, err, "cannot convert to JSON: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var c models.Catalogue
	if err := dec.Decode(&c); err != nil {
		// checkShape should have caught this with a better message.
		return nil, invalid(name, err, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if err := Validate(&c, name); err != nil {
		return nil, err
	}
	return &c, nil
}

// jsonable turns the YAML tree into values encoding/json can write: maps
// with text keys, no NaN or infinity.
func jsonable(v any, path string) (any, error) {
	at := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, el := range x {
			conv, err := jsonable(el, at(k))
			if err != nil {
				return nil, err
			}
			out[k] = conv
		}
		return out, nil
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, el := range x {
			ks, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("%s: key %v must be text", orTop(path), k)
			}
			conv, err := jsonable(el, at(ks))
			if err != nil {
				return nil, err
			}
			out[ks] = conv
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, el := range x {
			conv, err := jsonable(el, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out[i] = conv
		}
		return out, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%s: %v is not a usable number", orTop(path), x)
		}
		return x, nil
	case time.Time:
		// yaml.v3 keeps unquoted dates as text, but be safe: a holiday
		// must stay "2026-01-01".
		if x.Equal(x.Truncate(24*time.Hour)) && x.Location() == time.UTC {
			return x.Format("2006-01-02"), nil
		}
		return x.Format(time.RFC3339), nil
	}
	return v, nil
}

func orTop(path string) string {
	if path == "" {
		return "top level"
	}
	return path
}

// Load reads and parses a catalogue file.
func Load(path string) (*models.Catalogue, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, invalid(path, err, "cannot read the catalogue file: %v", err)
	}
	return Parse(data, path)
}

//go:embed default.yaml
var defaultYAML []byte

// Default returns the catalogue shipped with civicdesk (Kim Long ward and
// its neighbours in Huế). Each call parses it afresh, so callers may modify
// the result freely. It panics only if the shipped file is broken, which
// TestDefault guards against.
func Default() *models.Catalogue {
	c, err := Parse(defaultYAML, "default.yaml")
	if err != nil {
		panic("catalogue: the shipped default.yaml is broken: " + err.Error())
	}
	return c
}
