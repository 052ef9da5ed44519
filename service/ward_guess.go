package service

import (
	"context"
	"strings"
	"unicode"

	"github.com/civicdesk/civicdesk/models"
)

// guessWard finds the ward of a report that has neither coordinates nor a
// ward (Open311 clients with only an address_string, #9): the ward the
// address names, with or without diacritics ("phường Kim Long", "kim
// long"), and otherwise the ward of the filing organisation, whose
// members report about their own ward. The address comes first because
// it speaks about this report; the organisation's ward only about who
// files it. "" when neither tells: routing then asks for a ward.
func (s *Service) guessWard(ctx context.Context, cat *models.Catalogue, p models.Principal, addr string) string {
	if w := WardInAddress(cat, addr); w != "" {
		return w
	}
	if p.OrganisationID == "" {
		return ""
	}
	o, err := s.store.GetOrganisation(ctx, p.OrganisationID)
	if err != nil || o.Ward == "" {
		return ""
	}
	if _, ok := cat.Ward(o.Ward); !ok {
		return ""
	}
	return o.Ward
}

// WardInAddress returns the code of the one ward an address names, or ""
// when it names none or several. A name preceded by "phường" (or "p.")
// wins over a bare one, since streets are often named like wards.
func WardInAddress(cat *models.Catalogue, addr string) string {
	words := foldWords(addr)
	if len(words) == 0 {
		return ""
	}
	var bare, marked []string
	for _, w := range cat.Wards {
		found, withMarker := false, false
		for _, name := range []string{w.NameVI, w.NameEN, strings.ReplaceAll(w.Code, "-", " ")} {
			f, m := findWords(words, foldWords(name))
			found, withMarker = found || f, withMarker || m
		}
		if found {
			bare = append(bare, w.Code)
		}
		if withMarker {
			marked = append(marked, w.Code)
		}
	}
	switch {
	case len(marked) == 1:
		return marked[0]
	case len(marked) == 0 && len(bare) == 1:
		return bare[0]
	}
	return ""
}

// foldWords lowercases, drops diacritics and splits into words.
func foldWords(s string) []string {
	return strings.FieldsFunc(models.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// findWords says whether name occurs in words as whole words, and whether
// one occurrence follows "phuong" or "p".
func findWords(words, name []string) (found, marked bool) {
	if len(name) == 0 {
		return false, false
	}
	for i := 0; i+len(name) <= len(words); i++ {
		match := true
		for j := range name {
			if words[i+j] != name[j] {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		found = true
		if i > 0 && (words[i-1] == "phuong" || words[i-1] == "p") {
			marked = true
		}
	}
	return found, marked
}
