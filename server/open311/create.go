package open311

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// titleLen is the length of titles made from descriptions: Open311 has no
// title, and a short one reads well in lists and Telegram cards.
const titleLen = 80

// postRequest answers POST requests.{format}: it files an issue.
func (a *API) postRequest(c *fiber.Ctx) error {
	f, err := parseFormat(c.Params("format"))
	if err != nil {
		return a.fail(c, f, err)
	}
	p, err := readParams(c)
	if err != nil {
		return a.fail(c, f, err)
	}
	// The key comes first: without it nothing else is worth checking, and
	// the spec answers 403 whatever else is wrong.
	// The README tells organisations to send X-API-Key; Open311 clients
	// send api_key. Either works.
	key := p.get("api_key")
	if key == "" {
		key = strings.TrimSpace(c.Get("X-API-Key"))
	}
	if key == "" {
		return a.fail(c, f, models.Errorf(models.EUnauthorized, "api_key was not provided (send it as the api_key parameter or the X-API-Key header)"))
	}
	ctx := c.UserContext()
	who, err := a.svc.AuthenticateAPIKey(ctx, key)
	if err != nil {
		if models.ErrorCodeOf(err) == models.EUnauthorized {
			c.Locals(localAuthFailed, true)
		}
		return a.fail(c, f, err)
	}
	if err := a.checkJurisdiction(p.get("jurisdiction_id")); err != nil {
		return a.fail(c, f, err)
	}
	in, err := a.newIssue(p, who)
	if err != nil {
		return a.fail(c, f, err)
	}
	iss, err := a.svc.CreateIssue(ctx, who, in)
	if err != nil {
		return a.fail(c, f, a.explainWard(err, in))
	}
	out := []created{{ID: iss.Code, ServiceNotice: text(notice(iss)), AccountID: text(p.get("account_id"))}}
	return send(c, f, fiber.StatusOK, out, requestsXML[created]{Requests: out})
}

// newIssue maps the Open311 parameters onto an issue. It checks only what
// is Open311's own (parameter presence and syntax); the service checks the
// rest and its messages are renamed to parameters in errorsOf.
func (a *API) newIssue(p params, who models.Principal) (service.NewIssue, error) {
	probs := models.Problems{}
	cat := a.svc.Catalogue()
	code := p.get("service_code")
	k, known := cat.Category(code)
	switch {
	case code == "":
		probs.Add("service_code", "is required")
	case !known:
		probs.Add("service_code", "unknown service_code %q; see services.xml", code)
	}
	lat := coordinate(probs, "lat", p.get("lat"))
	lon := coordinate(probs, "long", p.get("long"))
	if (lat == nil) != (lon == nil) {
		probs.Add("lat/long", "give both lat and long, or neither")
	}
	addr := p.get("address_string")
	if addr == "" && p.get("address_id") != "" {
		// There is no address registry to look the id up in; keep it as
		// text so the department can still read it.
		addr = "address_id " + p.get("address_id")
	}
	if lat == nil && lon == nil && addr == "" {
		probs.Add("lat/long", "a location is required: send lat and long, or address_string")
	}
	desc := p.get("description")
	if m := p.get("media_url"); m != "" {
		if u, err := url.Parse(m); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			probs.Add("media_url", "must be an http or https URL")
		}
	}
	people := 0
	if who.OrganisationID != "" {
		// A mass organisation speaks for a number of people; an Open311
		// client that does not know it files for one.
		people = 1
		if s := p.get("attribute[people_count]"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				probs.Add("attribute[people_count]", "must be a whole number")
			}
			people = n
		}
	}
	photos, err := p.photos()
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
	if m := p.get("media_url"); m != "" {
		// The photo cannot be fetched (see the package doc); keep the link.
		desc += "\n\nẢnh / media: " + m
	}
	return service.NewIssue{
		Title:       title,
		Description: desc,
		Category:    code,
		Lat:         lat,
		Lon:         lon,
		Address:     addr,
		Ward:        p.get("attribute[ward]"),
		Photos:      photos,
		Channel:     models.ChannelOpen311,
		Contact: models.Contact{
			Name:  strings.TrimSpace(p.get("first_name") + " " + p.get("last_name")),
			Phone: p.get("phone"),
			Email: p.get("email"),
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
	line = strings.TrimSpace(line)
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

// explainWard rewords routing's "a ward or location is needed" for a
// client that sent only an address_string: it says what was tried and
// the three ways to place the report.
func (a *API) explainWard(err error, in service.NewIssue) error {
	if _, ok := models.ErrorFieldsOf(err)["ward"]; !ok || in.Lat != nil || in.Ward != "" || in.Address == "" {
		return err
	}
	names := make([]string, 0, len(a.svc.Catalogue().Wards))
	for _, w := range a.svc.Catalogue().Wards {
		names = append(names, w.NameVI)
	}
	if len(names) == 0 {
		return err
	}
	return models.Invalidf("address", "names no ward this service knows (%s), and the key has no ward of its own; this service is handled by a ward: "+
		"put the ward's name in address_string (e.g. \"phường %s\"), send attribute[ward] (see services/%s.xml), or send lat and long",
		strings.Join(names, ", "), names[0], in.Category)
}
