package request

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// The server's bodies stay in package server, where the OpenAPI document
// takes their names. These shapes have every kind of field those bodies
// have (strings, named string types, optional and whole numbers, an
// optional object, optional booleans), so the fuzzer explores the same
// decoding paths; server's TestDecodeRequestCorpus replays this corpus
// into the real bodies through the real routes.
type (
	issueShape struct {
		Title       string        `json:"title"`
		Description string        `json:"description"`
		Category    string        `json:"category"`
		Lat         *float64      `json:"lat,omitempty"`
		Lon         *float64      `json:"lon,omitempty"`
		Address     string        `json:"address,omitempty"`
		Contact     *contactShape `json:"contact,omitempty"`
		PeopleCount int           `json:"people_count,omitempty"`
	}
	contactShape struct {
		Name  string `json:"name,omitempty"`
		Phone string `json:"phone,omitempty"`
	}
	actionShape struct {
		Message string              `json:"message,omitempty"`
		Reason  models.RejectReason `json:"reason,omitempty"`
		Rating  int                 `json:"rating,omitempty"`
		Version int64               `json:"version,omitempty"`
	}
	userPatchShape struct {
		Name           *string      `json:"name,omitempty"`
		Role           *models.Role `json:"role,omitempty"`
		Disabled       *bool        `json:"disabled,omitempty"`
		TelegramUserID *int64       `json:"telegram_user_id,omitempty"`
		Version        int64        `json:"version,omitempty"`
	}
)

func (b issueShape) toService() service.NewIssue {
	in := service.NewIssue{Title: b.Title, Description: b.Description, Category: b.Category,
		Lat: b.Lat, Lon: b.Lon, Address: b.Address, PeopleCount: b.PeopleCount}
	if b.Contact != nil {
		in.Contact = models.Contact{Name: b.Contact.Name, Phone: b.Contact.Phone}
	}
	return in
}

func decodeIssue(data []byte) (service.NewIssue, error) {
	var b issueShape
	if err := DecodeStrict(data, &b); err != nil {
		return service.NewIssue{}, err
	}
	return b.toService(), nil
}

// FuzzDecodeRequest: whatever body and content type arrive, the API's
// request decoding (strict JSON into bodies of every shape, multipart
// issues with photos, the idempotency fingerprint) gives a value or an
// error that names the problem: invalid, naming the field, or 415 for a
// body that is not JSON; never a panic. A decoded body encodes and
// decodes back to itself, and the fingerprint depends on the form, not on
// the boundary that carried it.
func FuzzDecodeRequest(f *testing.F) {
	f.Add([]byte(`{"title":"Đèn hỏng","description":"x","category":"infrastructure","lat":16.4,"lon":107.5,"contact":{"name":"A"}}`), "application/json")
	f.Add([]byte(`{"title":{"$gt":""}}`), "application/json")
	f.Add([]byte(`{"message":"ok","version":3}{}`), "application/json; charset=utf-8")
	f.Add([]byte(`{"role":"admin","disabled":true,"telegram_user_id":-1,"reason":"spam","rating":5}`), "application/json")
	f.Add([]byte("\xff\xfe{}"), "application/json")
	f.Add([]byte(`{}`), "text/plain; charset=\"tiếng việt\"")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n{\"title\":\"Ổ gà\"}\r\n"+
		"--b\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--b--\r\n"),
		"multipart/form-data; boundary=b")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nx\r\n--b\r\nContent-Disposition: form-data; name=\"lat\"\r\n\r\n1e999\r\n--b--\r\n"),
		"multipart/form-data; boundary=b")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"x\"\r\n\r\n"), "multipart/form-data; boundary=b")

	app := fiber.New()
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		c := newCtx(app, body, contentType)
		defer app.ReleaseCtx(c)

		fp := Fingerprint(c)
		if again := Fingerprint(c); again != fp {
			t.Fatalf("the fingerprint changed from %s to %s between two reads of one request", fp, again)
		}
		if IsMultipart(c) {
			in, err := IssueForm(c, decodeIssue)
			checkInvalid(t, "multipart issue", err)
			if err == nil {
				checkIssue(t, in)
			}
			checkBoundaryFree(t, app, c, fp)
			return
		}
		checkJSON(t, c, &issueShape{}, true)
		checkJSON(t, c, &actionShape{}, false)
		checkJSON(t, c, &userPatchShape{}, true)
	})
}

// checkJSON decodes the request into dst and checks the outcome: 415 for
// a body in another media type, invalid naming the field for a bad one,
// and a value that survives a round trip for a good one.
func checkJSON[T any](t *testing.T, c *fiber.Ctx, dst *T, required bool) {
	t.Helper()
	what := reflect.TypeOf(dst).Elem().Name()
	err := DecodeJSON(c, dst, required)
	blank := len(bytes.TrimSpace(c.Body())) == 0
	var me *MediaError
	if !blank && !IsJSONContent(c) {
		if !errors.As(err, &me) {
			t.Fatalf("%s: a body sent as %q was read as JSON: %v", what, c.Get(fiber.HeaderContentType), err)
		}
		if !utf8.ValidString(me.Error()) || len(me.Got) > 80 || me.Got == "" {
			t.Fatalf("%s: the 415 message does not name the content type plainly: %q", what, me.Error())
		}
		return
	}
	if errors.As(err, &me) {
		t.Fatalf("%s: a JSON body was refused as another media type: %v", what, err)
	}
	checkInvalid(t, what, err)
	if err != nil || blank {
		return
	}
	enc, err := json.Marshal(dst)
	if err != nil {
		t.Fatalf("%s: a decoded body does not encode: %v", what, err)
	}
	back := new(T)
	if err := DecodeStrict(enc, back); err != nil {
		t.Fatalf("%s: the body %s, encoded from %q, does not decode: %v", what, enc, c.Body(), err)
	}
	if !reflect.DeepEqual(back, dst) {
		t.Fatalf("%s: %q decoded to %+v, which encodes as %s and decodes back to %+v", what, c.Body(), *dst, enc, *back)
	}
}

// checkInvalid: a refusal is invalid (400), and names every field it is
// about with a message a person can read.
func checkInvalid(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if models.ErrorCodeOf(err) != models.EInvalid {
		t.Fatalf("%s: a bad request gave %v, not an invalid error", what, err)
	}
	msg, fields := models.ErrorMessageOf(err), models.ErrorFieldsOf(err)
	if msg == "" || !utf8.ValidString(msg) || len(fields) == 0 {
		t.Fatalf("%s: the error names no field or has no readable message: %q %q", what, msg, fields)
	}
	for name, m := range fields {
		if name == "" || m == "" || !utf8.ValidString(name+m) || !strings.Contains(msg, name) {
			t.Fatalf("%s: the error's field %q (%q) is not named plainly in %q", what, name, m, msg)
		}
	}
}

// checkIssue: what the multipart reader accepts is within the API's limits.
func checkIssue(t *testing.T, in service.NewIssue) {
	t.Helper()
	if in.Channel != models.ChannelAPI {
		t.Fatalf("a multipart issue came in on channel %q", in.Channel)
	}
	if len(in.Photos) > models.MaxPhotos {
		t.Fatalf("%d photos accepted; the limit is %d", len(in.Photos), models.MaxPhotos)
	}
	for i, p := range in.Photos {
		if len(p.Data) > models.MaxPhotoBytes {
			t.Fatalf("photo %d has %d bytes; the limit is %d", i, len(p.Data), models.MaxPhotoBytes)
		}
	}
}
