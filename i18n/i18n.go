// Package i18n is civicdesk's one catalogue of texts a person reads, in
// Vietnamese and English, for messages the service produces (errors above
// all). The service gives a key and parameters; each adapter (bot, REST
// API, web pages) renders them here in the person's language, so a
// Vietnamese reply never carries English and a department code never
// reaches a person: parameters named after catalogue entries are shown by
// their names. It imports nothing of civicdesk, so models can use it.
package i18n

import (
	"sort"
	"strconv"
	"strings"
)

// Names looks up catalogue entries' names: kind is "department", "ward",
// "category" or "city" (whose code is ignored). *models.Catalogue
// implements it.
type Names interface {
	NameOf(kind, code, lang string) (string, bool)
}

// Lang is civicdesk's language for a tag: "en" for English, "vi" for
// anything else (Vietnamese is the default for people).
func Lang(tag string) string {
	if tag == "en" {
		return "en"
	}
	return "vi"
}

// Has reports whether key has a text in lang.
func Has(lang, key string) bool {
	_, ok := table(lang)[key]
	return ok
}

// Template returns key's text in lang with its {placeholders}, and
// whether there is one.
func Template(lang, key string) (string, bool) {
	s, ok := table(lang)[key]
	return s, ok
}

// Keys is the registry: every key of the catalogue, in either language,
// sorted. Tests walk it so a key added in one language only is caught.
func Keys() []string {
	seen := map[string]bool{}
	for k := range en {
		seen[k] = true
	}
	for k := range vi {
		seen[k] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func table(lang string) map[string]string {
	if Lang(lang) == "en" {
		return en
	}
	return vi
}

// Render returns key's text in lang with its parameters filled in. A key
// missing in lang falls back to English, then to the key itself (the
// catalogue test catches both). names may be nil.
func Render(lang, key string, params map[string]string, names Names) string {
	lang = Lang(lang)
	t, ok := table(lang)[key]
	if !ok {
		if t, ok = en[key]; !ok {
			return key
		}
	}
	if !strings.Contains(t, "{") {
		return t
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(t[:i])
		name := t[i+1 : i+j]
		b.WriteString(param(lang, name, params[name], names))
		t = t[i+j+1:]
	}
	b.WriteString(t)
	return b.String()
}

// param shows one parameter: catalogue codes by their names, statuses and
// field names in lang, anything else as given. The kind comes from the
// parameter's name ("department", "to_department", "ward", ...).
func param(lang, name, value string, names Names) string {
	kind := name
	if i := strings.LastIndexByte(name, '_'); i >= 0 {
		kind = name[i+1:]
	}
	switch kind {
	case "department", "ward", "category", "city":
		if names != nil && value != "" {
			if n, ok := names.NameOf(kind, value, lang); ok && n != "" {
				return n
			}
		}
	case "status", "action":
		if s, ok := table(lang)[kind+"."+value]; ok {
			return s
		}
	case "fields":
		parts := strings.Split(value, ",")
		for i, f := range parts {
			base, _, _ := strings.Cut(f, "[") // photos[2] is a photo
			if s, ok := table(lang)["field."+base]; ok {
				parts[i] = s
			}
		}
		return strings.Join(parts, ", ")
	}
	return value
}

// Params turns name, value pairs into a parameter map (nil when empty).
func Params(kv ...string) map[string]string {
	if len(kv) == 0 {
		return nil
	}
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// Placeholders returns the {names} a template uses, sorted.
func Placeholders(t string) []string {
	var out []string
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			break
		}
		out = append(out, t[i+1:i+j])
		t = t[i+j+1:]
	}
	sort.Strings(out)
	return out
}

// FromAcceptLanguage picks the language of an HTTP answer's messages from
// an Accept-Language header: Vietnamese when the client prefers it,
// English (the default for API clients) otherwise.
func FromAcceptLanguage(header string) string {
	best, bestQ := "en", -1.0
	for _, part := range strings.Split(header, ",") {
		tag, q := part, 1.0
		if t, params, ok := strings.Cut(part, ";"); ok {
			tag = t
			if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
		}
		tag = strings.ToLower(strings.TrimSpace(tag))
		lang := ""
		switch {
		case tag == "vi" || strings.HasPrefix(tag, "vi-"):
			lang = "vi"
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			lang = "en"
		}
		if lang != "" && q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}
