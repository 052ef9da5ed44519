package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"time"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

const loadtestUsage = `Usage: civicdesk loadtest [flags]

Runs civicdesk as "civicdesk serve" does — the HTTP server with every
middleware and rate limit, the Telegram bot on its webhook, the deadline
sweeper — on loopback over an embedded database seeded with realistic past
issues, and drives it with --clients concurrent clients for --duration.
Each client picks, by --mix weights, one kind of traffic at a time: public
reads (portal list, issue page, Open311 requests.json, figures), official
lists (queue, filtered, search; and opening an issue before acting on it),
filings (an organisation's API key, with Idempotency-Key), actions (start,
answer, resolve, note with the version seen) and bot updates (Telegram
webhook posts of /start, status lookups and report conversations; the bot's
own messages go to a fake Telegram on loopback).

Prints, per kind and per operation: requests, throughput, p50, p99 and
slowest time, and how many answers were 2xx, 4xx, 409 (a lost race), 429
and 5xx. Exits 1 when any request got a 5xx or no answer.

Flags:
`

// loadConfig is the load test's settings.
type loadConfig struct {
	issues    int
	clients   int
	duration  time.Duration
	seed      int64
	dataDir   string
	jsonOut   string
	keyLimit  string
	anonLimit string
	botRate   float64
	sweep     time.Duration
	mix       loadMix
	logLevel  string
}

func loadtestCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lc := loadConfig{mix: defaultLoadMix()}
	fs.IntVar(&lc.issues, "issues", 60000, "how many past issues to seed (a --data-dir that holds issues is used as it is)")
	fs.IntVar(&lc.clients, "clients", 16, "concurrent clients")
	fs.DurationVar(&lc.duration, "duration", 60*time.Second, "how long the clients send requests")
	fs.Int64Var(&lc.seed, "seed", 1, "random seed of the seeded issues and of the clients' choices")
	fs.StringVar(&lc.dataDir, "data-dir", "", "embedded database folder to keep and reuse (default: a temporary folder, removed)")
	fs.StringVar(&lc.jsonOut, "json", "", "also write the results as JSON to this file")
	fs.StringVar(&lc.keyLimit, "key-limit", "6000:1000", "serve's --key-limit for the run: each client is one desk and one organisation system, and the Telegram webhook carries every resident's messages on one credential")
	fs.StringVar(&lc.anonLimit, "anon-limit", "300:100", "serve's --anon-limit for the run (its default); public reads come from many resident addresses through a trusted proxy")
	fs.Float64Var(&lc.botRate, "bot-rate", 15, "most bot updates a second, all clients together: the bot answers within Telegram's 30 messages a second, shared with the notifications it sends")
	fs.DurationVar(&lc.sweep, "sweep-interval", time.Minute, "serve's --sweep-interval for the run")
	fs.Var(&lc.mix, "mix", "weights of the kinds of traffic, as public=40,lists=20,filings=10,actions=15,bot=15")
	fs.StringVar(&lc.logLevel, "log-level", "warn", "level of the server's log on stderr")
	fs.Usage = func() {
		fmt.Fprint(stderr, loadtestUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 || lc.issues < 1 || lc.clients < 1 || lc.duration <= 0 || lc.botRate <= 0 || lc.sweep <= 0 {
		fmt.Fprintln(stderr, "civicdesk loadtest: --issues, --clients, --duration, --bot-rate and --sweep-interval must be positive; no arguments")
		return errUsage
	}
	for _, l := range []string{lc.keyLimit, lc.anonLimit} {
		if _, err := parseLimit(l); err != nil {
			fmt.Fprintf(stderr, "civicdesk loadtest: %v\n", err)
			return errUsage
		}
	}
	res, err := runLoad(ctx, lc, stdout, stderr)
	if err != nil {
		return err
	}
	if lc.jsonOut != "" {
		if err := res.writeJSON(lc.jsonOut); err != nil {
			return err
		}
	}
	if bad := res.failed(); bad > 0 {
		return fmt.Errorf("%d requests got a 5xx or no answer", bad)
	}
	return nil
}

// runLoad seeds (or reuses) the data folder, creates the clients'
// credentials, serves, drives the load and reports.
func runLoad(ctx context.Context, lc loadConfig, out, logOut io.Writer) (*loadResult, error) {
	dir := lc.dataDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "civicdesk-loadtest-*")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	fmt.Fprintf(out, "civicdesk loadtest: %d clients for %s on loopback; %d cores, %s\n", lc.clients, lc.duration, runtime.NumCPU(), runtime.Version())
	creds, err := prepareLoadData(ctx, dir, lc, out)
	if err != nil {
		return nil, err
	}

	tg := telegramtest.Start()
	defer tg.Close()
	addr, err := loopbackAddr()
	if err != nil {
		return nil, err
	}
	base := "http://" + addr
	c, err := parseConfig("serve", []string{
		"--addr", addr, "--public-url", base, "--data-dir", dir,
		"--key-limit", lc.keyLimit, "--anon-limit", lc.anonLimit, "--login-limit", "20:20",
		// The clients stand behind a reverse proxy on this machine, which
		// names each resident's address in X-Forwarded-For.
		"--trusted-proxies", "127.0.0.1",
		"--sweep-interval", lc.sweep.String(), "--log-level", lc.logLevel,
		"--telegram-token", tg.Token, "--telegram-api-url", tg.Endpoint(),
		"--telegram-webhook-url", base + "/telegram/webhook", "--telegram-webhook-secret", creds.webhookSecret,
	}, func(string) string { return "" }, logOut)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "serve settings: --key-limit %s --anon-limit %s --login-limit 20:20 --trusted-proxies 127.0.0.1 --sweep-interval %s; Telegram webhook on, bot updates at most %g/s\n",
		lc.keyLimit, lc.anonLimit, lc.sweep, lc.botRate)

	serveCtx, stopServe := context.WithCancel(ctx)
	defer stopServe()
	var serveErr error
	stopped := make(chan struct{})
	go func() {
		serveErr = serve(serveCtx, c, newLogger(c, logOut), io.Discard)
		close(stopped)
	}()
	// stopServing ends serve and waits for it: the database must be closed
	// before a temporary folder is removed.
	stopServing := func() error {
		stopServe()
		select {
		case <-stopped:
			if serveErr != nil {
				return fmt.Errorf("serve: %w", serveErr)
			}
			return nil
		case <-time.After(time.Minute):
			return errors.New("serve did not stop within a minute")
		}
	}
	start := time.Now()
	if err := waitServing(ctx, base, tg, stopped); err != nil {
		if serr := stopServing(); serr != nil {
			err = fmt.Errorf("%w; %w", err, serr)
		}
		return nil, err
	}
	fmt.Fprintf(out, "start to ready (database, catalogue, bot webhook registered): %s\n", time.Since(start).Round(time.Millisecond))

	res := driveLoad(ctx, lc, base, creds, tg)
	if err := stopServing(); err != nil {
		return nil, err
	}
	res.print(out)
	return res, nil
}

