package open311

import (
	"context"
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func TestPostCreatesIssue(t *testing.T) {
	e := newEnv(t, Config{})
	res := e.post("/requests.json", e.form("first_name", "Nguyễn", "last_name", "Thị Hoa",
		"phone", "0905123456", "email", "hoa@example.vn", "account_id", "acct-77", "device_id", "dev-99"))
	var out []jsonCreated
	res.json(t, 200, &out)
	if len(out) != 1 || out[0].ID != "KL-26-00001" || deref(out[0].AccountID) != "acct-77" {
		t.Fatalf("answer %s", res.body)
	}

	iss, err := e.svc.GetIssue(context.Background(), testenv.Admin(), out[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if deref(out[0].ServiceNotice) != iss.Routing.ExplainVI+" / "+iss.Routing.ExplainEN ||
		!strings.Contains(iss.Routing.ExplainVI, "Kim Long") {
		t.Fatalf("service_notice %q, routing %+v", deref(out[0].ServiceNotice), iss.Routing)
	}
	r := iss.Reporter
	if r.Channel != models.ChannelOpen311 || r.Kind != models.ReporterResident ||
		r.Contact != (models.Contact{Name: "Nguyễn Thị Hoa", Phone: "0905123456", Email: "hoa@example.vn"}) {
		t.Fatalf("reporter %+v", r)
	}
	if iss.Title != "Rác ùn ứ trước cổng chùa" || iss.Description != "Rác ùn ứ trước cổng chùa\nĐã ba ngày chưa được thu gom." ||
		iss.Category != "environment" || iss.Location.WardCode != "kim-long" || *iss.Location.Lat != 16.47 || *iss.Location.Lon != 107.54 {
		t.Fatalf("issue %+v", iss)
	}
}

func TestPostXML(t *testing.T) {
	e := newEnv(t, Config{})
	var out xmlRequests
	e.post("/requests.xml", e.form("lat", phuXuan[0], "long", phuXuan[1])).xml(t, 200, &out)
	if len(out.Requests) != 1 || out.Requests[0].ID != "PX-26-00001" ||
		!strings.Contains(out.Requests[0].ServiceNotice, "Phú Xuân") || out.Requests[0].AccountID != "" {
		t.Fatalf("answer %+v", out)
	}
}

func TestPostAPIKey(t *testing.T) {
	e := newEnv(t, Config{})
	// A revoked key's secret must stop working.
	revokedSecret, revoked, err := e.svc.CreateOpen311ClientKey(context.Background(), testenv.Admin(), "old client")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.RevokeAPIKey(context.Background(), testenv.Admin(), revoked.ID); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		"missing": {"api_key", ""},
		"invalid": {"api_key", "cdk_not-a-key"},
		"revoked": {"api_key", revokedSecret},
		// The key is checked first: a keyless request with other problems
		// still gets 403, as the spec's example does.
		"missing, and no service_code": {"api_key", "", "service_code", ""},
	}
	for name, pairs := range cases {
		for _, xmlFormat := range []bool{false, true} {
			path := "/requests.json"
			if xmlFormat {
				path = "/requests.xml"
			}
			list := wantErrors(t, e.post(path, e.form(pairs...)), 403, xmlFormat)
			if !mentions(list, "api_key") && !mentions(list, "API key") {
				t.Fatalf("%s: %+v", name, list)
			}
		}
	}
	var out []jsonCreated
	e.post("/requests.json?api_key="+e.key, e.form("api_key", "")).json(t, 200, &out)
	if len(out) != 1 {
		t.Fatal("api_key in the query string was not accepted")
	}
}

func TestPostBadParameters(t *testing.T) {
	e := newEnv(t, Config{})
	cases := []struct {
		name  string
		pairs []string
		want  []string
	}{
		{"no service_code", []string{"service_code", ""}, []string{"service_code: is required"}},
		{"unknown service_code", []string{"service_code", "potholes"}, []string{`service_code: unknown service_code "potholes"`}},
		{"no location", []string{"lat", "", "long", ""}, []string{"lat/long: a location is required"}},
		{"lat without long", []string{"long", ""}, []string{"lat/long: give both"}},
		{"lat not a number", []string{"lat", "north"}, []string{`lat: "north" is not a number`}},
		{"outside the city", []string{"lat", hanoi[0], "long", hanoi[1]}, []string{"lat/long:", "is outside Huế"}},
		{"latitude out of range", []string{"lat", "123"}, []string{"lat: latitude must be between"}},
		{"address only, ward category", []string{"lat", "", "long", "", "address_string", "12 Lê Lợi"}, []string{"address_string: names no ward", "attribute[ward]", "Kim Long"}},
		{"unknown ward", []string{"lat", "", "long", "", "address_string", "12 Kim Long", "attribute[ward]", "ha-noi"}, []string{`attribute[ward]: unknown ward "ha-noi"`}},
		{"bad media_url", []string{"media_url", "ftp://example.vn/a.jpg"}, []string{"media_url: must be an http or https URL"}},
		{"bad email", []string{"email", "not-an-email"}, []string{"email: is not an email address"}},
		{"description too long", []string{"description", strings.Repeat("rác ", 1001)}, []string{"description: must be at most 4000"}},
		{"ward disagrees with lat/long", []string{"attribute[ward]", "phu-xuan"}, []string{`attribute[ward]: the location is in ward "kim-long"`}},
		{"two problems at once", []string{"service_code", "", "lat", "", "long", ""}, []string{"service_code: is required", "lat/long: a location is required"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			list := wantErrors(t, e.post("/requests.json", e.form(c.pairs...)), 400, false)
			for _, w := range c.want {
				if !mentions(list, w) {
					t.Fatalf("want %q in %+v", w, list)
				}
			}
			if strings.HasPrefix(c.name, "two problems") && len(list) != 2 {
				t.Fatalf("want one error per problem: %+v", list)
			}
		})
	}
	list := wantErrors(t, e.post("/requests.xml", e.form("service_code", "")), 400, true)
	if !mentions(list, "service_code: is required") {
		t.Fatalf("XML errors %+v", list)
	}
	page, err := e.svc.PublicIssues(context.Background(), models.IssueFilter{})
	if err != nil || len(page.Issues) != 0 {
		t.Fatalf("bad requests filed issues: %v %+v", err, page.Issues)
	}
}

func TestPostAddressOnly(t *testing.T) {
	e := newEnv(t, Config{})
	// Wards handle environment issues: the ward attribute places the report.
	id := e.create("lat", "", "long", "", "address_string", "12 Kim Long", "attribute[ward]", "kim-long")
	if !strings.HasPrefix(id, "KL-") {
		t.Fatalf("id %s", id)
	}
	// The city handles heritage: an address is enough.
	id = e.create("service_code", "heritage", "lat", "", "long", "", "address_string", "Ngọ Môn, Đại Nội")
	if !strings.HasPrefix(id, "HUE-") {
		t.Fatalf("id %s", id)
	}
	iss, err := e.svc.PublicIssue(context.Background(), id)
	if err != nil || iss.Location.Address != "Ngọ Môn, Đại Nội" || iss.Location.HasPoint() {
		t.Fatalf("issue %+v %v", iss, err)
	}
	// Without a registry, an address_id is kept as text.
	id = e.create("service_code", "heritage", "lat", "", "long", "", "address_id", "A-1234")
	iss, _ = e.svc.PublicIssue(context.Background(), id)
	if iss.Location.Address != "address_id A-1234" {
		t.Fatalf("address %q", iss.Location.Address)
	}
}

func TestPostTitles(t *testing.T) {
	e := newEnv(t, Config{})
	long := strings.Repeat("Đèn đường hỏng ", 10)
	cases := []struct{ pairs []string }{
		{[]string{"description", ""}},
		{[]string{"description", "Hư"}},
		{[]string{"description", "", "service_code", "other", "address_string", "Chùa Thiên Mụ"}},
		{[]string{"description", long}},
	}
	want := []string{
		"Môi trường, rác thải (Environment and waste)",
		"Môi trường, rác thải (Environment and waste)",
		"Khác – Chùa Thiên Mụ",
		"Đèn đường hỏng Đèn đường hỏng Đèn đường hỏng Đèn đường hỏng Đèn đường hỏng Đèn…",
	}
	for i, c := range cases {
		id := e.create(c.pairs...)
		iss, err := e.svc.PublicIssue(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if iss.Title != want[i] {
			t.Fatalf("case %d: title %q, want %q", i, iss.Title, want[i])
		}
		if c.pairs[1] == "" && iss.Description != iss.Title {
			t.Fatalf("case %d: empty description became %q", i, iss.Description)
		}
	}
}

func TestPostMediaURLKeptInDescription(t *testing.T) {
	e := newEnv(t, Config{})
	id := e.create("media_url", "https://img.example.vn/rac.jpg")
	var out []jsonRequest
	e.get("/requests/"+id+".json").json(t, 200, &out)
	if !strings.HasSuffix(deref(out[0].Description), "\n\nẢnh / media: https://img.example.vn/rac.jpg") || out[0].MediaURL != nil {
		t.Fatalf("request %+v", out[0])
	}
}

func TestPostMultipartWithPhoto(t *testing.T) {
	e := newEnv(t, Config{})
	res := e.postMultipart("/requests.json", e.form(), pngBytes)
	var created []jsonCreated
	res.json(t, 200, &created)
	iss, err := e.svc.GetIssue(context.Background(), testenv.Admin(), created[0].ID)
	if err != nil || len(iss.Photos) != 1 || iss.Photos[0].ContentType != "image/png" {
		t.Fatalf("issue %+v %v", iss, err)
	}
	want := baseURL + "/api/v1/public/issues/" + iss.Code + "/photos/" + iss.Photos[0].ID
	var j []jsonRequest
	e.get("/requests/"+iss.Code+".json").json(t, 200, &j)
	var x xmlRequests
	e.get("/requests/"+iss.Code+".xml").xml(t, 200, &x)
	if deref(j[0].MediaURL) != want || x.Requests[0].MediaURL != want {
		t.Fatalf("media_url %q / %q, want %q", deref(j[0].MediaURL), x.Requests[0].MediaURL, want)
	}

	list := wantErrors(t, e.postMultipart("/requests.json", e.form(), []byte("not an image")), 400, false)
	if !mentions(list, "media[0]: is not a JPEG, PNG or WebP image") {
		t.Fatalf("errors %+v", list)
	}
}

func TestPostOrganisationKey(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	org, err := e.svc.CreateOrganisation(ctx, testenv.Admin(), service.NewOrganisation{Code: "hoi-phu-nu-kl", NameVI: "Hội Phụ nữ phường Kim Long", Ward: "kim-long"})
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := e.svc.CreateAPIKey(ctx, testenv.Admin(), "women's union system", org.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		people string
		want   int
	}{{"", 1}, {"25", 25}} {
		id := e.create("api_key", key, "attribute[people_count]", c.people)
		iss, err := e.svc.GetIssue(ctx, testenv.Admin(), id)
		if err != nil {
			t.Fatal(err)
		}
		if iss.Reporter.Kind != models.ReporterOrganisation || iss.Reporter.OrganisationID != org.ID || iss.Reporter.PeopleCount != c.want {
			t.Fatalf("people %q: reporter %+v", c.people, iss.Reporter)
		}
	}
	list := wantErrors(t, e.post("/requests.json", e.form("api_key", key, "attribute[people_count]", "many")), 400, false)
	if !mentions(list, "attribute[people_count]: must be a whole number") {
		t.Fatalf("errors %+v", list)
	}
}

func TestJurisdiction(t *testing.T) {
	e := newEnv(t, Config{JurisdictionID: "hue.gov.vn"})
	e.create("jurisdiction_id", "hue.gov.vn")
	e.create() // optional for a single-jurisdiction endpoint
	// The spec: a jurisdiction this endpoint does not serve is not found.
	list := wantErrors(t, e.post("/requests.json", e.form("jurisdiction_id", "chicago.gov")), 404, false)
	if !mentions(list, `jurisdiction_id "chicago.gov" is not served here; this endpoint serves "hue.gov.vn"`) {
		t.Fatalf("errors %+v", list)
	}
	for _, p := range []string{"/services.json", "/services/environment.json", "/requests.json", "/discovery.json"} {
		wantErrors(t, e.get(p+"?jurisdiction_id=chicago.gov"), 404, false)
		e.get(p+"?jurisdiction_id=hue.gov.vn").json(t, 200, new(any))
	}
	wantErrors(t, e.get("/requests.xml?jurisdiction_id=chicago.gov"), 404, true)
	wantErrors(t, e.get("/requests/KL-26-00001.xml?jurisdiction_id=chicago.gov"), 404, true)
	page, err := e.svc.PublicIssues(context.Background(), models.IssueFilter{})
	if err != nil || len(page.Issues) != 2 {
		t.Fatalf("a request for another jurisdiction was filed: %v %d", err, len(page.Issues))
	}
	// Discovery names the jurisdiction.
	var d clientDiscovery
	e.get("/discovery.json").json(t, 200, &d)
	if d.JurisdictionID != "hue.gov.vn" {
		t.Fatalf("discovery jurisdiction_id %q", d.JurisdictionID)
	}
}
