package server

import (
	"strings"
	"testing"
)

func TestSignInAndOut(t *testing.T) {
	e := newEnv(t, nil)
	h := e.auth("wardoff")
	me := e.do("GET", "/api/v1/auth/me", h, nil).want(200).json()
	if me["kind"] != "official" || me["user"].(map[string]any)["department"] != "kim-long-infra" {
		t.Errorf("me: %v", me)
	}
	a := e.do("POST", "/api/v1/auth/login", nil, map[string]any{"username": "wardoff", "password": "Wrong-passw0rd"}).want(401)
	if a.errorCode() != "unauthorized" || a.header.Get("WWW-Authenticate") == "" {
		t.Errorf("wrong password: %s %v", a.body, a.header)
	}
	e.do("POST", "/api/v1/auth/login", nil, map[string]any{"username": "nobody", "password": testPassword}).want(401)
	e.do("POST", "/api/v1/auth/login", nil, map[string]any{"username": "wardoff", "password": testPassword, "remember": true}).want(400)

	// Malformed credentials.
	e.do("GET", "/api/v1/auth/me", map[string]string{"Authorization": "Basic d2FyZG9mZjpwdw=="}, nil).want(401)
	e.do("GET", "/api/v1/auth/me", map[string]string{"Authorization": "Bearer cds_forged"}, nil).want(401)
	e.do("GET", "/api/v1/auth/me", map[string]string{"X-API-Key": "cdk_forged"}, nil).want(401)
	both := with(h, "X-API-Key", "cdk_whatever")
	e.do("GET", "/api/v1/auth/me", both, nil).want(400)

	// An API key is not signed out.
	e.do("POST", "/api/v1/auth/logout", e.auth("org"), nil).want(400)

	// Signing out revokes the token.
	e.do("POST", "/api/v1/auth/logout", h, nil).want(204)
	e.do("GET", "/api/v1/auth/me", h, nil).want(401)

	// Disabling an account ends its sessions.
	boss := e.auth("admin")
	mon := e.auth("monitor")
	e.do("PATCH", "/api/v1/users/"+e.users["monitor"].ID, boss, map[string]any{"disabled": true}).want(200)
	e.do("GET", "/api/v1/auth/me", mon, nil).want(401)
}

func TestGuessingTokensIsLimited(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.LoginRate = RateLimit{PerMinute: 3, Burst: 3} })
	for i := range 3 {
		e.do("GET", "/api/v1/auth/me", map[string]string{"Authorization": "Bearer guess" + strings.Repeat("x", i)}, nil).want(401)
	}
	e.do("GET", "/api/v1/auth/me", map[string]string{"Authorization": "Bearer guess-again"}, nil).want(429)
}

func TestAdministration(t *testing.T) {
	e := newEnv(t, nil)
	admin := e.auth("admin")

	// Accounts: created, shown without password hashes, conflicts named.
	u := e.do("POST", "/api/v1/users", admin, map[string]any{"username": "hoa.nguyen", "name": "Nguyễn Thị Hoa", "role": "official",
		"department": "kim-long-social", "password": testPassword}).want(201)
	if strings.Contains(string(u.body), "argon2") || strings.Contains(string(u.body), "password") {
		t.Errorf("user answer shows the password: %s", u.body)
	}
	id := u.json()["id"].(string)
	a := e.do("POST", "/api/v1/users", admin, map[string]any{"username": "hoa.nguyen", "name": "Khác", "role": "monitor", "password": testPassword}).want(409)
	if a.errorFields()["username"] == nil {
		t.Errorf("taken username: %s", a.body)
	}
	e.do("POST", "/api/v1/users", admin, map[string]any{"username": "weak", "name": "Weak", "role": "monitor", "password": "short"}).want(400)
	list := e.do("GET", "/api/v1/users", admin, nil).want(200)
	if strings.Contains(string(list.body), "argon2") || !strings.Contains(string(list.body), "hoa.nguyen") {
		t.Errorf("user list: %s", list.body)
	}
	got := e.do("GET", "/api/v1/users/"+id, admin, nil).want(200)
	if got.header.Get("ETag") != `"1"` {
		t.Errorf("user ETag %q", got.header.Get("ETag"))
	}
	e.do("PATCH", "/api/v1/users/"+id, with(admin, "If-Match", `"1"`), map[string]any{"name": "Nguyễn Thị Hoà"}).want(200)
	e.do("PATCH", "/api/v1/users/"+id, with(admin, "If-Match", `"1"`), map[string]any{"name": "Stale"}).want(409)
	e.do("GET", "/api/v1/users/0123456789abcdef01234567", admin, nil).want(404)

	// Telegram links.
	link := e.do("POST", "/api/v1/users/"+id+"/telegram-link", admin, nil).want(201).json()
	tok, _ := link["token"].(string)
	if tok == "" || link["link"] != "https://t.me/civicdesk_hue_bot?start="+tok || link["expires_at"] == nil {
		t.Errorf("telegram link: %v", link)
	}

	// Organisations and their invites.
	org := e.do("POST", "/api/v1/organisations", admin, map[string]any{"code": "mttq-kim-long", "name_vi": "Ủy ban MTTQ phường Kim Long", "ward": "kim-long"}).want(201).json()
	e.do("POST", "/api/v1/organisations", admin, map[string]any{"code": "mttq-kim-long", "name_vi": "Trùng"}).want(409)
	inv := e.do("POST", "/api/v1/organisations/"+org["id"].(string)+"/invites", admin, nil).want(201).json()
	if !strings.HasPrefix(inv["link"].(string), "https://t.me/civicdesk_hue_bot?start=") {
		t.Errorf("invite: %v", inv)
	}
	e.do("POST", "/api/v1/organisations/0123456789abcdef01234567/invites", admin, nil).want(404)
	orgs := e.do("GET", "/api/v1/organisations", e.auth("monitor"), nil).want(200).json()["organisations"].([]any)
	if len(orgs) != 1 {
		t.Errorf("organisations: %v", orgs)
	}

	// API keys: the secret works once created and stops when revoked.
	k := e.do("POST", "/api/v1/api-keys", admin, map[string]any{"name": "MTTQ system", "organisation_id": org["id"]}).want(201).json()
	secret := k["secret"].(string)
	key := map[string]string{"X-API-Key": secret}
	me := e.do("GET", "/api/v1/auth/me", key, nil).want(200).json()
	if me["kind"] != "organisation" || me["organisation_id"] != org["id"] {
		t.Errorf("me with a key: %v", me)
	}
	e.do("POST", "/api/v1/api-keys", admin, map[string]any{"name": "x", "organisation_id": "nope"}).want(400)
	e.do("DELETE", "/api/v1/api-keys/"+k["key"].(map[string]any)["id"].(string), admin, nil).want(204)
	e.do("GET", "/api/v1/auth/me", key, nil).want(401)
	e.do("DELETE", "/api/v1/api-keys/0123456789abcdef01234567", admin, nil).want(404)
}
