package server

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

// FuzzDecodeRequest: whatever body and content type arrive, the API's
// request decoding (JSON bodies of every kind, multipart issues, the
// idempotency fingerprint) answers with a value or an invalid error
// naming the problem, never a panic or an internal error.
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
		check := func(what string, err error) {
			if err != nil && models.ErrorCodeOf(err) != models.EInvalid {
				failure = &models.Error{Code: models.EInternal, Message: what + ": " + err.Error()}
			}
			if err != nil && models.ErrorMessageOf(err) == "" {
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
