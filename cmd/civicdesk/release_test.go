package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Every subcommand answers --help with its usage line and a description,
// exit 0, and the top-level usage lists it.
func TestEverySubcommandHasHelp(t *testing.T) {
	cases := []struct {
		args []string
		want []string
	}{
		{[]string{"serve", "--help"}, []string{"Usage: civicdesk serve", "sweeper", "-mongodb-uri"}},
		{[]string{"chat", "--help"}, []string{"Usage: civicdesk chat", "terminal", "-data-dir"}},
		{[]string{"catalogue", "--help"}, []string{"Usage: civicdesk catalogue check FILE", "Validates"}},
		{[]string{"catalogue", "check", "--help"}, []string{"Usage: civicdesk catalogue check FILE"}},
		{[]string{"stats", "--help"}, []string{"Usage: civicdesk stats rebuild", "Recomputes"}},
		{[]string{"stats", "rebuild", "--help"}, []string{"Usage: civicdesk stats rebuild", "Recomputes", "-mongodb-uri"}},
		{[]string{"import", "--help"}, []string{"Usage: civicdesk import [flags] FILE", "created_at", "contact_phone", "-progress", "-data-dir"}},
		{[]string{"copy", "--help"}, []string{"Usage: civicdesk copy", "-to-data-dir", "-merge", "prefix"}},
		{[]string{"healthcheck", "--help"}, []string{"Usage: civicdesk healthcheck", "/readyz", "-timeout"}},
		{[]string{"version", "--help"}, []string{"Usage: civicdesk version", "build date"}},
		{[]string{"bench", "--help"}, []string{"Usage: civicdesk bench", "-issues", "-raw-reps", "-mongodb-uri"}},
		{[]string{"loadtest", "--help"}, []string{"Usage: civicdesk loadtest", "-clients", "-duration", "-key-limit", "-bot-rate"}},
	}
	var top bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, noEnv, nil, &top, &top); code != 0 {
		t.Fatalf("civicdesk --help: exit %d", code)
	}
	for _, tc := range cases {
		var out bytes.Buffer
		code := run(context.Background(), tc.args, noEnv, nil, &out, &out)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", tc.args, code, out.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%v: help lacks %q:\n%s", tc.args, w, out.String())
			}
		}
		if !strings.Contains(top.String(), "civicdesk "+tc.args[0]) {
			t.Errorf("top-level usage does not list %q", tc.args[0])
		}
	}
}

func TestVersionPrintsWhatWasStamped(t *testing.T) {
	defer func(v, c, d string) { version, commit, buildDate = v, c, d }(version, commit, buildDate)
	version, commit, buildDate = "v1.2.3", "0123abcd", "2026-12-01T10:00:00Z"
	var out bytes.Buffer
	if code := run(context.Background(), []string{"version"}, noEnv, nil, &out, &out); code != 0 {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	for _, w := range []string{"civicdesk v1.2.3", "0123abcd", "2026-12-01T10:00:00Z"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("version output lacks %q: %q", w, out.String())
		}
	}
	version, commit, buildDate = "", "", ""
	out.Reset()
	run(context.Background(), []string{"version"}, noEnv, nil, &out, &out)
	if !strings.Contains(out.String(), "civicdesk ") || !strings.Contains(out.String(), "commit:") {
		t.Errorf("unstamped version output: %q", out.String())
	}
	if code := run(context.Background(), []string{"version", "extra"}, noEnv, nil, &out, &out); code != 2 {
		t.Errorf("version extra: exit %d, want 2", code)
	}
}

// The -X names the Dockerfile and the README use really stamp the binary.
func TestVersionStampedByLinkerFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "civicdesk")
	build := exec.Command("go", "build", "-o", bin, "-ldflags",
		"-X main.version=v9.8.7 -X main.commit=feedface -X main.buildDate=2026-11-30T00:00:00Z", ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("version: %v\n%s", err, out)
	}
	for _, w := range []string{"v9.8.7", "feedface", "2026-11-30T00:00:00Z"} {
		if !strings.Contains(string(out), w) {
			t.Errorf("stamped binary's version lacks %q: %s", w, out)
		}
	}
	docker, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"-X main.version=", "-X main.commit=", "-X main.buildDate="} {
		if !strings.Contains(string(docker), w) {
			t.Errorf("Dockerfile does not stamp %s", w)
		}
	}
}
