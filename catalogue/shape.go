package catalogue

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"github.com/civicdesk/civicdesk/models"
)

// checkShape compares the decoded YAML tree with the models.Catalogue
// structure before encoding/json sees it. encoding/json would refuse the
// same things, but its messages ("json: unknown field "nme"") do not say
// which of forty departments is wrong; this says
// `departments[3] "kim-long-infra": unknown field "nme"`.
func checkShape(root map[string]any, p *problems) {
	t := reflect.TypeFor[models.Catalogue]()
	fields := jsonFields(t)
	for _, k := range keysInOrder(root, t) {
		f, ok := fields[k]
		if !ok {
			p.add("", "unknown top-level key %q (known keys: %s)", k, strings.Join(fieldNames(t), ", "))
			continue
		}
		v := root[k]
		if list, ok := v.([]any); ok && f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
			// wards, departments, categories, rules: label each entry.
			for i, el := range list {
				checkValue(el, f.Type.Elem(), entryLabel(k, i, el), "", p)
			}
			continue
		}
		checkValue(v, f.Type, k, "", p)
	}
}

// entryLabel names an element of a top-level list from its raw YAML value.
func entryLabel(list string, i int, el any) string {
	m, _ := el.(map[string]any)
	str := func(k string) string { s, _ := m[k].(string); return s }
	if list == "rules" {
		return ruleLabel(i, str("category"), str("ward"), models.ReporterKind(str("reporter_kind")))
	}
	return codeLabel(list, i, str("code"))
}

var geometryType = reflect.TypeFor[models.Geometry]()

// checkValue checks v against type t; entry names the top-level entry and
// path the position inside it.
func checkValue(v any, t reflect.Type, entry, path string, p *problems) {
	at := func(format string, args ...any) {
		if path != "" {
			format = path + ": " + format
		}
		p.add(entry, format, args...)
	}
	if v == nil {
		return // null (an empty YAML value) leaves the zero value
	}
	if t == geometryType {
		// Geometry has its own JSON form (GeoJSON); let it judge.
		raw, err := json.Marshal(v)
		if err == nil {
			var g models.Geometry
			err = g.UnmarshalJSON(raw)
		}
		if err != nil {
			at("%v", err)
		}
		return
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			at("expected text, got %s", describe(v))
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			at("expected true or false, got %s", describe(v))
		}
	case reflect.Int, reflect.Int64:
		if f, ok := number(v); !ok || f != math.Trunc(f) {
			at("expected a whole number, got %s", describe(v))
		}
	case reflect.Float64:
		if _, ok := number(v); !ok {
			at("expected a number, got %s", describe(v))
		}
	case reflect.Slice:
		list, ok := v.([]any)
		if !ok {
			at("expected a list, got %s", describe(v))
			return
		}
		for i, el := range list {
			checkValue(el, t.Elem(), entry, fmt.Sprintf("%s[%d]", path, i), p)
		}
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			at("expected a mapping of keys, got %s", describe(v))
			return
		}
		fields := jsonFields(t)
		for _, k := range keysInOrder(m, t) {
			f, ok := fields[k]
			if !ok {
				at("unknown field %q (known fields: %s)", k, strings.Join(fieldNames(t), ", "))
				continue
			}
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			checkValue(m[k], f.Type, entry, sub, p)
		}
	}
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the text %q", x)
	case bool:
		return fmt.Sprintf("%v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	if f, ok := number(v); ok {
		return fmt.Sprintf("the number %v", f)
	}
	return fmt.Sprintf("%T", v)
}

// jsonFields maps JSON names to struct fields (the names the file uses).
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if name := jsonName(f); name != "" {
			out[name] = f
		}
	}
	return out
}

func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

func fieldNames(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if name := jsonName(t.Field(i)); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// keysInOrder lists known keys in struct order, then unknown ones sorted,
// so messages come out in a stable, readable order.
func keysInOrder(m map[string]any, t reflect.Type) []string {
	var out []string
	known := map[string]bool{}
	for _, name := range fieldNames(t) {
		known[name] = true
		if _, ok := m[name]; ok {
			out = append(out, name)
		}
	}
	var unknown []string
	for k := range m {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	return append(out, unknown...)
}
