package server

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

// FuzzDecodeRequest: whatever body and content type arrive, the API's
// request decoding (JSON bodies of every kind, multipart issues, the
// idempotency fingerprint) answers with a value or a 4xx error naming the
// problem, never a panic or a 5xx.
func FuzzDecodeRequest(f *testing.F) {
	f.Add([]byte(`{"title":"Đèn hỏng","description":"x","category":"infrastructure","lat":16.4,"lon":107.5,"contact":{"name":"A"}}`), "application/json")
	f.Add([]byte(`{"title":{"$gt":""}}`), "application/json")
	f.Add([]byte(`{"message":"ok","version":3}{}`), "application/json; charset=utf-8")
	f.Add([]byte("\xff\xfe{}"), "application/json")
	body, ct := multipartIssue(f, `{"title":"Ổ gà","description":"x","category":"infrastructure"}`, map[string][]byte{"a.png": pngBytes(8)})
	f.Add(body, ct)
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--b--\r\n"), "multipart/form-data; boundary=b")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"x\"\r\n\r\n"), "multipart/form-data; boundary=b")

	app := fiber.New(fiber.Config{BodyLimit: 1 << 20})
	var failure error
	app.Post("/", func(c *fiber.Ctx) error {
		failure = nil
		// A bad request is the client's mistake: it must answer 4xx
		// with a message (an invalid error naming the field, or HTTP's
		// own such as 415 for a body that is not JSON), never a 5xx.
		check := func(what string, err error) {
			if err == nil {
				return
			}
			status, body := describe(err, "en", nil)
			if status < 400 || status >= 500 {
				failure = &models.Error{Code: models.EInternal, Message: fmt.Sprintf("%s: answers %d: %v", what, status, err)}
			}
			if body.Error.Message == "" {
				failure = &models.Error{Code: models.EInternal, Message: what + ": no message"}
			}
		}
		_ = requestFingerprint(c)
		if isMultipart(c) {
			_, err := readIssueForm(c)
			check("multipart issue", err)
			return nil
		}
		var issue newIssueBody
		check("issue", decodeJSON(c, &issue, true))
		var action actionBody
		check("action", decodeJSON(c, &action, false))
		var user newUserBody
		check("user", decodeJSON(c, &user, true))
		var patch userPatchBody
		check("user patch", decodeJSON(c, &patch, true))
		var key newAPIKeyBody
		check("api key", decodeJSON(c, &key, true))
		return nil
	})
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		res, err := app.Test(req, -1)
		if err != nil {
			// fasthttp could not read the request (e.g. a cut multipart
			// body); a real server answers 400 before any handler runs.
			t.Skip(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("status %d", res.StatusCode)
		}
		if failure != nil {
			t.Fatal(failure)
		}
	})
}
