package open311

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/routers"
	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/service"
)

const (
	baseURL = "https://phananh.example.vn"
	prefix  = "/open311/v2"
)

// Points inside the default catalogue's wards, and one outside the city.
var (
	kimLong  = [2]string{"16.47", "107.54"}
	phuXuan  = [2]string{"16.48", "107.58"}
	thuanHoa = [2]string{"16.45", "107.59"}
	hanoi    = [2]string{"21.03", "105.85"}
)

// env is a real Fiber app with the endpoint mounted at /open311/v2 over a
// fresh embedded database.
type env struct {
	t   *testing.T
	svc *service.Service
	clk *testenv.Clock
	api *API
	app *fiber.App
	key string
	// contract routes requests by the endpoint's OpenAPI document.
	contract routers.Router
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	svc, _, clk := testenv.Service(t, nil)
	secret, _, err := svc.CreateOpen311ClientKey(context.Background(), testenv.Admin(), "open311 client")
	if err != nil {
		t.Fatalf("create api key: %v", err)
	}
	cfg.BaseURL = baseURL
	if cfg.Now == nil {
		cfg.Now = clk.Now
	}
	app := fiber.New()
	api := Mount(app.Group(prefix), svc, cfg)
	return &env{t: t, svc: svc, clk: clk, api: api, app: app, key: secret}
}

type response struct {
	status      int
	contentType string
	body        []byte
}

func (e *env) do(method, path, contentType string, body io.Reader) response {
	e.t.Helper()
	req := httptest.NewRequest(method, prefix+path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := e.app.Test(req, -1)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatalf("read body: %v", err)
	}
	r := response{status: res.StatusCode, contentType: res.Header.Get("Content-Type"), body: b}
	e.checkContract(req, r)
	return r
}

func (e *env) get(path string) response { return e.do("GET", path, "", nil) }

// doHeaders sends a request with a string body and extra headers.
func (e *env) doHeaders(method, path, contentType, body string, headers map[string]string) response {
	e.t.Helper()
	req := httptest.NewRequest(method, prefix+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := e.app.Test(req, -1)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, contentType: res.Header.Get("Content-Type"), body: b}
	e.checkContract(req, r)
	return r
}

func (e *env) post(path string, form url.Values) response {
	return e.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// postMultipart sends fields and files (all under the "media" name).
func (e *env) postMultipart(path string, form url.Values, files ...[]byte) response {
	e.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				e.t.Fatal(err)
			}
		}
	}
	for i, f := range files {
		part, err := w.CreateFormFile("media", "photo"+string(rune('0'+i))+".png")
		if err != nil {
			e.t.Fatal(err)
		}
		_, _ = part.Write(f)
	}
	if err := w.Close(); err != nil {
		e.t.Fatal(err)
	}
	return e.do("POST", path, w.FormDataContentType(), &buf)
}

// form is a valid request in Kim Long with the test key; pairs override or
// add fields ("" deletes one).
func (e *env) form(pairs ...string) url.Values {
	v := url.Values{
		"api_key":      {e.key},
		"service_code": {"environment"},
		"lat":          {kimLong[0]},
		"long":         {kimLong[1]},
		"description":  {"Rác ùn ứ trước cổng chùa\nĐã ba ngày chưa được thu gom."},
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			v.Del(pairs[i])
		} else {
			v.Set(pairs[i], pairs[i+1])
		}
	}
	return v
}

// create files a request and returns its id, failing the test otherwise.
func (e *env) create(pairs ...string) string {
	e.t.Helper()
	res := e.post("/requests.json", e.form(pairs...))
	var out []jsonCreated
	res.json(e.t, 200, &out)
	if len(out) != 1 || out[0].ID == "" {
		e.t.Fatalf("create: %s", res.body)
	}
	return out[0].ID
}

func (r response) json(t *testing.T, status int, v any) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if r.contentType != contentJSON {
		t.Fatalf("content type %q", r.contentType)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, r.body)
	}
}

