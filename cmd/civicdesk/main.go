// Command civicdesk runs the citizen feedback platform: the REST API, the
// web dashboard, Open311, the Telegram bot and the deadline sweeper, over
// MongoDB or an embedded database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `civicdesk — citizen feedback and social monitoring for wards and the city

Usage:
  civicdesk serve [flags]            run the API, dashboard, Open311, Telegram bot and sweeper
  civicdesk chat [flags]             report an issue in the terminal, as the Telegram bot would
  civicdesk catalogue check FILE     validate a catalogue file
  civicdesk stats rebuild [flags]    recompute the statistics counters from the issues
  civicdesk bench [flags]            seed 60,000 issues and time every interactive operation
  civicdesk loadtest [flags]         serve on loopback and drive it with mixed traffic from 16 clients
  civicdesk import [flags] FILE      import inherited records (CSV or JSON) as issues
  civicdesk copy [flags] --to URI    copy every collection to another database (e.g. the city's MongoDB)
  civicdesk healthcheck [flags]      exit 0 when a running civicdesk is ready (Docker HEALTHCHECK)
  civicdesk version                  print the version, commit and build date

Run "civicdesk COMMAND --help" for a command's flags; "civicdesk serve --help"
lists every setting (flags and environment variables).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal starts the shutdown, a second one stops
		// the process at once (the default action) instead of being
		// swallowed.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: tests call it with their own
// arguments, environment and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = withConfig("serve", args[1:], getenv, stderr, func(c *config, log *slog.Logger) error {
			return serve(ctx, c, log, stdout)
		})
	case "chat":
		err = withConfig("chat", args[1:], getenv, stderr, func(c *config, log *slog.Logger) error {
			return chat(ctx, c, log, stdin, stdout)
		})
	case "catalogue":
		err = catalogueCmd(args[1:], stdout, stderr)
	case "stats":
		if len(args) < 2 || args[1] != "rebuild" {
			if len(args) == 2 && isHelp(args[1]) {
				fmt.Fprint(stdout, statsUsage)
				return 0
			}
			fmt.Fprint(stderr, statsUsage)
			return 2
		}
		err = withConfig("stats rebuild", args[2:], getenv, stderr, func(c *config, log *slog.Logger) error {
			return rebuildStats(ctx, c, log, stdout)
		})
	case "bench":
		err = benchCmd(ctx, args[1:], getenv, stdout, stderr)
	case "loadtest":
		err = loadtestCmd(ctx, args[1:], stdout, stderr)
	case "import":
		err = importCmd(ctx, args[1:], getenv, stdout, stderr)
	case "copy":
		err = copyCmd(ctx, args[1:], getenv, stdout, stderr)
	case "healthcheck":
		err = healthcheck(ctx, args[1:], getenv, stdout, stderr)
	case "version":
		err = versionCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(stderr, "civicdesk: %v\n", err)
	return 1
}

var errUsage = errors.New("usage")

const statsUsage = `Usage: civicdesk stats rebuild [flags]

Recomputes the statistics counters (daily and "now" documents) from the
issues, for example after a process died between saving an issue and
counting it. Takes the database flags of "civicdesk serve" (run
"civicdesk stats rebuild --help" to list them).
`

func withConfig(name string, args []string, getenv func(string) string, stderr io.Writer, fn func(*config, *slog.Logger) error) error {
	c, err := parseConfig(name, args, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return err
	}
	return fn(c, newLogger(c, stderr))
}

func newLogger(c *config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
