package open311

import (
	"context"
	"io"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/service"
)

// Anything under the endpoint that is not a resource answers 404 in
// Open311's error format, XML unless the path ends in .json.
func TestUnknownPathAnswersOpen311Error(t *testing.T) {
	e := newEnv(t, Config{})
	list := wantErrors(t, e.get("/nonsense.json"), 404, false)
	if !mentions(list, "discovery, services") {
		t.Errorf("404 does not list the resources: %+v", list)
	}
	wantErrors(t, e.get("/requests/KL-26-00001/notes"), 404, true)
	wantErrors(t, e.do("DELETE", "/requests.xml", "", nil), 404, true)
}

// The key may come in the X-API-Key header, as the README tells
// organisations, instead of api_key.
func TestPostAcceptsTheKeyInTheHeader(t *testing.T) {
	e := newEnv(t, Config{})
	form := e.form("api_key", "")
	wantErrors(t, e.post("/requests.json", form), 403, false)
	req := url.Values(form).Encode()
	res := e.doHeaders("POST", "/requests.json", "application/x-www-form-urlencoded", req, map[string]string{"X-API-Key": e.key})
	var out []jsonCreated
	res.json(t, 200, &out)
	if len(out) != 1 || out[0].ID == "" {
		t.Fatalf("created %s", res.body)
	}
}

// A request with only an address_string gets the ward its address names,
// with or without diacritics, else its organisation's ward; the service
// definition says so.
func TestAddressStringOnly(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	ward := func(id string) string {
		t.Helper()
		iss, err := e.svc.PublicIssue(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return iss.Routing.Ward
	}
	for addr, want := range map[string]string{
		"12 kiệt 5, phường Kim Long":      "kim-long",
		"25 Le Loi, phuong Phu Xuan":      "phu-xuan",
		"3 Nguyễn Huệ, P. Thuận Hoá":      "thuan-hoa", // the other accent placement
		"đường Kim Long, phường Phú Xuân": "phu-xuan",  // a street named like a ward
	} {
		id := e.create("lat", "", "long", "", "address_string", addr)
		if got := ward(id); got != want {
			t.Errorf("%q: ward %q, want %q", addr, got, want)
		}
	}
	// Every ward-level service accepts it (the issue: 9 of 12 refused).
	for _, k := range e.svc.Catalogue().Categories {
		e.create("service_code", k.Code, "lat", "", "long", "", "address_string", "8 Tịnh Tâm, phường Thuận Hóa")
	}
	// An organisation's key places an unnamed address in its own ward.
	org, err := e.svc.CreateOrganisation(ctx, testenv.Admin(), service.NewOrganisation{Code: "hoi-nong-dan-px", NameVI: "Hội Nông dân phường Phú Xuân", Ward: "phu-xuan"})
	if err != nil {
		t.Fatal(err)
	}
	key, _, err := e.svc.CreateAPIKey(ctx, testenv.Admin(), "farmers' union", org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := ward(e.create("api_key", key, "lat", "", "long", "", "address_string", "12 Lê Lợi")); got != "phu-xuan" {
		t.Errorf("organisation's ward: %q", got)
	}
	// Without either, a clear error names the ways out, in both formats.
	for _, xmlFormat := range []bool{false, true} {
		path := "/requests.json"
		if xmlFormat {
			path = "/requests.xml"
		}
		list := wantErrors(t, e.post(path, e.form("lat", "", "long", "", "address_string", "12 Lê Lợi")), 400, xmlFormat)
		if !mentions(list, "address_string: names no ward") || !mentions(list, "attribute[ward]") || !mentions(list, "lat and long") {
			t.Errorf("error %+v", list)
		}
	}
	// The definition tells the truth: optional, and how it is found.
	var def struct {
		Attributes []struct {
			Code                string `json:"code"`
			Required            bool   `json:"required"`
			DatatypeDescription string `json:"datatype_description"`
		} `json:"attributes"`
	}
	e.get("/services/land.json").json(t, 200, &def)
	if len(def.Attributes) != 1 || def.Attributes[0].Required || !strings.Contains(def.Attributes[0].DatatypeDescription, "address_string") {
		t.Errorf("definition %+v", def)
	}
}

// page and page_size slice the answer; without them the spec's 1,000 and
// 90 days hold.
func TestPaging(t *testing.T) {
	e := newEnv(t, Config{})
	e.api.pageSize = 2 // several service pages per Open311 page
	var all []string
	for i := range 7 {
		e.clk.Set(testenv.Monday9.Add(time.Duration(i) * time.Minute))
		all = append(all, e.create())
	}
	slices.Reverse(all)
	pageOf := func(q string) ([]string, string) {
		t.Helper()
		req := httptest.NewRequest("GET", prefix+"/requests.json?"+q, nil)
		res, err := e.app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		var list []jsonRequest
		b, _ := io.ReadAll(res.Body)
		r := response{status: res.StatusCode, contentType: res.Header.Get("Content-Type"), body: b}
		e.checkContract(req, r)
		r.json(t, 200, &list)
		return ids(list), res.Header.Get("Link")
	}
	got, link := pageOf("")
	if !slices.Equal(got, all) || link != "" {
		t.Fatalf("default: %v (Link %q), want all %v", got, link, all)
	}
	got, link = pageOf("page_size=3")
	if !slices.Equal(got, all[:3]) || !strings.Contains(link, "page=2") || !strings.Contains(link, `rel="next"`) {
		t.Fatalf("page 1: %v Link %q", got, link)
	}
	got, link = pageOf("page=2&page_size=3")
	if !slices.Equal(got, all[3:6]) || !strings.Contains(link, "page=3") {
		t.Fatalf("page 2: %v Link %q", got, link)
	}
	got, link = pageOf("page=3&page_size=3")
	if !slices.Equal(got, all[6:]) || link != "" {
		t.Fatalf("page 3: %v Link %q", got, link)
	}
	got, _ = pageOf("page=9&page_size=3")
	if len(got) != 0 {
		t.Fatalf("page 9: %v", got)
	}
	// The paged view follows the filters.
	got, _ = pageOf("page=2&page_size=1&status=open")
	if !slices.Equal(got, all[1:2]) {
		t.Fatalf("filtered page: %v", got)
	}
	for q, want := range map[string]string{"page=0": "page:", "page=x": "page:", "page_size=1001": "use 1 to 1000", "page_size=0": "page_size:"} {
		if list := wantErrors(t, e.get("/requests.xml?"+q), 400, true); !mentions(list, want) {
			t.Errorf("%s: %+v", q, list)
		}
	}
	// The 90 days hold: a request older than that is not listed.
	e.clk.Set(testenv.Monday9.Add(91 * 24 * time.Hour))
	if got, _ := pageOf("page_size=10"); len(got) != 0 {
		t.Fatalf("after 91 days: %v", got)
	}
}

// key_service tells a developer how to get a key.
func TestKeyServiceSaysHowToGetAKey(t *testing.T) {
	e := newEnv(t, Config{})
	var d clientDiscovery
	e.get("/discovery.json").json(t, 200, &d)
	for _, want := range []string{"POST /api/v1/api-keys", "X-API-Key", "api_key", baseURL + "/api/openapi.json"} {
		if !strings.Contains(d.KeyService, want) {
			t.Errorf("key_service lacks %q: %s", want, d.KeyService)
		}
	}
}
