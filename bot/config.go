package bot

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Config holds the bot's settings; cmd fills it from flags and the
// environment.
type Config struct {
	// Token is the bot token from @BotFather.
	Token string
	// APIEndpoint is the Bot API URL pattern, with the token and the method
	// as %s: "https://api.telegram.org/bot%s/%s" (the default). Point it at
	// a local Bot API server or a test server.
	APIEndpoint string
	// FileEndpoint is the URL pattern for downloading files; by default it
	// is derived from APIEndpoint ("/bot%s/%s" → "/file/bot%s/%s").
	FileEndpoint string
	// WebhookURL, when set, makes Run register a webhook instead of polling;
	// the HTTP server must then pass updates to HandleWebhook.
	WebhookURL string
	// WebhookSecret is sent by Telegram in X-Telegram-Bot-Api-Secret-Token
	// with every webhook call (1-256 of A-Z a-z 0-9 _ -). Required with
	// WebhookURL.
	WebhookSecret string
	// BotUsername is learned from getMe at start; set it to skip that or
	// for deep links before Run.
	BotUsername string
	// PollTimeout is the long-polling timeout of getUpdates (default 50s).
	PollTimeout time.Duration
	// SendInterval is how often the outbox is checked (default 1s); the bot
	// also checks right after it changed an issue.
	SendInterval time.Duration
	// HTTPClient talks to the Bot API; default has a timeout a little
	// longer than PollTimeout.
	HTTPClient *http.Client
	// CallTimeout bounds one Bot API call or file download, long polling
	// aside (default 30s); an unanswered call is then retried.
	CallTimeout time.Duration
	// Clock is for tests; default is the system clock.
	Clock Clock
}

var secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (c *Config) setDefaults() error {
	if c.Token == "" {
		return errors.New("bot: the Telegram bot token is empty")
	}
	if c.APIEndpoint == "" {
		c.APIEndpoint = tgbotapi.APIEndpoint
	}
	if strings.Count(c.APIEndpoint, "%s") != 2 {
		return errors.New("bot: the API endpoint must contain %s twice, for the token and the method, like https://api.telegram.org/bot%s/%s")
	}
	if c.FileEndpoint == "" {
		c.FileEndpoint = strings.Replace(c.APIEndpoint, "/bot%s/%s", "/file/bot%s/%s", 1)
	}
	if c.WebhookURL != "" && !secretRE.MatchString(c.WebhookSecret) {
		return errors.New("bot: a webhook needs a secret of 1 to 256 characters A-Z, a-z, 0-9, _ or -")
	}
	if c.WebhookSecret != "" && !secretRE.MatchString(c.WebhookSecret) {
		return errors.New("bot: the webhook secret may only contain A-Z, a-z, 0-9, _ and - (at most 256)")
	}
	if c.PollTimeout <= 0 {
		c.PollTimeout = 50 * time.Second
	}
	if c.SendInterval <= 0 {
		c.SendInterval = time.Second
	}
	if c.CallTimeout <= 0 {
		c.CallTimeout = 30 * time.Second
	}
	if c.CallTimeout >= sendLease/2 {
		return errors.New("bot: the call timeout must be well below the outbox lease (10 minutes)")
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: c.PollTimeout + 20*time.Second}
	}
	if c.Clock == nil {
		c.Clock = SystemClock{}
	}
	return nil
}
