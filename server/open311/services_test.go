package open311

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/internal/testenv"
)

type clientDiscovery struct {
	XMLName        xml.Name `xml:"discovery" json:"-"`
	Changeset      string   `xml:"changeset" json:"changeset"`
	Contact        string   `xml:"contact" json:"contact"`
	KeyService     string   `xml:"key_service" json:"key_service"`
	JurisdictionID string   `xml:"jurisdiction_id" json:"jurisdiction_id"`
	Endpoints      []struct {
		Specification string   `xml:"specification" json:"specification"`
		URL           string   `xml:"url" json:"url"`
		Changeset     string   `xml:"changeset" json:"changeset"`
		Type          string   `xml:"type" json:"type"`
		Formats       []string `xml:"formats>format" json:"formats"`
	} `xml:"endpoints>endpoint" json:"endpoints"`
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t, Config{Contact: "UBND phường Kim Long", KeyService: "Liên hệ quản trị"})
	var j, x clientDiscovery
	e.get("/discovery.json").json(t, 200, &j)
	e.get("/discovery.xml").xml(t, 200, &x)
	x.XMLName = xml.Name{}
	for _, d := range []clientDiscovery{j, x} {
		if d.Changeset != "2026-11-23T09:00:00+07:00" || d.Contact != "UBND phường Kim Long" || d.KeyService != "Liên hệ quản trị" {
			t.Fatalf("discovery %+v", d)
		}
		// One endpoint per format: clients that choose by format find theirs.
		if len(d.Endpoints) != 2 {
			t.Fatalf("endpoints %+v", d.Endpoints)
		}
		var formats []string
		for _, ep := range d.Endpoints {
			if ep.Specification != "http://wiki.open311.org/GeoReport_v2" || ep.URL != baseURL+"/open311/v2" ||
				ep.Type != "production" || ep.Changeset != d.Changeset || len(ep.Formats) != 1 {
				t.Fatalf("endpoint %+v", ep)
			}
			formats = append(formats, ep.Formats[0])
		}
		if strings.Join(formats, ",") != "text/xml,application/json" {
			t.Fatalf("formats %v", formats)
		}
	}
}

// The changeset tells clients to reload the service list, so it must move
// when an admin changes the catalogue, and only then.
func TestDiscoveryChangesetFollowsCatalogue(t *testing.T) {
	e := newEnv(t, Config{})
	changeset := func() string {
		var d clientDiscovery
		e.get("/discovery.json").json(t, 200, &d)
		return d.Changeset
	}
	e.clk.Advance(time.Hour)
	if got := changeset(); got != "2026-11-23T09:00:00+07:00" {
		t.Fatalf("changeset moved without a catalogue change: %s", got)
	}
	cat := catalogue.Default()
	cat.Categories[0].NameVI += " (sửa)"
	if _, err := e.svc.UpdateCatalogue(context.Background(), testenv.Admin(), cat, e.svc.CatalogueVersion()); err != nil {
		t.Fatal(err)
	}
	if got := changeset(); got != "2026-11-23T10:00:00+07:00" {
		t.Fatalf("changeset after the catalogue change: %s", got)
	}
}

type clientService struct {
	Code        string `xml:"service_code" json:"service_code"`
	Name        string `xml:"service_name" json:"service_name"`
	Description string `xml:"description" json:"description"`
	Metadata    bool   `xml:"metadata" json:"metadata"`
	Type        string `xml:"type" json:"type"`
	Keywords    string `xml:"keywords" json:"keywords"`
	Group       string `xml:"group" json:"group"`
}

