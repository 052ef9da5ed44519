package open311

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
)

// FuzzRequestForm: Open311's POST form parsing (urlencoded or multipart,
// query string merged) and its mapping onto an issue give an issue or an
// invalid error naming the parameter, never a panic or an internal error.
func FuzzRequestForm(f *testing.F) {
	f.Add([]byte("api_key=k&service_code=infrastructure&lat=16.47&long=107.54&description=%C4%90%C3%A8n+h%E1%BB%8Fng&media_url=x"),
		"application/x-www-form-urlencoded", "jurisdiction_id=hue")
	f.Add([]byte("service_code=land&address_string=12+Kim+Long&attribute[x]=1&lat=NaN&long=1e999"), "application/x-www-form-urlencoded", "")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\nother\r\n--b\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n--b--\r\n"),
		"multipart/form-data; boundary=b", "api_key=k")
	f.Add([]byte("%zz=%%&&=="), "application/x-www-form-urlencoded", "lat=%ff")

	svc, _, _ := testenv.Service(f, nil)
	api := New(svc, Config{BaseURL: "https://phananh.example.vn"})
	who := models.Principal{Kind: models.ActorOrganisation, OrganisationID: "org", APIKeyID: "k"}
	app := fiber.New(fiber.Config{BodyLimit: 1 << 20})
	var failure string
	app.Post("/", func(c *fiber.Ctx) error {
		failure = ""
		p, err := readParams(c)
		if err == nil {
			_, err = api.newIssue(p, who)
			if err == nil {
				_, err = p.photos()
			}
		}
		if err != nil && (models.ErrorCodeOf(err) != models.EInvalid || models.ErrorMessageOf(err) == "") {
			failure = err.Error()
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, body []byte, contentType, query string) {
		req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.URL.RawQuery = query
		res, err := app.Test(req, -1)
		if err != nil {
			t.Skip(err) // fasthttp refused the request before any handler ran (a 400)
		}
		res.Body.Close()
		if res.StatusCode != 200 || failure != "" {
			t.Fatalf("status %d, failure %q", res.StatusCode, failure)
		}
	})
}