func (r response) xml(t *testing.T, status int, v any) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if r.contentType != contentXML {
		t.Fatalf("content type %q", r.contentType)
	}
	if !bytes.HasPrefix(r.body, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Fatalf("no XML declaration: %s", r.body)
	}
	if err := xml.Unmarshal(r.body, v); err != nil {
		t.Fatalf("not XML: %v: %s", err, r.body)
	}
}

// The types below are written the way a client would write them from the
// spec, independently of the server's.

type jsonCreated struct {
	ID            string  `json:"service_request_id"`
	ServiceNotice *string `json:"service_notice"`
	AccountID     *string `json:"account_id"`
}

type jsonRequest struct {
	ID                string   `json:"service_request_id"`
	Status            string   `json:"status"`
	StatusNotes       *string  `json:"status_notes"`
	ServiceName       *string  `json:"service_name"`
	ServiceCode       string   `json:"service_code"`
	Description       *string  `json:"description"`
	AgencyResponsible *string  `json:"agency_responsible"`
	ServiceNotice     *string  `json:"service_notice"`
	RequestedDatetime string   `json:"requested_datetime"`
	UpdatedDatetime   *string  `json:"updated_datetime"`
	ExpectedDatetime  *string  `json:"expected_datetime"`
	Address           *string  `json:"address"`
	AddressID         *string  `json:"address_id"`
	Zipcode           *string  `json:"zipcode"`
	Lat               *float64 `json:"lat"`
	Long              *float64 `json:"long"`
	MediaURL          *string  `json:"media_url"`
}

type xmlRequest struct {
	ID                string `xml:"service_request_id"`
	Status            string `xml:"status"`
	StatusNotes       string `xml:"status_notes"`
	ServiceName       string `xml:"service_name"`
	ServiceCode       string `xml:"service_code"`
	Description       string `xml:"description"`
	AgencyResponsible string `xml:"agency_responsible"`
	ServiceNotice     string `xml:"service_notice"`
	RequestedDatetime string `xml:"requested_datetime"`
	UpdatedDatetime   string `xml:"updated_datetime"`
	ExpectedDatetime  string `xml:"expected_datetime"`
	Address           string `xml:"address"`
	AddressID         string `xml:"address_id"`
	Zipcode           string `xml:"zipcode"`
	Lat               string `xml:"lat"`
	Long              string `xml:"long"`
	MediaURL          string `xml:"media_url"`
	AccountID         string `xml:"account_id"`
}

type xmlRequests struct {
	XMLName  xml.Name     `xml:"service_requests"`
	Requests []xmlRequest `xml:"request"`
}

type clientError struct {
	Code        int    `json:"code" xml:"code"`
	Description string `json:"description" xml:"description"`
}

type xmlErrors struct {
	XMLName xml.Name      `xml:"errors"`
	Errors  []clientError `xml:"error"`
}

// wantErrors checks an error answer in either format and returns it.
func wantErrors(t *testing.T, r response, status int, xmlFormat bool) []clientError {
	t.Helper()
	var list []clientError
	if xmlFormat {
		var x xmlErrors
		r.xml(t, status, &x)
		list = x.Errors
	} else {
		r.json(t, status, &list)
	}
	if len(list) == 0 {
		t.Fatalf("no errors in %s", r.body)
	}
	for _, e := range list {
		if e.Code != status || e.Description == "" {
			t.Fatalf("error %+v in a %d answer", e, status)
		}
	}
	return list
}

// mentions reports whether some error's description contains s.
func mentions(list []clientError, s string) bool {
	for _, e := range list {
		if strings.Contains(e.Description, s) {
			return true
		}
	}
	return false
}

func ids(list []jsonRequest) []string {
	out := make([]string, len(list))
	for i, r := range list {
		out[i] = r.ID
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

var pngBytes = pngOf(64)

// pngBytes is n bytes of image data in a PNG's chunk layout (IHDR, IDAT,
// IEND): what the service's checks read. The pixels need not decode.
func pngOf(n int) []byte { return testenv.PNG(n) }
