package server

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"log/slog"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/open311"
	"github.com/civicdesk/civicdesk/server/web"
)

// newSiteEnv is a server as cmd builds it: the REST API, the real Open311
// endpoint and the web pages, with the default limits unless tweak sets
// others. It returns the env and an Open311 client's API key.
func newSiteEnv(t *testing.T, tweak func(*Config)) (*env, string) {
	t.Helper()
	svc, st, clk := testenv.Service(t, nil)
	api := open311.New(svc, open311.Config{BaseURL: "https://phananh.example.vn", Now: clk.Now})
	cfg := Config{Idempotency: st, Clock: clk, Mounts: []Mount{
		{Prefix: open311.DefaultPath, Register: api.Mount, Paths: api.Paths(open311.DefaultPath), Fail: api.Fail},
		{Prefix: "/", Register: func(r fiber.Router) { web.Mount(r) }, Unlimited: web.Unlimited},
	}}
	if tweak != nil {
		tweak(&cfg)
	}
	logs := &bytes.Buffer{}
	e := &env{t: t, svc: svc, st: st, clk: clk, srv: New(cfg, svc, slog.New(slog.NewTextHandler(logs, nil))),
		tokens: map[string]string{}, users: map[string]*models.User{}, logs: logs}
	secret, _, err := svc.CreateOpen311ClientKey(context.Background(), testenv.Admin(), "open311 client")
	if err != nil {
		t.Fatal(err)
	}
	return e, secret
}

// post311 files an Open311 request as a form, the key in the form.
func (e *env) post311(form url.Values, headers map[string]string) answer {
	e.t.Helper()
	req := httptest.NewRequest("POST", "/open311/v2/requests.json", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return e.send(req)
}

// post311Multipart files an Open311 request as multipart/form-data (the
// CUTR/OneBusAway client's way).
func (e *env) post311Multipart(fields map[string]string) answer {
	e.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	_ = w.Close()
	req := httptest.NewRequest("POST", "/open311/v2/requests.xml", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return e.send(req)
}

func report(key string) url.Values {
	return url.Values{"api_key": {key}, "service_code": {"infrastructure"}, "lat": {"16.47"}, "long": {"107.53"},
		"description": {"Đèn đường hỏng trước nhà số 5 kiệt 12"}}
}

// Three Open311 clients (FixMyStreet's XML one, the CUTR JSON/multipart
// one and the SeeClickFix validator, about 55 requests each) share one
// organisation's key and run in the same second: none gets a 429.
func TestThreeOpen311ClientsInOneSecondFromOneKey(t *testing.T) {
	e, key := newSiteEnv(t, nil)
	q := "?api_key=" + url.QueryEscape(key)
	n := 0
	check := func(a answer) {
		t.Helper()
		n++
		if a.status == 429 || a.status >= 500 {
			t.Fatalf("request %d: %d %s", n, a.status, a.body)
		}
	}
	for client := range 3 {
		for i := range 50 {
			switch i % 5 {
			case 0:
				check(e.do("GET", "/open311/v2/discovery.xml"+q, nil, nil).want(200))
			case 1:
				check(e.do("GET", "/open311/v2/services.xml"+q, nil, nil).want(200))
			case 2:
				check(e.do("GET", "/open311/v2/services/infrastructure.json"+q, nil, nil).want(200))
			case 3:
				// The key in the header, as the README tells organisations.
				check(e.do("GET", "/open311/v2/requests.json", map[string]string{"X-API-Key": key}, nil).want(200))
			default:
				check(e.do("GET", "/open311/v2/requests.xml"+q, nil, nil).want(200))
			}
		}
		for range 2 {
			check(e.post311(report(key), nil).want(200))
		}
		f := map[string]string{}
		for k, v := range report(key) {
			f[k] = v[0]
		}
		check(e.post311Multipart(f).want(200))
		if client == 0 {
			check(e.post311(report(key), nil).want(200))
			check(e.post311(report(key), nil).want(200))
		}
	}
	if n < 3*53 {
		t.Fatalf("only %d requests sent", n)
	}
	// They drew on the key's allowance, not on their address's.
	for range 5 {
		e.do("GET", "/open311/v2/services.json", nil, nil).want(200)
	}
}

// An anonymous flood from one address is limited; a client with a key,
// from the same address, is not affected; the 429 is Open311's JSON error
// list with Retry-After.
func TestAnonymousFloodIsLimitedWithoutAffectingKeyedClients(t *testing.T) {
	e, key := newSiteEnv(t, nil)
	limited := 0
	var last answer
	for range 300 {
		a := e.do("GET", "/open311/v2/services.json", nil, nil)
		if a.status == 429 {
			limited++
			last = a
		} else {
			a.want(200)
		}
	}
	if limited < 150 {
		t.Fatalf("%d of 300 anonymous requests in one instant limited; the flood was not stopped", limited)
	}
	if last.header.Get("Retry-After") == "" || !strings.HasPrefix(last.header.Get("Content-Type"), "application/json") {
		t.Errorf("429 headers: %v", last.header)
	}
	var list []struct {
		Code        int    `json:"code"`
		Description string `json:"description"`
	}
	if err := json.Unmarshal(last.body, &list); err != nil || len(list) != 1 || list[0].Code != 429 || !strings.Contains(list[0].Description, "too many") {
		t.Errorf("429 body is not an Open311 error list: %s (%v)", last.body, err)
	}
	e.do("GET", "/open311/v2/services.json?api_key="+url.QueryEscape(key), nil, nil).want(200)
	e.do("GET", "/open311/v2/requests.json", map[string]string{"X-API-Key": key}, nil).want(200)
	e.post311(report(key), nil).want(200)
	e.do("GET", "/api/v1/auth/me", map[string]string{"X-API-Key": key}, nil).want(200)
	// The REST API's own routes answer the API's error shape.
	a := e.do("GET", "/api/v1/public/catalogue", nil, nil).want(429)
	if a.errorCode() != "rate_limited" {
		t.Errorf("REST 429: %s", a.body)
	}
	// Pages and static files are never limited, and the anonymous
	// allowance comes back with time.
	for _, p := range []string{"/", "/dashboard", "/issues/KL-26-00001", "/assets/app.css", "/assets/v-" + web.Version + "/js/api.js"} {
		e.do("GET", p, nil, nil).want(200)
	}
	e.clk.Advance(time.Second)
	e.do("GET", "/open311/v2/services.json", nil, nil).want(200)
}

func TestOpen311XMLRoutesAnswer429InXML(t *testing.T) {
	e, _ := newSiteEnv(t, func(c *Config) { c.IPRate = RateLimit{PerMinute: 60, Burst: 2} })
	e.do("GET", "/open311/v2/services.xml", nil, nil).want(200)
	e.do("GET", "/open311/v2/requests/KL-26-00001.xml", nil, nil).want(404)
	a := e.do("GET", "/open311/v2/services.xml", nil, nil).want(429)
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		t.Errorf("429 Content-Type %q, want text/xml", ct)
	}
	if a.header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After %q", a.header.Get("Retry-After"))
	}
	var doc struct {
		XMLName xml.Name `xml:"errors"`
		Errors  []struct {
			Code        int    `xml:"code"`
			Description string `xml:"description"`
		} `xml:"error"`
	}
	if err := xml.Unmarshal(a.body, &doc); err != nil || len(doc.Errors) != 1 || doc.Errors[0].Code != 429 {
		t.Errorf("429 body is not Open311 XML errors: %s (%v)", a.body, err)
	}
	// A POST to an .xml resource too (the body is not read first).
	a = e.post311(url.Values{"service_code": {"x"}}, nil)
	if a.status != 429 {
		t.Fatalf("POST: %d", a.status)
	}
}