func TestServices(t *testing.T) {
	e := newEnv(t, Config{})
	var j []clientService
	e.get("/services.json").json(t, 200, &j)
	var x struct {
		XMLName  xml.Name        `xml:"services"`
		Services []clientService `xml:"service"`
	}
	e.get("/services.xml").xml(t, 200, &x)

	cat := e.svc.Catalogue()
	for _, list := range [][]clientService{j, x.Services} {
		if len(list) != len(cat.Categories) {
			t.Fatalf("%d services for %d categories", len(list), len(cat.Categories))
		}
		byCode := map[string]clientService{}
		for i, s := range list {
			if s.Code != cat.Categories[i].Code {
				t.Fatalf("service %d is %q, category %q", i, s.Code, cat.Categories[i].Code)
			}
			if s.Type != "realtime" || !s.Metadata {
				t.Fatalf("service %+v", s)
			}
			byCode[s.Code] = s
		}
		env := byCode["environment"]
		k, _ := cat.Category("environment")
		if env.Name != "Môi trường, rác thải" || env.Group != "ward" ||
			!strings.Contains(env.Description, k.HintVI) || !strings.Contains(env.Description, k.HintEN) ||
			!strings.Contains(env.Description, "Environment and waste") {
			t.Fatalf("environment %+v", env)
		}
		if env.Keywords != "Environment and waste, moi truong, rac thai" {
			t.Fatalf("keywords %q", env.Keywords)
		}
		if byCode["heritage"].Group != "city" {
			t.Fatalf("heritage %+v", byCode["heritage"])
		}
	}
}

type clientDefinition struct {
	XMLName    xml.Name `xml:"service_definition" json:"-"`
	Code       string   `xml:"service_code" json:"service_code"`
	Attributes []struct {
		Variable    bool   `xml:"variable" json:"variable"`
		Code        string `xml:"code" json:"code"`
		Datatype    string `xml:"datatype" json:"datatype"`
		Required    bool   `xml:"required" json:"required"`
		Order       int    `xml:"order" json:"order"`
		Description string `xml:"description" json:"description"`
		Values      []struct {
			Key  string `xml:"key" json:"key"`
			Name string `xml:"name" json:"name"`
		} `xml:"values>value" json:"values"`
	} `xml:"attributes>attribute" json:"attributes"`
}

func TestServiceDefinition(t *testing.T) {
	e := newEnv(t, Config{})
	var j, x clientDefinition
	e.get("/services/environment.json").json(t, 200, &j)
	e.get("/services/environment.xml").xml(t, 200, &x)
	for _, d := range []clientDefinition{j, x} {
		if d.Code != "environment" || len(d.Attributes) != 1 {
			t.Fatalf("definition %+v", d)
		}
		a := d.Attributes[0]
		if a.Code != "ward" || a.Datatype != "singlevaluelist" || a.Required || !a.Variable || a.Order != 1 || a.Description == "" {
			t.Fatalf("attribute %+v", a)
		}
		if len(a.Values) != 3 || a.Values[0].Key != "kim-long" || a.Values[0].Name != "Kim Long" {
			t.Fatalf("values %+v", a.Values)
		}
	}
}

func TestServiceDefinitionUnknown(t *testing.T) {
	e := newEnv(t, Config{})
	for _, xmlFormat := range []bool{false, true} {
		path := "/services/potholes.json"
		if xmlFormat {
			path = "/services/potholes.xml"
		}
		list := wantErrors(t, e.get(path), 404, xmlFormat)
		if !mentions(list, `"potholes"`) {
			t.Fatalf("errors %+v", list)
		}
	}
}

// A format other than xml and json is not a resource of the endpoint; the
// error comes in XML, the format every client understands.
func TestUnknownFormat(t *testing.T) {
	e := newEnv(t, Config{})
	for _, path := range []string{"/discovery.yaml", "/services.csv", "/services/environment.html", "/requests.csv", "/requests/KL-26-00001.txt"} {
		list := wantErrors(t, e.get(path), 404, true)
		if !mentions(list, "not supported") {
			t.Fatalf("%s: %+v", path, list)
		}
	}
	list := wantErrors(t, e.post("/requests.csv", e.form()), 404, true)
	if !mentions(list, "not supported") {
		t.Fatalf("POST: %+v", list)
	}
}
