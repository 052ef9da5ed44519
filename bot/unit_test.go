package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
)

func TestRateLimits(t *testing.T) {
	ctx := context.Background()
	t0 := testenv.Monday9
	elapsed := func(clk fakeClock, n int, chat func(i int) int64) time.Duration {
		l := newLimiter(clk)
		start := clk.Now()
		for i := 0; i < n; i++ {
			if err := l.wait(ctx, chat(i)); err != nil {
				t.Fatal(err)
			}
		}
		return clk.Now().Sub(start)
	}
	// A private chat: a burst of 3, then one a second.
	if d := elapsed(fakeClock{testenv.NewClock(t0)}, 13, func(int) int64 { return 42 }); d < 10*time.Second || d > 11*time.Second {
		t.Errorf("13 messages to one person took %s", d)
	}
	// A group: 20 a minute.
	if d := elapsed(fakeClock{testenv.NewClock(t0)}, 25, func(int) int64 { return -42 }); d < 59*time.Second || d > 61*time.Second {
		t.Errorf("25 messages to one group took %s", d)
	}
	// Overall: 30 a second.
	if d := elapsed(fakeClock{testenv.NewClock(t0)}, 90, func(i int) int64 { return int64(1000 + i) }); d < 1900*time.Millisecond || d > 2100*time.Millisecond {
		t.Errorf("90 messages to 90 people took %s", d)
	}
	// After a 429 the chat waits retry_after.
	clk := fakeClock{testenv.NewClock(t0)}
	l := newLimiter(clk)
	l.pause(42, 7*time.Second)
	_ = l.wait(ctx, 42)
	if d := clk.Now().Sub(t0); d != 7*time.Second {
		t.Errorf("waited %s after a 429 asking for 7s", d)
	}
}

func TestTextsComplete(t *testing.T) {
	for key, x := range texts {
		if x.vi == "" || x.en == "" {
			t.Errorf("%s: missing a language", key)
		}
		if strings.Count(x.vi, "%") != strings.Count(x.en, "%") {
			t.Errorf("%s: the languages take different arguments", key)
		}
	}
	// Every status, event and error has words.
	for _, s := range models.AllStatuses {
		if _, ok := texts["status_"+string(s)]; !ok {
			t.Errorf("no text for status %s", s)
		}
	}
	for _, c := range []models.ErrorCode{models.EInvalid, models.ENotFound, models.EConflict, models.EForbidden, models.EUnauthorized, models.EUnavailable, models.EInternal} {
		if got := errorText("vi", &models.Error{Code: c, Message: "x"}, nil); strings.HasPrefix(got, "err_") {
			t.Errorf("no text for error %s", c)
		}
	}
	if got := errorText("en", &models.Error{Code: models.EInternal, Message: "secret detail"}, nil); strings.Contains(got, "secret") {
		t.Errorf("internal detail leaked: %q", got)
	}
}

func TestStepsOrder(t *testing.T) {
	lat := 1.0
	d := draft{}
	if d.first() != stepCategory || d.next(stepDescription) != stepLocation || d.next(stepLocation) != stepWard || d.next(stepWard) != stepPhotos {
		t.Error("resident steps")
	}
	d = draft{OrgID: "o", AsOrg: true, Lat: &lat, Lon: &lat, Similar: []similar{{}}}
	if d.first() != stepAs || d.next(stepDescription) != stepPeople || d.next(stepLocation) != stepMeToo || d.prev(stepPhotos) != stepMeToo || d.prev(stepAs) != stepIdle {
		t.Error("organisation steps")
	}
}

func TestTitleFromDescription(t *testing.T) {
	if got := title("Ổ gà\nto lắm", "Hạ tầng"); got != "Hạ tầng: Ổ gà" {
		t.Errorf("short first line: %q", got)
	}
	long := strings.Repeat("đường ", 30)
	if got := title(long, "x"); len([]rune(got)) > 81 || !strings.HasSuffix(got, "…") {
		t.Errorf("long: %q", got)
	}
}

func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{"Đất đai": "đất đai", "Sông Hương, sạt lở": "Sông Hương, sạt lở", "Perfume River": "Perfume River", "Land": "land"} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q", in, got)
		}
	}
}

func TestClassifyErrors(t *testing.T) {
	for _, c := range []struct {
		err       error
		code      int
		retryable bool
	}{
		{context.Canceled, 0, false},
		{&tgError{Code: 429, Message: "Too Many Requests: retry after 3", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3}}, 429, true},
		{&tgError{Code: 502, Message: "Bad Gateway"}, 502, true},
		{&tgError{Code: 403, Message: "Forbidden: bot was blocked by the user"}, 403, false},
		{&tgError{Code: 400, Message: "Bad Request: chat not found"}, 400, false},
	} {
		code, _, retryable := classify(c.err)
		if code != c.code || retryable != c.retryable {
			t.Errorf("%v: code %d retryable %v", c.err, code, retryable)
		}
	}
}

type tgError = tgbotapi.Error
