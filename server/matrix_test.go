package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"net/textproto"
	"strconv"
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
)

// cell of the matrix: the status each role gets, in the order of roles:
// admin, city supervisor, ward supervisor, ward official (kim-long-infra),
// city official (hue-construction), monitor, organisation key, anonymous.
type matrixRow struct {
	name   string
	method string
	path   func(e *env) string
	body   func(e *env, role string) any
	header func(e *env) map[string]string
	want   [8]int
}

func fixed(p string) func(*env) string { return func(*env) string { return p } }

// freshIssue files a new Kim Long infrastructure issue for each call, so
// a row that changes it does not disturb the next.
func freshIssue(suffix string) func(*env) string {
	return func(e *env) string { return "/api/v1/issues/" + e.newIssue()["code"].(string) + suffix }
}

func jsonBody(v any) func(*env, string) any { return func(*env, string) any { return v } }

var seq int

func matrixRows() []matrixRow {
	const (
		ok, created, none = 200, 201, 204
		unauth, forbid    = 401, 403
	)
	userOnly := [8]int{ok, ok, ok, ok, ok, ok, ok, unauth}
	adminOnly := func(st int) [8]int { return [8]int{st, forbid, forbid, forbid, forbid, forbid, forbid, unauth} }
	everyone := [8]int{ok, ok, ok, ok, ok, ok, ok, ok}
	return []matrixRow{
		{name: "me", method: "GET", path: fixed("/api/v1/auth/me"), want: userOnly},
		{name: "list issues", method: "GET", path: fixed("/api/v1/issues?status=routed&limit=5"), want: userOnly},
		{name: "get issue", method: "GET", path: freshIssue(""), want: [8]int{ok, ok, ok, ok, forbid, ok, forbid, unauth}},
		{name: "create issue", method: "POST", path: fixed("/api/v1/issues"), body: func(e *env, role string) any {
			b := map[string]any{"title": "Cống thoát nước bị tắc", "description": "Nước tràn ra đường khi mưa.",
				"category": "infrastructure", "ward": "kim-long"}
			if role == "org" {
				b["people_count"] = 40
			}
			return b
		}, want: [8]int{created, created, created, created, created, forbid, created, unauth}},
		{name: "photo", method: "GET", path: func(e *env) string {
			code, photo := e.issueWithPhoto()
			return "/api/v1/issues/" + code + "/photos/" + photo
		}, want: [8]int{ok, ok, ok, ok, forbid, ok, forbid, unauth}},
		{name: "photo thumbnail", method: "GET", path: func(e *env) string {
			code, photo := e.issueWithPhoto()
			return "/api/v1/issues/" + code + "/photos/" + photo + "/thumb"
		}, want: [8]int{ok, ok, ok, ok, forbid, ok, forbid, unauth}},
		{name: "note", method: "POST", path: freshIssue("/note"), body: jsonBody(map[string]any{"message": "đã kiểm tra"}),
			want: [8]int{ok, ok, ok, ok, forbid, forbid, forbid, unauth}},
		{name: "escalate", method: "POST", path: freshIssue("/escalate"), body: jsonBody(map[string]any{"message": "vượt thẩm quyền phường"}),
			want: [8]int{ok, ok, ok, ok, forbid, forbid, forbid, unauth}},
		{name: "edit", method: "POST", path: freshIssue("/edit"), body: jsonBody(map[string]any{"title": "Đèn đường hỏng (đã sửa)", "message": "bỏ số điện thoại"}),
			want: [8]int{ok, ok, ok, ok, forbid, forbid, forbid, unauth}},
		{name: "start", method: "POST", path: freshIssue("/start"),
			want: [8]int{ok, ok, ok, ok, forbid, forbid, forbid, unauth}},
		{name: "support", method: "POST", path: freshIssue("/support"),
			want: [8]int{forbid, forbid, forbid, forbid, forbid, forbid, ok, unauth}},
		{name: "catalogue", method: "GET", path: fixed("/api/v1/catalogue"), want: userOnly},
		{name: "catalogue wards", method: "GET", path: fixed("/api/v1/catalogue/wards"), want: userOnly},
		{name: "catalogue departments", method: "GET", path: fixed("/api/v1/catalogue/departments"), want: userOnly},
		{name: "catalogue categories", method: "GET", path: fixed("/api/v1/catalogue/categories"), want: userOnly},
		{name: "catalogue rules", method: "GET", path: fixed("/api/v1/catalogue/rules"), want: userOnly},
		{name: "catalogue holidays", method: "GET", path: fixed("/api/v1/catalogue/holidays"), want: userOnly},
		{name: "put catalogue", method: "PUT", path: fixed("/api/v1/catalogue"),
			body: func(e *env, _ string) any { return e.svc.Catalogue() },
			header: func(e *env) map[string]string {
				return map[string]string{"If-Match": etag(e.svc.CatalogueVersion())}
			}, want: [8]int{ok, forbid, forbid, forbid, forbid, forbid, forbid, unauth}},
		{name: "who handles", method: "GET", path: fixed("/api/v1/public/who-handles?category=infrastructure&lat=16.47&lon=107.53"), want: everyone},
		{name: "public issues", method: "GET", path: fixed("/api/v1/public/issues?ward=kim-long"), want: everyone},
		{name: "public issue", method: "GET", path: func(e *env) string {
			return "/api/v1/public/issues/" + e.newIssue()["code"].(string)
		}, want: everyone},
		{name: "public photo", method: "GET", path: func(e *env) string {
			code, photo := e.issueWithPhoto()
			return "/api/v1/public/issues/" + code + "/photos/" + photo
		}, want: everyone},
		{name: "public photo thumbnail", method: "GET", path: func(e *env) string {
			code, photo := e.issueWithPhoto()
			return "/api/v1/public/issues/" + code + "/photos/" + photo + "/thumb"
		}, want: everyone},
		{name: "public catalogue", method: "GET", path: fixed("/api/v1/public/catalogue"), want: everyone},
		{name: "public stats", method: "GET", path: fixed("/api/v1/public/stats?group_by=department"), want: everyone},
		{name: "stats", method: "GET", path: fixed("/api/v1/stats?group_by=department,category"), want: userOnly},
		{name: "list users", method: "GET", path: fixed("/api/v1/users"), want: adminOnly(ok)},
		{name: "create user", method: "POST", path: fixed("/api/v1/users"), body: func(*env, string) any {
			seq++
			return map[string]any{"username": "clerk" + strconv.Itoa(seq), "name": "Clerk", "role": "official",
				"department": "kim-long-social", "password": testPassword}
		}, want: adminOnly(created)},
		{name: "get user", method: "GET", path: func(e *env) string { e.auth("wardoff"); return "/api/v1/users/" + e.users["wardoff"].ID },
			want: [8]int{ok, forbid, forbid, ok, forbid, forbid, forbid, unauth}},
		{name: "patch user", method: "PATCH", path: func(e *env) string { e.auth("wardoff2"); return "/api/v1/users/" + e.users["wardoff2"].ID },
			body: jsonBody(map[string]any{"name": "Trần Văn Hùng"}), want: [8]int{ok, forbid, forbid, forbid, forbid, forbid, forbid, unauth}},
		{name: "telegram link", method: "POST", path: func(e *env) string {
			e.auth("wardoff")
			return "/api/v1/users/" + e.users["wardoff"].ID + "/telegram-link"
		}, want: [8]int{created, forbid, forbid, created, forbid, forbid, forbid, unauth}},
		{name: "list organisations", method: "GET", path: fixed("/api/v1/organisations"), want: userOnly},
		{name: "create organisation", method: "POST", path: fixed("/api/v1/organisations"), body: func(*env, string) any {
			seq++
			return map[string]any{"code": fmt.Sprintf("org-%d", seq), "name_vi": "Mặt trận Tổ quốc phường Kim Long", "ward": "kim-long"}
		}, want: adminOnly(created)},
		{name: "org invite", method: "POST", path: func(e *env) string {
			e.auth("org")
			return "/api/v1/organisations/" + e.orgID + "/invites"
		}, want: adminOnly(created)},
		{name: "list api keys", method: "GET", path: fixed("/api/v1/api-keys"), want: adminOnly(ok)},
		{name: "create api key", method: "POST", path: fixed("/api/v1/api-keys"), body: jsonBody(map[string]any{"name": "open311 client", "kind": "open311_client"}),
			want: adminOnly(created)},
		{name: "revoke api key", method: "DELETE", path: func(e *env) string {
			a := e.do("POST", "/api/v1/api-keys", e.auth("admin"), map[string]any{"name": "to revoke", "kind": "open311_client"}).want(201)
			return "/api/v1/api-keys/" + a.json()["key"].(map[string]any)["id"].(string)
		}, want: adminOnly(none)},
	}
}

