package open311

import (
	"encoding/json"
	"encoding/xml"
	"strconv"
)

// The types here are the documents of the spec, field for field and in the
// spec's order. One struct serves both formats: JSON gets the list itself,
// XML gets it wrapped in the spec's root element.

// text is a string that is null in JSON when empty, as in the spec's
// examples, and an empty element in XML, as in the spec's examples.
type text string

func (t text) MarshalJSON() ([]byte, error) {
	if t == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(t))
}

// number is an optional coordinate: a JSON number or null, XML digits or an
// empty element.
type number struct {
	v  float64
	ok bool
}

func some(f *float64) number {
	if f == nil {
		return number{}
	}
	return number{v: *f, ok: true}
}

func (n number) String() string {
	if !n.ok {
		return ""
	}
	return strconv.FormatFloat(n.v, 'f', -1, 64)
}

func (n number) MarshalJSON() ([]byte, error) {
	if !n.ok {
		return []byte("null"), nil
	}
	return []byte(n.String()), nil
}

func (n number) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return e.EncodeElement(n.String(), start)
}

type discovery struct {
	XMLName    xml.Name `xml:"discovery" json:"-"`
	Changeset  string   `xml:"changeset" json:"changeset"`
	Contact    string   `xml:"contact" json:"contact"`
	KeyService string   `xml:"key_service" json:"key_service"`
	// JurisdictionID is not in the spec's discovery; clients that do not
	// know it skip it, and the others learn the one jurisdiction_id served.
	JurisdictionID string     `xml:"jurisdiction_id,omitempty" json:"jurisdiction_id,omitempty"`
	Endpoints      []endpoint `xml:"endpoints>endpoint" json:"endpoints"`
}

type endpoint struct {
	Specification string   `xml:"specification" json:"specification"`
	URL           string   `xml:"url" json:"url"`
	Changeset     string   `xml:"changeset" json:"changeset"`
	Type          string   `xml:"type" json:"type"`
	Formats       []string `xml:"formats>format" json:"formats"`
}

type serviceInfo struct {
	Code        string `xml:"service_code" json:"service_code"`
	Name        string `xml:"service_name" json:"service_name"`
	Description string `xml:"description" json:"description"`
	Metadata    bool   `xml:"metadata" json:"metadata"`
	Type        string `xml:"type" json:"type"`
	Keywords    string `xml:"keywords" json:"keywords"`
	Group       string `xml:"group" json:"group"`
}

type servicesXML struct {
	XMLName  xml.Name      `xml:"services"`
	Services []serviceInfo `xml:"service"`
}

type serviceDefinition struct {
	XMLName    xml.Name   `xml:"service_definition" json:"-"`
	Code       string     `xml:"service_code" json:"service_code"`
	Attributes attributes `xml:"attributes" json:"attributes"`
}

// attributes is written as <attributes><attribute>… in XML, with the
// wrapper present even when empty, and as a plain array in JSON.
type attributes struct {
	List []attribute `xml:"attribute"`
}

func (a attributes) MarshalJSON() ([]byte, error) {
	if a.List == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(a.List)
}

type attribute struct {
	Variable            bool    `xml:"variable" json:"variable"`
	Code                string  `xml:"code" json:"code"`
	Datatype            string  `xml:"datatype" json:"datatype"`
	Required            bool    `xml:"required" json:"required"`
	DatatypeDescription text    `xml:"datatype_description" json:"datatype_description"`
	Order               int     `xml:"order" json:"order"`
	Description         string  `xml:"description" json:"description"`
	Values              []value `xml:"values>value" json:"values,omitempty"`
}

type value struct {
	Key  string `xml:"key" json:"key"`
	Name string `xml:"name" json:"name"`
}

// request is one service request as GET requests shows it.
type request struct {
	ID                string `xml:"service_request_id" json:"service_request_id"`
	Status            string `xml:"status" json:"status"`
	StatusNotes       text   `xml:"status_notes" json:"status_notes"`
	ServiceName       text   `xml:"service_name" json:"service_name"`
	ServiceCode       string `xml:"service_code" json:"service_code"`
	Description       text   `xml:"description" json:"description"`
	AgencyResponsible text   `xml:"agency_responsible" json:"agency_responsible"`
	ServiceNotice     text   `xml:"service_notice" json:"service_notice"`
	RequestedDatetime string `xml:"requested_datetime" json:"requested_datetime"`
	UpdatedDatetime   text   `xml:"updated_datetime" json:"updated_datetime"`
	ExpectedDatetime  text   `xml:"expected_datetime" json:"expected_datetime"`
	Address           text   `xml:"address" json:"address"`
	AddressID         text   `xml:"address_id" json:"address_id"`
	Zipcode           text   `xml:"zipcode" json:"zipcode"`
	Lat               number `xml:"lat" json:"lat"`
	Long              number `xml:"long" json:"long"`
	MediaURL          text   `xml:"media_url" json:"media_url"`
}

// created is the answer to POST requests.
type created struct {
	ID            string `xml:"service_request_id" json:"service_request_id"`
	ServiceNotice text   `xml:"service_notice" json:"service_notice"`
	AccountID     text   `xml:"account_id" json:"account_id"`
}

// requestsXML wraps requests (or created answers) in the spec's root.
type requestsXML[T any] struct {
	XMLName  xml.Name `xml:"service_requests"`
	Requests []T      `xml:"request"`
}

type apiError struct {
	Code        int    `xml:"code" json:"code"`
	Description string `xml:"description" json:"description"`
}

type errorsXML struct {
	XMLName xml.Name   `xml:"errors"`
	Errors  []apiError `xml:"error"`
}
