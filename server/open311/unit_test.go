package open311

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
)

func TestOpenStatus(t *testing.T) {
	want := map[models.Status]string{
		models.StatusNew: "open", models.StatusRouted: "open", models.StatusInProgress: "open", models.StatusWaiting: "open",
		models.StatusResolved: "closed", models.StatusClosed: "closed", models.StatusRejected: "closed",
	}
	if len(want) != len(models.AllStatuses) {
		t.Fatalf("a status was added: map it in this test")
	}
	for _, s := range models.AllStatuses {
		if got := openStatus(s); got != want[s] {
			t.Errorf("%s: %s, want %s", s, got, want[s])
		}
	}
	var n int
	for _, st := range []string{"open", "closed"} {
		for _, s := range statusesFor(st) {
			n++
			if want[s] != st {
				t.Errorf("statusesFor(%s) has %s", st, s)
			}
		}
	}
	if n != len(models.AllStatuses) {
		t.Errorf("statusesFor covers %d of %d statuses", n, len(models.AllStatuses))
	}
}

// errorsOf is the one mapping from civicdesk errors to Open311 answers.
func TestErrorsOf(t *testing.T) {
	cases := []struct {
		err    error
		status int
		first  string
	}{
		{models.Errorf(models.EInvalid, "bad"), 400, "bad"},
		{models.Invalidf("category", "unknown category %q", "x"), 400, `service_code: unknown category "x"`},
		{models.Invalidf("photos[2]", "is empty"), 400, "media[2]: is empty"},
		{models.Errorf(models.EUnauthorized, "no key"), 403, "no key"},
		{models.Errorf(models.EForbidden, "not yours"), 403, "not yours"},
		{models.Errorf(models.ENotFound, "gone"), 404, "gone"},
		{models.Errorf(models.EConflict, "changed"), 409, "changed"},
		{models.Errorf(models.EUnavailable, "starting"), 503, "starting"},
		{errors.New("disk on fire"), 500, models.ErrorMessageOf(errors.New(""))},
	}
	for _, c := range cases {
		status, list := errorsOf(c.err, "en", nil)
		if status != c.status || len(list) != 1 || list[0].Code != c.status || list[0].Description != c.first {
			t.Errorf("%v: %d %+v", c.err, status, list)
		}
	}
	p := models.Problems{}
	p.Add("lon", "out of range")
	p.Add("contact.email", "is not an email address")
	status, list := errorsOf(p.Err("the issue"), "en", nil)
	if status != 400 || len(list) != 2 || list[0].Description != "email: is not an email address" || list[1].Description != "long: out of range" {
		t.Errorf("%d %+v", status, list)
	}
	// A client that asks for Vietnamese gets the description in it.
	status, list = errorsOf(models.E(models.ENotFound, "issue.not_found", "code", "KL-26-00001"), "vi", nil)
	if status != 404 || len(list) != 1 || list[0].Description != "không có phản ánh mã KL-26-00001" {
		t.Errorf("in Vietnamese: %d %+v", status, list)
	}
}

func TestParseDate(t *testing.T) {
	cases := map[string]time.Time{
		"2026-11-23T09:00:00+07:00":     time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC),
		"2026-11-23T02:00:00Z":          time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC),
		"2026-11-23T02:00:00.250Z":      time.Date(2026, 11, 23, 2, 0, 0, 250e6, time.UTC),
		"2026-11-23T09:00+07:00":        time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC),
		"2026-11-23T09:00:00 07:00":     time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC),  // "+" decoded to a space
		"2026-11-23T09:00:00":           time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC),  // local time
		"2026-11-23":                    time.Date(2026, 11, 22, 17, 0, 0, 0, time.UTC), // local midnight
		"2026-11-23T09:00:00.000-05:00": time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC),
	}
	for s, want := range cases {
		p := models.Problems{}
		got := parseDate(p, "start_date", s, testenv.HCM)
		if len(p) != 0 || got == nil || !got.at.Equal(want) || got.dateOnly != (s == "2026-11-23") {
			t.Errorf("%q: %+v %v", s, got, p)
		}
	}
	for _, s := range []string{"yesterday", "23/11/2026", "2026-11-23T25:00:00Z", "1732330800"} {
		p := models.Problems{}
		if got := parseDate(p, "start_date", s, testenv.HCM); got != nil || p["start_date"] == "" {
			t.Errorf("%q accepted: %+v", s, got)
		}
	}
}

func TestDateRange(t *testing.T) {
	now := testenv.Monday9
	at := func(d time.Duration) *instant { return &instant{at: now.Add(d)} }
	check := func(name string, from, to *time.Time, wantFrom time.Time, wantTo *time.Time) {
		t.Helper()
		if from == nil || !from.Equal(wantFrom) || (to == nil) != (wantTo == nil) || (to != nil && !to.Equal(*wantTo)) {
			t.Errorf("%s: [%v, %v)", name, from, to)
		}
	}
	from, to, err := dateRange(nil, nil, now)
	check("none", from, to, now.Add(-window), nil)
	if err != nil {
		t.Fatal(err)
	}
	from, to, _ = dateRange(at(-100*day), nil, now)
	wantTo := now.Add(-10 * day)
	check("start only", from, to, now.Add(-100*day), &wantTo)
	from, to, _ = dateRange(nil, at(-day), now)
	wantTo = now.Add(-day + time.Millisecond)
	check("end only", from, to, wantTo.Add(-window), &wantTo)
	from, to, _ = dateRange(at(-90*day), at(0), now)
	wantTo = now.Add(time.Millisecond)
	check("exactly 90 days", from, to, now.Add(-90*day), &wantTo)
	midnight := time.Date(2026, 11, 23, 0, 0, 0, 0, testenv.HCM)
	from, to, _ = dateRange(&instant{at: midnight, dateOnly: true}, &instant{at: midnight, dateOnly: true}, now)
	wantTo = midnight.Add(day)
	check("one whole day", from, to, midnight, &wantTo)

	if _, _, err := dateRange(at(-91*day), at(0), now); models.ErrorCodeOf(err) != models.EInvalid {
		t.Errorf("91 days: %v", err)
	}
	if _, _, err := dateRange(at(0), at(-time.Hour), now); models.ErrorCodeOf(err) != models.EInvalid {
		t.Errorf("end before start: %v", err)
	}
}

func TestKeywords(t *testing.T) {
	k := models.Category{NameVI: "Hạ tầng (đường, chiếu sáng, thoát nước)", NameEN: "Infrastructure (roads, street lighting, drainage)"}
	if got := keywords(k); got != "Infrastructure, roads, street lighting, drainage, ha tang, duong, chieu sang, thoat nuoc" {
		t.Errorf("keywords %q", got)
	}
}

// Optional values are null in JSON and empty elements in XML.
func TestOptionalValues(t *testing.T) {
	lat := 16.4701
	v := struct {
		XMLName xml.Name `xml:"r" json:"-"`
		A       text     `xml:"a" json:"a"`
		B       text     `xml:"b" json:"b"`
		C       number   `xml:"c" json:"c"`
		D       number   `xml:"d" json:"d"`
	}{A: "x", C: some(&lat)}
	j, _ := json.Marshal(v)
	x, _ := xml.Marshal(v)
	if string(j) != `{"a":"x","b":null,"c":16.4701,"d":null}` || string(x) != `<r><a>x</a><b></b><c>16.4701</c><d></d></r>` {
		t.Errorf("%s\n%s", j, x)
	}
	a, _ := json.Marshal(attributes{})
	if string(a) != "[]" {
		t.Errorf("attributes %s", a)
	}
}
