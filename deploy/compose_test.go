// Package deploy holds the deployment files (docker-compose.yml at the
// repository's root, the Caddyfile, the replica set's initiation); its test
// checks them with the compose specification's own loader, as no Docker
// engine runs where the tests do.
package deploy

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

var env = map[string]string{
	"CIVICDESK_DOMAIN":         "phananh.example.vn",
	"CIVICDESK_ADMIN_PASSWORD": "a long admin password",
	"TELEGRAM_BOT_TOKEN":       "123456:ABC",
	"TELEGRAM_WEBHOOK_SECRET":  "s3cret-s3cret",
}

func load(t *testing.T, env map[string]string) (*types.Project, error) {
	t.Helper()
	dir, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  dir,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(dir, "docker-compose.yml")}},
		Environment: env,
	}, func(o *loader.Options) { o.SetProjectName("civicdesk", true) })
}

func TestComposeFileIsValidAndComplete(t *testing.T) {
	p, err := load(t, env)
	if err != nil {
		t.Fatalf("docker-compose.yml does not pass the compose specification: %v", err)
	}
	names := p.ServiceNames()
	for _, want := range []string{"mongo1", "mongo2", "mongo3", "mongo-init", "civicdesk1", "civicdesk2", "caddy"} {
		if !slices.Contains(names, want) {
			t.Errorf("no service %s (have %v)", want, names)
		}
	}

	// A replica set of three members, with persistent volumes, initiated once.
	for _, m := range []string{"mongo1", "mongo2", "mongo3"} {
		s := p.Services[m]
		if !strings.Contains(strings.Join(s.Command, " "), "--replSet rs0") {
			t.Errorf("%s does not run as a member of rs0: %v", m, s.Command)
		}
		if s.HealthCheck == nil || len(s.HealthCheck.Test) == 0 {
			t.Errorf("%s has no healthcheck", m)
		}
		if len(s.Volumes) == 0 || s.Volumes[0].Type != types.VolumeTypeVolume || s.Volumes[0].Target != "/data/db" {
			t.Errorf("%s keeps its data in no named volume: %+v", m, s.Volumes)
		}
	}
	init := p.Services["mongo-init"]
	for _, m := range []string{"mongo1", "mongo2", "mongo3"} {
		if init.DependsOn[m].Condition != types.ServiceConditionHealthy {
			t.Errorf("mongo-init does not wait for %s to be healthy", m)
		}
	}
	script, err := os.ReadFile("mongo-init.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rs.initiate", "mongo1:27017", "mongo2:27017", "mongo3:27017", "NotYetInitialized"} {
		if !strings.Contains(string(script), want) {
			t.Errorf("mongo-init.js lacks %q", want)
		}
	}

	// Two civicdesk instances on the replica set, the bot in webhook mode
	// with its secret, healthy by the binary's own check.
	for _, name := range []string{"civicdesk1", "civicdesk2"} {
		s := p.Services[name]
		e := func(k string) string {
			if v := s.Environment[k]; v != nil {
				return *v
			}
			return ""
		}
		if !strings.Contains(e("MONGODB_URI"), "replicaSet=rs0") || !strings.Contains(e("MONGODB_URI"), "mongo3:27017") {
			t.Errorf("%s MONGODB_URI = %q", name, e("MONGODB_URI"))
		}
		if e("TELEGRAM_WEBHOOK_URL") != "https://phananh.example.vn/telegram/webhook" || e("TELEGRAM_WEBHOOK_SECRET") != "s3cret-s3cret" || e("TELEGRAM_BOT_TOKEN") == "" {
			t.Errorf("%s bot settings: url %q secret %q", name, e("TELEGRAM_WEBHOOK_URL"), e("TELEGRAM_WEBHOOK_SECRET"))
		}
		if e("CIVICDESK_TRUSTED_PROXIES") != p.Services["caddy"].Networks["backend"].Ipv4Address {
			t.Errorf("%s trusts %q, but Caddy is at %q", name, e("CIVICDESK_TRUSTED_PROXIES"), p.Services["caddy"].Networks["backend"].Ipv4Address)
		}
		hc := s.HealthCheck
		if hc == nil || strings.Join(hc.Test, " ") != "CMD /civicdesk healthcheck --quiet" {
			t.Errorf("%s healthcheck: %+v", name, hc)
		}
		if s.DependsOn["mongo-init"].Condition != types.ServiceConditionCompletedSuccessfully {
			t.Errorf("%s starts before the replica set is initiated", name)
		}
		if len(s.Ports) != 0 {
			t.Errorf("%s publishes ports: only Caddy should", name)
		}
	}

	if p.Services["civicdesk2"].DependsOn["civicdesk1"].Condition != types.ServiceConditionHealthy {
		t.Error("civicdesk2 does not wait for civicdesk1 (both would seed a new database at once)")
	}

	// Caddy in front, with TLS ports, its certificates in a volume, and the
	// two instances as upstreams.
	caddy := p.Services["caddy"]
	var published []string
	for _, port := range caddy.Ports {
		published = append(published, port.Published)
	}
	if !slices.Contains(published, "443") || !slices.Contains(published, "80") {
		t.Errorf("caddy publishes %v, want 80 and 443", published)
	}
	if caddy.HealthCheck == nil {
		t.Error("caddy has no healthcheck")
	}
	hasData := false
	for _, v := range caddy.Volumes {
		hasData = hasData || v.Type == types.VolumeTypeVolume && v.Target == "/data"
	}
	if !hasData {
		t.Error("Caddy's certificates are not kept in a volume")
	}
	caddyfile, err := os.ReadFile("Caddyfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"reverse_proxy civicdesk1:8080 civicdesk2:8080", "health_uri /readyz", "{$CIVICDESK_DOMAIN}"} {
		if !strings.Contains(string(caddyfile), want) {
			t.Errorf("Caddyfile lacks %q", want)
		}
	}
	for _, v := range []string{"mongo1-data", "mongo2-data", "mongo3-data", "caddy-data"} {
		if _, ok := p.Volumes[v]; !ok {
			t.Errorf("volume %s is not declared", v)
		}
	}
}

// Without the webhook secret the file refuses to load, naming the variable.
func TestComposeRequiresTheSecrets(t *testing.T) {
	partial := map[string]string{}
	for k, v := range env {
		if k != "TELEGRAM_WEBHOOK_SECRET" {
			partial[k] = v
		}
	}
	_, err := load(t, partial)
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_WEBHOOK_SECRET") {
		t.Errorf("loaded without the webhook secret: %v", err)
	}
}
