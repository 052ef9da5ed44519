package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

// Kim Long ward, inside its boundary.
var klLat, klLon = 16.47, 107.53

const testPassword = "Str0ng-Passw0rd!"

// testMetricsToken is the metrics token of every test server.
const testMetricsToken = "metrics-token-for-tests"

var metricsAuth = map[string]string{"Authorization": "Bearer " + testMetricsToken}

// env is a server over a fresh embedded database.
type env struct {
	t      *testing.T
	svc    *service.Service
	st     *store.Store
	clk    *testenv.Clock
	srv    *Server
	tokens map[string]string
	users  map[string]*models.User
	orgID  string
	logs   *bytes.Buffer
}

// roles are the callers of the role × route matrix.
var roles = []string{"admin", "citysup", "wardsup", "wardoff", "cityoff", "monitor", "org", "anon"}

func newEnv(t *testing.T, tweak func(*Config)) *env {
	t.Helper()
	svc, st, clk := testenv.Service(t, nil)
	cfg := Config{Idempotency: st, Clock: clk, TelegramBot: "civicdesk_hue_bot", MetricsToken: testMetricsToken,
		KeyRate: RateLimit{PerMinute: -1}, IPRate: RateLimit{PerMinute: -1}, LoginRate: RateLimit{PerMinute: -1}}
	if tweak != nil {
		tweak(&cfg)
	}
	logs := &bytes.Buffer{}
	log := slog.New(slog.NewTextHandler(io.MultiWriter(logs, testWriter{os.Getenv("CIVICDESK_TEST_LOG") != ""}), nil))
	return &env{t: t, svc: svc, st: st, clk: clk, srv: New(cfg, svc, log),
		tokens: map[string]string{}, users: map[string]*models.User{}, logs: logs}
}

type testWriter struct{ on bool }

func (w testWriter) Write(p []byte) (int, error) {
	if w.on {
		return os.Stderr.Write(p)
	}
	return len(p), nil
}

var roleUsers = map[string]service.NewUser{
	"admin":    {Role: models.RoleAdmin},
	"citysup":  {Role: models.RoleSupervisor},
	"wardsup":  {Role: models.RoleSupervisor, Ward: "kim-long"},
	"wardoff":  {Role: models.RoleOfficial, Department: "kim-long-infra"},
	"cityoff":  {Role: models.RoleOfficial, Department: "hue-construction"},
	"monitor":  {Role: models.RoleMonitor},
	"wardoff2": {Role: models.RoleOfficial, Department: "kim-long-infra"},
}

// auth returns the headers that sign in as role: a bearer token from the
// real login route, an organisation's API key, or nothing.
func (e *env) auth(role string) map[string]string {
	e.t.Helper()
	if role == "anon" {
		return nil
	}
	if tok, ok := e.tokens[role]; ok {
		if role == "org" {
			return map[string]string{"X-API-Key": tok}
		}
		return map[string]string{"Authorization": "Bearer " + tok}
	}
	ctx := context.Background()
	if role == "org" {
		o, err := e.svc.CreateOrganisation(ctx, testenv.Admin(), service.NewOrganisation{Code: "women-union", NameVI: "Hội Liên hiệp Phụ nữ phường Kim Long", Ward: "kim-long"})
		if err != nil {
			e.t.Fatal(err)
		}
		secret, _, err := e.svc.CreateAPIKey(ctx, testenv.Admin(), "women's union system", o.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		e.orgID, e.tokens[role] = o.ID, secret
		return e.auth(role)
	}
	nu, ok := roleUsers[role]
	if !ok {
		e.t.Fatalf("unknown role %q", role)
	}
	nu.Username, nu.Name, nu.Password = role, "Test "+role, testPassword
	u, err := e.svc.CreateUser(ctx, testenv.Admin(), nu)
	if err != nil {
		e.t.Fatal(err)
	}
	e.users[role] = u
	res := e.do("POST", "/api/v1/auth/login", nil, map[string]any{"username": role, "password": testPassword})
	res.want(200)
	e.tokens[role] = res.json()["token"].(string)
	return e.auth(role)
}

// answer is a response read whole.
type answer struct {
	t      *testing.T
	status int
	header http.Header
	body   []byte
}

func (a answer) want(status int) answer {
	a.t.Helper()
	if a.status != status {
		a.t.Fatalf("status %d, want %d; body: %s", a.status, status, a.body)
	}
	return a
}

func (a answer) json() map[string]any {
	a.t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		a.t.Fatalf("answer is not a JSON object: %v: %s", err, a.body)
	}
	return m
}

// errorCode returns error.code of an error answer, checking its shape.
func (a answer) errorCode() string {
	a.t.Helper()
	m := a.json()
	e, ok := m["error"].(map[string]any)
	if !ok {
		a.t.Fatalf("no error object in %s", a.body)
	}
	code, _ := e["code"].(string)
	msg, _ := e["message"].(string)
	if code == "" || msg == "" {
		a.t.Fatalf("error without code or message: %s", a.body)
	}
	return code
}

func (a answer) errorFields() map[string]any {
	f, _ := a.json()["error"].(map[string]any)["fields"].(map[string]any)
	return f
}

// do sends a request through the real app. body may be nil, a string or
// []byte (sent as is, JSON content type), or a value encoded as JSON.
func (e *env) do(method, path string, headers map[string]string, body any) answer {
	e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return e.send(req)
}

func (e *env) send(req *http.Request) answer {
	e.t.Helper()
	res, err := e.srv.App().Test(req, -1)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	a := answer{t: e.t, status: res.StatusCode, header: res.Header, body: b}
	e.checkContract(req, a)
	return a
}

func with(h map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// newIssue files an infrastructure issue in Kim Long as the ward official
// (routed to kim-long-infra) with a resident's contact, and returns it.
func (e *env) newIssue() map[string]any {
	e.t.Helper()
	return e.do("POST", "/api/v1/issues", e.auth("wardoff"), map[string]any{
		"title": "Đèn đường hỏng ở kiệt 12", "description": "Đèn đường trước nhà số 5 không sáng đã một tuần.",
		"category": "infrastructure", "lat": klLat, "lon": klLon,
		"contact": map[string]any{"name": "Nguyễn Thị Lan", "phone": "0905123456", "email": "lan@example.vn"},
	}).want(201).json()
}

func (e *env) countIssues() int64 {
	e.t.Helper()
	n, err := e.st.CountIssues(context.Background(), models.IssueFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}
