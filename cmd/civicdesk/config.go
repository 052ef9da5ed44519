package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/civicdesk/civicdesk/server"
)

// config is every setting of civicdesk. It is read once, here, from flags
// with environment variables as defaults; nothing else reads the
// environment.
type config struct {
	Addr          string
	PublicURL     string
	MongoURI      string
	Database      string
	DataDir       string
	EmbeddedAddr  string
	CatalogueFile string
	LogLevel      string
	LogFormat     string
	AdminUser     string
	AdminPassword string
	CORSOrigins   string
	SweepInterval time.Duration
	SessionTTL    time.Duration
	MetricsToken  string

	KeyLimit       server.RateLimit
	AnonLimit      server.RateLimit
	LoginLimit     server.RateLimit
	TrustedProxies []string

	Open311Jurisdiction string

	TelegramToken         string
	TelegramAPIURL        string
	TelegramWebhookURL    string
	TelegramWebhookSecret string
	TelegramBotUsername   string
}

// setting describes one flag and its environment variable, for --help and
// the README.
type setting struct {
	flag, env, help string
	def             string
	set             func(string) error
}

func settings(c *config) []setting {
	str := func(p *string) func(string) error { return func(v string) error { *p = v; return nil } }
	dur := func(p *time.Duration) func(string) error {
		return func(v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("%q is not a positive duration like 1m or 12h", v)
			}
			*p = d
			return nil
		}
	}
	limit := func(p *server.RateLimit) func(string) error {
		return func(v string) error {
			r, err := parseLimit(v)
			if err != nil {
				return err
			}
			*p = r
			return nil
		}
	}
	cidrs := func(v string) error {
		list := splitList(v)
		if err := server.CheckTrustedProxies(list); err != nil {
			return fmt.Errorf("%q: give CIDRs or addresses separated by commas, like 10.0.0.0/8,127.0.0.1", v)
		}
		c.TrustedProxies = list
		return nil
	}
	return []setting{
		{"addr", "CIVICDESK_ADDR", "HTTP listen address", ":8080", str(&c.Addr)},
		{"public-url", "CIVICDESK_PUBLIC_URL", "URL where civicdesk is reachable from outside (links, Open311 discovery)", "http://localhost:8080", str(&c.PublicURL)},
		{"mongodb-uri", "MONGODB_URI", "MongoDB connection string (replica set); empty starts the embedded database", "", str(&c.MongoURI)},
		{"database", "CIVICDESK_DATABASE", "database name", "civicdesk", str(&c.Database)},
		{"data-dir", "CIVICDESK_DATA_DIR", "folder of the embedded database", "./data", str(&c.DataDir)},
		{"embedded-addr", "CIVICDESK_EMBEDDED_ADDR", "expose the embedded database on this address for mongosh/Compass/mongodump (e.g. 127.0.0.1:27017); empty: a private port", "", str(&c.EmbeddedAddr)},
		{"catalogue", "CIVICDESK_CATALOGUE", "catalogue file (YAML/JSON); replaces the stored catalogue at start. Empty: the stored one, or the built-in Kim Long/Huế catalogue on a new database", "", str(&c.CatalogueFile)},
		{"log-level", "CIVICDESK_LOG_LEVEL", "debug, info, warn or error", "info", str(&c.LogLevel)},
		{"log-format", "CIVICDESK_LOG_FORMAT", "text or json", "text", str(&c.LogFormat)},
		{"admin-user", "CIVICDESK_ADMIN_USER", "username of the admin created on first start", "admin", str(&c.AdminUser)},
		{"admin-password", "CIVICDESK_ADMIN_PASSWORD", "password of the first admin; empty generates one and prints it once", "", str(&c.AdminPassword)},
		{"cors-origins", "CIVICDESK_CORS_ORIGINS", "comma-separated origins allowed to call the API from browsers", "", str(&c.CORSOrigins)},
		{"sweep-interval", "CIVICDESK_SWEEP_INTERVAL", "how often overdue deadlines are checked", "1m", dur(&c.SweepInterval)},
		{"session-ttl", "CIVICDESK_SESSION_TTL", "how long a sign-in lasts", "12h", dur(&c.SessionTTL)},
		{"key-limit", "CIVICDESK_KEY_LIMIT", "requests a minute and burst for each credential (token, X-API-Key or api_key), as PER_MINUTE:BURST, or off", "1200:200", limit(&c.KeyLimit)},
		{"anon-limit", "CIVICDESK_ANON_LIMIT", "requests a minute and burst for each anonymous client address (pages and static files do not count), as PER_MINUTE:BURST, or off", "300:100", limit(&c.AnonLimit)},
		{"login-limit", "CIVICDESK_LOGIN_LIMIT", "sign-in attempts and wrong credentials a minute and burst per client address, as PER_MINUTE:BURST, or off", "20:20", limit(&c.LoginLimit)},
		{"trusted-proxies", "CIVICDESK_TRUSTED_PROXIES", "comma-separated CIDRs or addresses of reverse proxies whose X-Forwarded-For names the client; empty trusts none", "", cidrs},
		{"open311-jurisdiction", "CIVICDESK_OPEN311_JURISDICTION", "the jurisdiction_id Open311 serves (shown in discovery; another answers 404); empty accepts any", "hue.gov.vn", str(&c.Open311Jurisdiction)},
		{"metrics-token", "CIVICDESK_METRICS_TOKEN", "bearer token Prometheus must send to read /metrics; empty: /metrics answers only this machine (loopback)", "", str(&c.MetricsToken)},
		{"telegram-token", "TELEGRAM_BOT_TOKEN", "Telegram bot token; empty keeps the bot off", "", str(&c.TelegramToken)},
		{"telegram-api-url", "TELEGRAM_API_URL", "Bot API URL pattern (self-hosted Bot API server)", "https://api.telegram.org/bot%s/%s", str(&c.TelegramAPIURL)},
		{"telegram-webhook-url", "TELEGRAM_WEBHOOK_URL", "public URL of POST /telegram/webhook; empty uses long polling", "", str(&c.TelegramWebhookURL)},
		{"telegram-webhook-secret", "TELEGRAM_WEBHOOK_SECRET", "secret Telegram sends with webhook calls (required with a webhook URL)", "", str(&c.TelegramWebhookSecret)},
		{"telegram-bot-username", "TELEGRAM_BOT_USERNAME", "bot username for deep links (learned from getMe when empty)", "", str(&c.TelegramBotUsername)},
	}
}

