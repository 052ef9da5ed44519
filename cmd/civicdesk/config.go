package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
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
		{"metrics-token", "CIVICDESK_METRICS_TOKEN", "bearer token Prometheus must send to read /metrics; empty: /metrics answers only this machine (loopback)", "", str(&c.MetricsToken)},
		{"telegram-token", "TELEGRAM_BOT_TOKEN", "Telegram bot token; empty keeps the bot off", "", str(&c.TelegramToken)},
		{"telegram-api-url", "TELEGRAM_API_URL", "Bot API URL pattern (self-hosted Bot API server)", "https://api.telegram.org/bot%s/%s", str(&c.TelegramAPIURL)},
		{"telegram-webhook-url", "TELEGRAM_WEBHOOK_URL", "public URL of POST /telegram/webhook; empty uses long polling", "", str(&c.TelegramWebhookURL)},
		{"telegram-webhook-secret", "TELEGRAM_WEBHOOK_SECRET", "secret Telegram sends with webhook calls (required with a webhook URL)", "", str(&c.TelegramWebhookSecret)},
		{"telegram-bot-username", "TELEGRAM_BOT_USERNAME", "bot username for deep links (learned from getMe when empty)", "", str(&c.TelegramBotUsername)},
	}
}

// parseConfig reads flags (args) over environment variables (getenv).
func parseConfig(name string, args []string, getenv func(string) string, out io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	all := settings(c)
	for _, s := range all {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		if err := s.set(def); err != nil {
			return nil, fmt.Errorf("environment variable %s: %w", s.env, err)
		}
		s := s
		fs.Func(s.flag, fmt.Sprintf("%s (env %s, default %q)", s.help, s.env, s.def), s.set)
	}
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: civicdesk %s [flags]\n\nEvery flag can also be set with the environment variable named after it.\n\n", name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return nil, fmt.Errorf("log level %q: use debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return nil, fmt.Errorf("log format %q: use text or json", c.LogFormat)
	}
	if c.EmbeddedAddr != "" {
		host, _, err := net.SplitHostPort(c.EmbeddedAddr)
		ip := net.ParseIP(host)
		if err != nil || !(host == "localhost" || ip != nil && ip.IsLoopback()) {
			return nil, fmt.Errorf("embedded address %q: the embedded database has no authentication, so expose it on a loopback address only, like 127.0.0.1:27017", c.EmbeddedAddr)
		}
	}
	if c.TelegramWebhookURL != "" && c.TelegramWebhookSecret == "" {
		return nil, fmt.Errorf("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL")
	}
	return c, nil
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
