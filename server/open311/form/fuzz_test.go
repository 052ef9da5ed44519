package form

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// paramsNamed are the names an error about a POST requests form may
// point at: the parameters a client sends (open311's errorsOf renames
// "photos" to "media").
var paramsNamed = map[string]bool{"body": true, "service_code": true, "lat": true, "long": true, "lat/long": true,
	"media_url": true, "attribute[people_count]": true, "photos": true}

// FuzzRequestForm: Open311's POST form parsing (urlencoded or multipart,
// query string merged) and its mapping onto an issue give an issue or an
// invalid error naming the parameters that are wrong, never a panic. An
// issue made from a clean description has a title the service accepts,
// so a client is never told its description is wrong for a title it did
// not write.
func FuzzRequestForm(f *testing.F) {
	f.Add([]byte("api_key=k&service_code=infrastructure&lat=16.47&long=107.54&description=%C4%90%C3%A8n+h%E1%BB%8Fng&media_url=x"),
		"application/x-www-form-urlencoded", "jurisdiction_id=hue")
	f.Add([]byte("service_code=land&address_string=12+Kim+Long&attribute[x]=1&lat=NaN&long=1e999"), "application/x-www-form-urlencoded", "")
	f.Add([]byte("service_code=other&address_id=7&attribute[people_count]=30&description=e%CC%81e%CC%81e%CC%81"), "application/x-www-form-urlencoded", "")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\nother\r\n--b\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n--b--\r\n"),
		"multipart/form-data; boundary=b", "api_key=k")
	f.Add([]byte("%zz=%%&&=="), "application/x-www-form-urlencoded", "lat=%ff")

	cat := catalogue.Default()
	org := models.Principal{Kind: models.ActorOrganisation, OrganisationID: "org", APIKeyID: "k"}
	client := models.Principal{Kind: models.ActorOrganisation, APIKeyID: "open311-client"}
	app := fiber.New()
	f.Fuzz(func(t *testing.T, body []byte, contentType, query string) {
		fc := &fasthttp.RequestCtx{}
		fc.Request.Header.SetMethod(fiber.MethodPost)
		fc.Request.Header.SetContentType(contentType)
		fc.Request.URI().SetQueryString(query)
		fc.Request.SetBody(body)
		c := app.AcquireCtx(fc)
		defer app.ReleaseCtx(c)

		p, err := Read(c)
		checkInvalid(t, err)
		if err != nil {
			return
		}
		for _, who := range []models.Principal{org, client} {
			in, err := NewIssue(p, who, cat)
			checkInvalid(t, err)
			if err == nil {
				checkIssue(t, p, who, cat, in)
			}
		}
	})
}

// checkInvalid: a refusal is invalid (the spec's 400) and names each
// parameter that is wrong, with a readable message.
func checkInvalid(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if models.ErrorCodeOf(err) != models.EInvalid {
		t.Fatalf("a bad form gave %v, not an invalid error", err)
	}
	msg, fields := models.ErrorMessageOf(err), models.ErrorFieldsOf(err)
	if msg == "" || !utf8.ValidString(msg) || len(fields) == 0 {
		t.Fatalf("the error names no parameter or is not readable: %q %q", msg, fields)
	}
	for name, m := range fields {
		if !paramsNamed[name] || m == "" || !utf8.ValidString(m) {
			t.Fatalf("the error's parameter %q (%q) is not one a client sends", name, m)
		}
	}
}

// checkIssue: what the form gives is what the client asked for, within
// the limits the service checks again.
func checkIssue(t *testing.T, p Params, who models.Principal, cat *models.Catalogue, in service.NewIssue) {
	t.Helper()
	if _, ok := cat.Category(in.Category); !ok || in.Category != p.Get("service_code") {
		t.Fatalf("category %q for service_code %q", in.Category, p.Get("service_code"))
	}
	if in.Channel != models.ChannelOpen311 {
		t.Fatalf("channel %q", in.Channel)
	}
	if (in.Lat == nil) != (in.Lon == nil) || (in.Lat == nil && in.Address == "") {
		t.Fatalf("no usable location: lat %v, lon %v, address %q", in.Lat, in.Lon, in.Address)
	}
	if who.OrganisationID == "" && in.PeopleCount != 0 {
		t.Fatalf("an Open311 client's request speaks for %d people", in.PeopleCount)
	}
	if len(in.Photos) > models.MaxPhotos {
		t.Fatalf("%d photos", len(in.Photos))
	}
	if in.Title == "" || in.Description == "" || utf8.RuneCountInString(in.Title) > titleLen {
		t.Fatalf("title %q, description %q", in.Title, in.Description)
	}
	if clean(p.Get("description")) && clean(in.Address) {
		probs := models.Problems{}
		models.CleanText(probs, "title", in.Title, models.MinTitleLen, models.MaxTitleLen)
		if err := probs.Err("the title"); err != nil {
			t.Fatalf("the title %q made from description %q and address %q is refused: %v", in.Title, p.Get("description"), in.Address, err)
		}
	}
}

// clean is text the service takes as it is: valid UTF-8 without control
// characters other than line breaks and tabs.
func clean(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r'
	}) < 0
}