// commandSpec describes a subcommand that takes the settings as flags: its
// --help text, its positional arguments and its own extra flags.
type commandSpec struct {
	name  string // e.g. "stats rebuild"
	args  string // positional arguments for the usage line, e.g. "FILE"
	nargs int    // how many positional arguments it needs
	about string // what it does, for --help
	extra func(fs *flag.FlagSet)
}

// commandAbout is the --help description of the commands that take only
// the settings.
var commandAbout = map[string]string{
	"serve": "Runs the REST API, the web dashboard and public portal, Open311, the Telegram\n" +
		"bot (with TELEGRAM_BOT_TOKEN) and the deadline sweeper, over MongoDB\n" +
		"(MONGODB_URI) or the embedded database in --data-dir.",
	"chat": "Reports an issue in the terminal, as a resident would with the Telegram bot\n" +
		"(Vietnamese). Uses the same database as serve: stop serve first when it runs\n" +
		"on the embedded database, which one process owns at a time.",
	"stats rebuild": "Recomputes the statistics counters from the issues, for example after a\n" +
		"process died between saving an issue and counting it.",
}

// parseConfig reads flags (args) over environment variables (getenv).
func parseConfig(name string, args []string, getenv func(string) string, out io.Writer) (*config, error) {
	c, _, err := parseCommand(commandSpec{name: name, about: commandAbout[name]}, args, getenv, out)
	return c, err
}

// parseCommand reads a command's flags (args) over environment variables
// (getenv) and returns its positional arguments.
func parseCommand(spec commandSpec, args []string, getenv func(string) string, out io.Writer) (*config, []string, error) {
	c := &config{}
	fs := flag.NewFlagSet(spec.name, flag.ContinueOnError)
	fs.SetOutput(out)
	all := settings(c)
	for _, s := range all {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		if err := s.set(def); err != nil {
			return nil, nil, fmt.Errorf("environment variable %s: %w", s.env, err)
		}
		s := s
		fs.Func(s.flag, fmt.Sprintf("%s (env %s, default %q)", s.help, s.env, s.def), s.set)
	}
	if spec.extra != nil {
		spec.extra(fs)
	}
	fs.Usage = func() {
		line := "civicdesk " + spec.name + " [flags]"
		if spec.args != "" {
			line += " " + spec.args
		}
		fmt.Fprintf(out, "Usage: %s\n\n", line)
		if spec.about != "" {
			fmt.Fprintf(out, "%s\n\n", spec.about)
		}
		fmt.Fprintf(out, "Flags (each setting can also be set with the environment variable named in it):\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if fs.NArg() != spec.nargs {
		if fs.NArg() > spec.nargs {
			return nil, nil, fmt.Errorf("unexpected argument %q", fs.Arg(spec.nargs))
		}
		return nil, nil, fmt.Errorf("usage: civicdesk %s [flags] %s", spec.name, spec.args)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return nil, nil, fmt.Errorf("log level %q: use debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return nil, nil, fmt.Errorf("log format %q: use text or json", c.LogFormat)
	}
	if c.EmbeddedAddr != "" {
		host, _, err := net.SplitHostPort(c.EmbeddedAddr)
		ip := net.ParseIP(host)
		if err != nil || !(host == "localhost" || ip != nil && ip.IsLoopback()) {
			return nil, nil, fmt.Errorf("embedded address %q: the embedded database has no authentication, so expose it on a loopback address only, like 127.0.0.1:27017", c.EmbeddedAddr)
		}
	}
	if c.TelegramWebhookURL != "" && c.TelegramWebhookSecret == "" {
		return nil, nil, fmt.Errorf("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL")
	}
	return c, fs.Args(), nil
}

// parseLimit reads "PER_MINUTE:BURST" (or "PER_MINUTE", burst the same),
// or "off".
func parseLimit(v string) (server.RateLimit, error) {
	if strings.EqualFold(strings.TrimSpace(v), "off") {
		return server.RateLimit{PerMinute: -1}, nil
	}
	bad := fmt.Errorf("%q is not a limit like 1200:200 (requests a minute : burst) or off", v)
	per, burst, hasBurst := strings.Cut(strings.TrimSpace(v), ":")
	n, err := strconv.Atoi(per)
	if err != nil || n < 1 {
		return server.RateLimit{}, bad
	}
	b := n
	if hasBurst {
		if b, err = strconv.Atoi(burst); err != nil || b < 1 {
			return server.RateLimit{}, bad
		}
	}
	return server.RateLimit{PerMinute: n, Burst: b}, nil
}

// hsts says whether answers carry Strict-Transport-Security: when
// civicdesk is reached over https, browsers must never use http (#10).
func hsts(publicURL string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(publicURL)), "https://")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