// A key draws on one allowance whichever way it is sent: header, query,
// form or multipart parameter.
func TestOneKeyOneAllowanceWhicheverWayItArrives(t *testing.T) {
	e, key := newSiteEnv(t, func(c *Config) { c.KeyRate = RateLimit{PerMinute: 60, Burst: 4} })
	e.do("GET", "/open311/v2/services.json", map[string]string{"X-API-Key": key}, nil).want(200)
	e.do("GET", "/open311/v2/services.json?api_key="+url.QueryEscape(key), nil, nil).want(200)
	e.post311(report(key), nil).want(200)
	e.post311Multipart(map[string]string{"api_key": key, "service_code": "infrastructure", "lat": "16.47", "long": "107.53",
		"description": "Đèn đường hỏng trước nhà số 7 kiệt 12"}).want(200)
	a := e.do("GET", "/open311/v2/services.json?api_key="+url.QueryEscape(key), nil, nil).want(429)
	if !strings.HasPrefix(a.header.Get("Content-Type"), "application/json") {
		t.Errorf("Content-Type %q", a.header.Get("Content-Type"))
	}
	// A session token is a credential too, with its own allowance.
	tok := e.auth("monitor")
	e.do("GET", "/api/v1/auth/me", tok, nil).want(200)
}

// Guessing keys through Open311's api_key draws on the guessing allowance
// of the address, like wrong tokens on the REST API.
func TestWrongOpen311KeysAreLimited(t *testing.T) {
	e, key := newSiteEnv(t, func(c *Config) { c.LoginRate = RateLimit{PerMinute: 2, Burst: 2} })
	for i := range 2 {
		e.post311(report("cdk_guess"+string(rune('a'+i))), nil).want(403)
	}
	e.post311(report("cdk_guessc"), nil).want(429)
	// Once the allowance is back, the right key works.
	e.clk.Advance(time.Minute)
	e.post311(report(key), nil).want(200)
}