// prepareLoadData seeds the folder when it holds no issues, then creates
// the clients' accounts and keys through the service, with the database
// closed again before serve opens it (the embedded database has one owner).
func prepareLoadData(ctx context.Context, dir string, lc loadConfig, out io.Writer) (*loadSetup, error) {
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(ctx, store.Config{EmbeddedDir: dir, Database: "civicdesk", Logger: discard})
	if err != nil {
		return nil, err
	}
	defer st.Close(context.WithoutCancel(ctx))
	svc := service.New(st, service.SystemClock{}, discard, service.Config{})
	if err := svc.LoadCatalogue(ctx, catalogue.Default(), "built-in catalogue", false); err != nil {
		return nil, err
	}
	have, err := st.CountIssues(ctx, models.IssueFilter{})
	if err != nil {
		return nil, err
	}
	if have > 0 {
		fmt.Fprintf(out, "reusing the %d issues already in %s\n", have, dir)
	} else {
		wards, categories := catalogueCodes(svc)
		if err := seedIssues(ctx, svc, benchIssues(lc.issues, lc.seed, time.Now(), wards, categories), out); err != nil {
			return nil, err
		}
		have = int64(lc.issues)
	}
	setup, err := createLoadCredentials(ctx, svc, lc.clients)
	if err != nil {
		return nil, err
	}
	setup.issues = have
	return setup, nil
}

// loopbackAddr is a loopback address with a port nobody listens on.
func loopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// waitServing waits until serve answers /readyz and the bot has
// registered its webhook, or serve has stopped.
func waitServing(ctx context.Context, base string, tg *telegramtest.Server, stopped <-chan struct{}) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		select {
		case <-stopped:
			return errors.New("serve stopped before it was ready (its log says why)")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK && len(tg.Calls("setWebhook")) > 0 {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return errors.New("serve was not ready within 2 minutes")
		}
	}
}
