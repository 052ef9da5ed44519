package models

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// CleanText trims a user-supplied text and checks its length in characters
// (not bytes: Vietnamese letters take two or three bytes each).
func CleanText(p Problems, field, s string, minLen, maxLen int) string {
	if !utf8.ValidString(s) {
		p.Add(field, "is not valid UTF-8 text")
		return ""
	}
	s = strings.TrimSpace(norm.NFC.String(s))
	n := utf8.RuneCountInString(s)
	switch {
	case n < minLen && minLen == 1:
		p.Add(field, "must not be empty")
	case n < minLen:
		p.Add(field, "must be at least %d characters", minLen)
	case n > maxLen:
		p.Add(field, "must be at most %d characters (got %d)", maxLen, n)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			p.Add(field, "contains control characters")
			break
		}
	}
	return s
}

// Fold lowercases s and strips Vietnamese diacritics so a search for
// "duong" finds "đường". It is stored beside the text for searching.
func Fold(s string) string {
	d := norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ':
			b.WriteRune('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsCode reports whether s is a catalogue code: lowercase ASCII letters,
// digits, '-' and '_', 1 to 64 long. Codes are used as MongoDB field names
// in counters, so '.' and '$' must never appear.
func IsCode(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
