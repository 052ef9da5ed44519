package form

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// titleLen is the length of titles made from descriptions: Open311 has no
// title, and a short one reads well in lists and Telegram cards.
const titleLen = 80

// NewIssue maps the Open311 parameters onto an issue filed by who, with
// the service codes of cat. It checks only what is Open311's own
// (parameter presence and syntax); the service checks the rest.
func NewIssue(p Params, who models.Principal, cat *models.Catalogue) (service.NewIssue, error) {
	probs := models.Problems{}
	code := p.Get("service_code")
	k, known := cat.Category(code)
	switch {
	case code == "":
		probs.Add("service_code", "is required")
	case !known:
		probs.Add("service_code", "unknown service_code %q; see services.xml", code)
	}
	lat := coordinate(probs, "lat", p.Get("lat"))
	lon := coordinate(probs, "long", p.Get("long"))
	if (lat == nil) != (lon == nil) {
		probs.Add("lat/long", "give both lat and long, or neither")
	}
	addr := p.Get("address_string")
	if addr == "" && p.Get("address_id") != "" {
		// There is no address registry to look the id up in; keep it as
		// text so the department can still read it.
		addr = "address_id " + p.Get("address_id")
	}
	if lat == nil && lon == nil && addr == "" {
		probs.Add("lat/long", "a location is required: send lat and long, or address_string")
	}
	desc := p.Get("description")
	if m := p.Get("media_url"); m != "" {
		if u, err := url.Parse(m); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			probs.Add("media_url", "must be an http or https URL")
		}
	}
	people := 0
	if who.OrganisationID != "" {
		// A mass organisation speaks for a number of people; an Open311
		// client that does not know it files for one.
		people = 1
		if s := p.Get("attribute[people_count]"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				probs.Add("attribute[people_count]", "must be a whole number")
			}
			people = n
		}
	}
	photos, err := p.Photos()
	if err != nil {
		return service.NewIssue{}, err
	}
	if err := probs.Err("the service request"); err != nil {
		return service.NewIssue{}, err
	}
	title := makeTitle(desc, k, addr)
	if desc == "" {
		desc = title
	}
	if m := p.Get("media_url"); m != "" {
		// The photo cannot be fetched (see open311's package doc); keep the link.
		desc += "\n\nẢnh / media: " + m
	}
	return service.NewIssue{
		Title:       title,
		Description: desc,
		Category:    code,
		Lat:         lat,
		Lon:         lon,
		Address:     addr,
		Ward:        p.Get("attribute[ward]"),
		Photos:      photos,
		Channel:     models.ChannelOpen311,
		Contact: models.Contact{
			Name:  strings.TrimSpace(p.Get("first_name") + " " + p.Get("last_name")),
			Phone: p.Get("phone"),
			Email: p.Get("email"),
		},
		PeopleCount: people,
	}, nil
}

func coordinate(probs models.Problems, name, s string) *float64 {
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		probs.Add(name, "%q is not a number", s)
		return nil
	}
	return &v
}

// makeTitle is the first line of the description, shortened, or when that
// is too short to be a title, the service name and the address.
func makeTitle(desc string, k models.Category, addr string) string {
	line, _, _ := strings.Cut(desc, "\n")
	// Counted as the service counts a title: composed (NFC) and trimmed,
	// so "e" and a combining accent are one character, not two (found by
	// FuzzRequestForm: a description of three decomposed "é" made a title
	// the service refused as too short).
	line = strings.TrimSpace(norm.NFC.String(line))
	if utf8.RuneCountInString(line) >= models.MinTitleLen {
		return shorten(line, titleLen)
	}
	if addr != "" {
		return shorten(k.NameVI+" – "+addr, titleLen)
	}
	// Some names are shorter than a title may be ("Khác").
	return shorten(k.NameVI+" ("+k.NameEN+")", titleLen)
}

// shorten cuts s to at most n characters, at a space when one is near the
// end, and marks the cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n - 1
	for i := cut; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimSpace(string(r[:cut])) + "…"
}
