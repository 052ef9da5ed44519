package open311

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// georeportClient works the way typical Open311 apps do: it reads the
// endpoint from discovery, picks a service from the list, POSTs a form,
// keeps the service_request_id and polls requests/{id} later, with no
// knowledge of civicdesk. It knows only the root URL it was configured with.
type georeportClient struct {
	t      *testing.T
	app    *fiber.App
	root   string // the endpoint URL from discovery
	apiKey string
	json   bool
}

func (c *georeportClient) do(req *http.Request) []byte {
	c.t.Helper()
	res, err := c.app.Test(req, -1)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		c.t.Fatalf("%s %s: %d %s", req.Method, req.URL, res.StatusCode, b)
	}
	return b
}

func (c *georeportClient) ext() string {
	if c.json {
		return ".json"
	}
	return ".xml"
}

func (c *georeportClient) decode(b []byte, v any) {
	c.t.Helper()
	var err error
	if c.json {
		err = json.Unmarshal(b, v)
	} else {
		err = xml.Unmarshal(b, v)
	}
	if err != nil {
		c.t.Fatalf("decode: %v: %s", err, b)
	}
}

// discover finds the GeoReport v2 endpoint in the discovery document.
func (c *georeportClient) discover(discoveryURL string) {
	var d struct {
		Endpoints []struct {
			Specification string   `xml:"specification" json:"specification"`
			URL           string   `xml:"url" json:"url"`
			Formats       []string `xml:"formats>format" json:"formats"`
		} `xml:"endpoints>endpoint" json:"endpoints"`
	}
	c.decode(c.do(httptest.NewRequest("GET", discoveryURL+c.ext(), nil)), &d)
	for _, ep := range d.Endpoints {
		if ep.Specification == "http://wiki.open311.org/GeoReport_v2" {
			c.root = ep.URL
			return
		}
	}
	c.t.Fatalf("no GeoReport v2 endpoint in %+v", d)
}

type clientServiceList struct {
	Services []struct {
		Code string `xml:"service_code" json:"service_code"`
		Name string `xml:"service_name" json:"service_name"`
	} `xml:"service"`
}

func (c *georeportClient) serviceCodes() []string {
	var list clientServiceList
	b := c.do(httptest.NewRequest("GET", c.root+"/services"+c.ext(), nil))
	if c.json {
		c.decode(b, &list.Services)
	} else {
		c.decode(b, &list)
	}
	var out []string
	for _, s := range list.Services {
		out = append(out, s.Code)
	}
	return out
}

func (c *georeportClient) submit(serviceCode string, lat, long float64, desc string) string {
	form := url.Values{
		"api_key":      {c.apiKey},
		"service_code": {serviceCode},
		"lat":          {strconv.FormatFloat(lat, 'f', -1, 64)},
		"long":         {strconv.FormatFloat(long, 'f', -1, 64)},
		"description":  {desc},
		// Typical apps send every field, empty or not.
		"address_string": {""}, "email": {""}, "first_name": {""}, "last_name": {""}, "phone": {""}, "media_url": {""},
		"device_id": {"ios-abc"},
	}
	req := httptest.NewRequest("POST", c.root+"/requests"+c.ext(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var list struct {
		Requests []struct {
			ID string `xml:"service_request_id" json:"service_request_id"`
		} `xml:"request"`
	}
	b := c.do(req)
	if c.json {
		c.decode(b, &list.Requests)
	} else {
		c.decode(b, &list)
	}
	if len(list.Requests) != 1 || list.Requests[0].ID == "" {
		c.t.Fatalf("no service_request_id in %s", b)
	}
	return list.Requests[0].ID
}

// clientView is what apps show: parsed by hand from strings, as apps that
// support both formats do.
type clientView struct {
	ID, Status, ServiceCode, Description, Agency string
	Requested                                    time.Time
	Lat, Long                                    float64
}

func (c *georeportClient) track(id string) clientView {
	b := c.do(httptest.NewRequest("GET", c.root+"/requests/"+url.PathEscape(id)+c.ext(), nil))
	var v clientView
	if c.json {
		var list []map[string]any
		c.decode(b, &list)
		if len(list) != 1 {
			c.t.Fatalf("want one request: %s", b)
		}
		r := list[0]
		v = clientView{ID: r["service_request_id"].(string), Status: r["status"].(string), ServiceCode: r["service_code"].(string),
			Description: r["description"].(string), Agency: r["agency_responsible"].(string), Lat: r["lat"].(float64), Long: r["long"].(float64)}
		v.Requested, _ = time.Parse(time.RFC3339, r["requested_datetime"].(string))
	} else {
		var list xmlRequests
		c.decode(b, &list)
		if len(list.Requests) != 1 {
			c.t.Fatalf("want one request: %s", b)
		}
		r := list.Requests[0]
		v = clientView{ID: r.ID, Status: r.Status, ServiceCode: r.ServiceCode, Description: r.Description, Agency: r.AgencyResponsible}
		v.Requested, _ = time.Parse(time.RFC3339, r.RequestedDatetime)
		v.Lat, _ = strconv.ParseFloat(r.Lat, 64)
		v.Long, _ = strconv.ParseFloat(r.Long, 64)
	}
	return v
}

func TestTypicalClient(t *testing.T) {
	e := newEnv(t, Config{})
	var views []clientView
	for _, useJSON := range []bool{false, true} {
		c := &georeportClient{t: t, app: e.app, apiKey: e.key, json: useJSON}
		c.discover(prefix + "/discovery")
		if c.root != baseURL+prefix {
			t.Fatalf("endpoint %q", c.root)
		}
		// The client was configured with the public URL; in the test the
		// app is reached by path.
		c.root = strings.TrimPrefix(c.root, baseURL)
		codes := c.serviceCodes()
		if len(codes) == 0 || codes[0] != e.svc.Catalogue().Categories[0].Code {
			t.Fatalf("services %v", codes)
		}
		id := c.submit("infrastructure", 16.47, 107.54, "Đèn đường trước nhà vườn An Hiên bị tắt.")
		v := c.track(id)
		want := clientView{ID: id, Status: "open", ServiceCode: "infrastructure", Description: "Đèn đường trước nhà vườn An Hiên bị tắt.",
			Agency: "Phòng Kinh tế, Hạ tầng và Đô thị phường Kim Long", Lat: 16.47, Long: 107.54}
		if !v.Requested.Equal(e.clk.Now()) {
			t.Fatalf("requested %v, clock %v", v.Requested, e.clk.Now())
		}
		v.Requested = time.Time{}
		if v != want {
			t.Fatalf("json=%v:\n got %+v\nwant %+v", useJSON, v, want)
		}
		views = append(views, v)
	}
	if views[0].ID == views[1].ID {
		t.Fatal("two submissions got one id")
	}
}