// X-Forwarded-For is believed only from trusted proxies, and read from
// the right so a client cannot invent its address.
func TestTrustedProxies(t *testing.T) {
	get := func(e *env, xff string) int {
		return e.do("GET", "/api/v1/public/catalogue", map[string]string{"X-Forwarded-For": xff}, nil).status
	}
	// The test connection comes from 0.0.0.0.
	e, _ := newSiteEnv(t, func(c *Config) {
		c.IPRate = RateLimit{PerMinute: 60, Burst: 1}
		c.TrustedProxies = []string{"0.0.0.0/32", "10.0.0.0/8"}
	})
	if get(e, "203.0.113.1") != 200 || get(e, "203.0.113.2") != 200 {
		t.Fatal("two visitors behind the proxy share one allowance")
	}
	if get(e, "203.0.113.1") != 429 {
		t.Error("a visitor behind the proxy is not limited")
	}
	// The client wrote 198.51.100.7; the proxies saw 203.0.113.1.
	if get(e, "198.51.100.7, 203.0.113.1, 10.1.2.3") != 429 {
		t.Error("an invented leftmost address escaped the limit")
	}

	// Without trusted proxies the header is ignored.
	e2, _ := newSiteEnv(t, func(c *Config) { c.IPRate = RateLimit{PerMinute: 60, Burst: 1} })
	if get(e2, "203.0.113.1") != 200 || get(e2, "203.0.113.2") != 429 {
		t.Error("X-Forwarded-For from an untrusted address was believed")
	}
	if err := CheckTrustedProxies([]string{"10.0.0.0/8", "::1", "2001:db8::/32"}); err != nil {
		t.Error(err)
	}
	if err := CheckTrustedProxies([]string{"10.0.0.0/33"}); err == nil {
		t.Error("a wrong CIDR was accepted")
	}
}

// Assets are versioned and cached for a year; pages link the versioned
// URLs and are revalidated.
func TestStaticAssetsAreCachedAndVersioned(t *testing.T) {
	e, _ := newSiteEnv(t, func(c *Config) { c.IPRate = RateLimit{PerMinute: 60, Burst: 1} })
	page := e.do("GET", "/", nil, nil).want(200)
	if !strings.Contains(string(page.body), `"/assets/v-`+web.Version+`/js/portal.js"`) {
		t.Fatalf("the portal does not link versioned assets")
	}
	if cc := page.header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("page Cache-Control %q", cc)
	}
	for range 30 {
		a := e.do("GET", "/assets/v-"+web.Version+"/app.css", nil, nil).want(200)
		if cc := a.header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") || !strings.Contains(cc, "immutable") {
			t.Fatalf("versioned asset Cache-Control %q", cc)
		}
	}
	if cc := e.do("GET", "/assets/v-0123abcd/app.css", nil, nil).want(200).header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("another version's asset Cache-Control %q", cc)
	}
}

// An anonymous visitor browsing 30 pages, one a second, never hits the
// limit with the defaults: pages and their assets are free, and each page
// costs only its few API calls (issue #8).
func TestBrowsingThirtyPagesAnonymously(t *testing.T) {
	e, _ := newSiteEnv(t, nil)
	code := e.newIssue()["code"].(string)
	assetRef := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`)
	pages := []struct {
		path string
		api  []string // the calls the page's scripts make
	}{
		{"/", []string{"/api/v1/public/catalogue", "/api/v1/public/stats?group_by=level", "/api/v1/public/stats?group_by=department,level", "/api/v1/public/issues"}},
		{"/issues/" + code, []string{"/api/v1/public/catalogue", "/api/v1/public/issues/" + code}},
	}
	for i := range 30 {
		p := pages[i%2]
		html := e.do("GET", p.path, nil, nil).want(200)
		for _, m := range assetRef.FindAllStringSubmatch(string(html.body), -1) {
			e.do("GET", m[1], nil, nil).want(200)
		}
		for _, call := range p.api {
			if a := e.do("GET", call, nil, nil); a.status != 200 {
				t.Fatalf("page %d (%s): %s answered %d: %s", i+1, p.path, call, a.status, a.body)
			}
		}
		e.clk.Advance(time.Second)
	}
}
