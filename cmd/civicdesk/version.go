package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// Stamped at build time, for example:
//
//	go build -ldflags "-X main.version=v0.3.0 -X main.commit=$(git rev-parse HEAD) -X main.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)" ./cmd/civicdesk
//
// A plain `go build` in a git checkout leaves them empty; buildInfo then
// falls back to the VCS information the Go toolchain records itself.
var (
	version   string
	commit    string
	buildDate string
)

// buildInfo is what `civicdesk version` prints.
type buildInfo struct {
	Version, Commit, Date, GoVersion string
	Modified                         bool
}

func currentBuild() buildInfo {
	b := buildInfo{Version: version, Commit: commit, Date: buildDate, GoVersion: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			b.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				if b.Date == "" {
					b.Date = s.Value
				}
			case "vcs.modified":
				b.Modified = s.Value == "true" && commit == ""
			}
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	if b.Date == "" {
		b.Date = "unknown"
	}
	return b
}

const versionUsage = `Usage: civicdesk version

Prints the version, the commit and the build date stamped at build time
(go build -ldflags "-X main.version=... -X main.commit=... -X main.buildDate=..."),
or the VCS information recorded by the Go toolchain when they are not stamped.
`

func versionCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		if isHelp(args[0]) {
			fmt.Fprint(stdout, versionUsage)
			return nil
		}
		fmt.Fprint(stderr, versionUsage)
		return errUsage
	}
	b := currentBuild()
	c := b.Commit
	if b.Modified {
		c += " (modified)"
	}
	fmt.Fprintf(stdout, "civicdesk %s\ncommit:  %s\nbuilt:   %s\ngo:      %s\n", b.Version, c, b.Date, b.GoVersion)
	return nil
}

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "-help" || a == "help" }