// issueWithPhoto files an issue with a photo through multipart and returns
// its code and the photo's id.
func (e *env) issueWithPhoto() (string, string) {
	e.t.Helper()
	body, ct := multipartIssue(e.t, `{"title":"Ổ gà trên đường Kim Long","description":"Ổ gà sâu gây nguy hiểm.","category":"infrastructure","lat":16.47,"lon":107.53}`,
		map[string][]byte{"pothole.png": pngBytes(64)})
	req := httptest.NewRequest("POST", "/api/v1/issues", bytes.NewReader(body))
	req.Header.Set("Content-Type", ct)
	for k, v := range e.auth("wardoff") {
		req.Header.Set(k, v)
	}
	iss := e.send(req).want(201).json()
	photos := iss["photos"].([]any)
	return iss["code"].(string), photos[0].(map[string]any)["id"].(string)
}

// pngBytes is n bytes of image data in a PNG's chunk layout (IHDR, IDAT,
// IEND): what the service's checks read. The pixels need not decode.
func pngBytes(n int) []byte { return testenv.PNG(n) }

// multipartIssue builds a multipart body with a "data" part (when not
// empty) and photos.
func multipartIssue(t testing.TB, data string, photos map[string][]byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if data != "" {
		if err := w.WriteField("data", data); err != nil {
			t.Fatal(err)
		}
	}
	for name, b := range photos {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="photos"; filename=%q`, name))
		h.Set("Content-Type", "image/png")
		p, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = p.Write(b)
	}
	_ = w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

func TestRoleMatrix(t *testing.T) {
	e := newEnv(t, nil)
	for _, r := range roles {
		e.auth(r)
	}
	for _, row := range matrixRows() {
		t.Run(row.name, func(t *testing.T) {
			for i, role := range roles {
				e.t = t
				path := row.path(e)
				var body any
				if row.body != nil {
					body = row.body(e, role)
				}
				h := e.auth(role)
				if row.header != nil {
					for k, v := range row.header(e) {
						h = with(h, k, v)
					}
				}
				a := e.do(row.method, path, h, body)
				if a.status != row.want[i] {
					t.Errorf("%s %s as %s: status %d, want %d: %s", row.method, path, role, a.status, row.want[i], a.body)
				}
				if a.status >= 400 {
					a.errorCode() // the one error shape
				}
			}
		})
	}
}

// TestEveryRouteAnswers walks the whole API as the roles that may use
// each route and checks, from the server's own metrics, that every
// registered route answered with success at least once.
func TestEveryRouteAnswers(t *testing.T) {
	e := newEnv(t, nil)
	for _, row := range matrixRows() {
		for i, role := range roles {
			if row.want[i] >= 300 {
				continue
			}
			var body any
			if row.body != nil {
				body = row.body(e, role)
			}
			h := e.auth(role)
			if row.header != nil {
				for k, v := range row.header(e) {
					h = with(h, k, v)
				}
			}
			e.do(row.method, row.path(e), h, body).want(row.want[i])
			break
		}
	}
	runLifecycle(t, e)
	e.do("GET", "/api/v1/public/config", nil, nil).want(200)
	visitor := map[string]string{"X-Visitor-ID": "matrix-visitor-0123456789"}
	code := e.do("POST", "/api/v1/public/reports", visitor, map[string]any{"title": "Cống tắc ở kiệt 3", "description": "Nước tràn.",
		"category": "infrastructure", "lat": klLat, "lon": klLon}).want(201).json()["code"].(string)
	e.do("POST", "/api/v1/public/issues/"+code+"/support", with(visitor, "X-Visitor-ID", "matrix-visitor-9876543210"), nil).want(200)
	off := e.auth("wardoff")
	e.do("GET", "/api/v1/departments/kim-long-infra/officials", off, nil).want(200)
	e.do("PUT", "/api/v1/departments/kim-long-infra/canned-replies", off, map[string]any{"replies": []map[string]string{{"title": "Đã tiếp nhận", "text": "Phường đã tiếp nhận."}}}).want(200)
	e.do("GET", "/api/v1/departments/kim-long-infra/canned-replies", off, nil).want(200)
	waiting := e.newIssue()["code"].(string)
	e.do("POST", "/api/v1/issues/"+waiting+"/viewing", off, nil).want(200)
	e.do("POST", "/api/v1/issues/"+waiting+"/request-info", off, map[string]any{"message": "Xin số nhà?"}).want(200)
	e.do("POST", "/api/v1/issues/"+waiting+"/record-reply", off, map[string]any{"message": "Số 12 (qua điện thoại)"}).want(200)
	e.do("POST", "/api/v1/issues/"+waiting+"/flags", e.auth("monitor"), map[string]any{"comment": "Đề nghị trả lời sớm."}).want(201)
	e.do("GET", "/api/v1/issues/"+waiting+"/flags", e.auth("monitor"), nil).want(200)
	e.do("GET", "/api/v1/flags", e.auth("monitor"), nil).want(200)
	e.do("POST", "/api/v1/issues/"+waiting+"/flags/1/answer", off, map[string]any{"answer": "Đã liên hệ người dân."}).want(200)
	admin := e.auth("admin")
	cat := e.do("GET", "/api/v1/catalogue", admin, nil).want(200)
	raw, _ := json.Marshal(cat.json()["catalogue"])
	ver := cat.header.Get("ETag")
	e.do("PUT", "/api/v1/catalogue", with(admin, "If-Match", ver), raw).want(200)
	hist := e.do("GET", "/api/v1/catalogue/history", admin, nil).want(200).json()["versions"].([]any)
	if len(hist) == 0 {
		t.Fatalf("catalogue history %v", hist)
	}
	v := int(hist[0].(map[string]any)["version"].(float64))
	e.do("GET", "/api/v1/catalogue/versions/"+strconv.Itoa(v), admin, nil).want(200)
	e.do("GET", "/api/v1/catalogue/versions/"+strconv.Itoa(v), e.auth("wardoff"), nil).want(403)
	e.do("GET", "/healthz", nil, nil).want(200)
	e.do("GET", "/readyz", nil, nil).want(200)
	e.do("GET", "/metrics", metricsAuth, nil).want(200)
	e.do("GET", "/api/openapi.json", nil, nil).want(200)
	e.do("POST", "/api/v1/auth/logout", e.auth("monitor"), nil).want(204)

	ok := map[string]bool{}
	fams, err := e.srv.metrics.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != "civicdesk_http_requests_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			lbl := map[string]string{}
			for _, l := range m.GetLabel() {
				lbl[l.GetName()] = l.GetValue()
			}
			if strings.HasPrefix(lbl["status"], "2") {
				ok[lbl["method"]+" "+lbl["route"]] = true
			}
		}
	}
	for _, r := range e.srv.routes {
		if !ok[r.Method+" "+r.Path] {
			t.Errorf("%s %s never answered with success", r.Method, r.Path)
		}
	}
}
