package bot

import (
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
	"github.com/civicdesk/civicdesk/service"
)

// A person whose Telegram app is in English is answered in English from
// their first message; one in another language in Vietnamese; /lang still
// switches, and the choice then wins over the app's language.
func TestFirstContactLanguageFromTelegram(t *testing.T) {
	h := newHarness(t)
	h.deliver(telegramtest.WithLanguage(telegramtest.Text(resident, resident, "/start"), "en"))
	if got := h.lastText(resident); !strings.Contains(got, "Hello!") || !strings.Contains(got, "The ward handles") {
		t.Fatalf("an English user is greeted in: %q", got)
	}
	if r, err := h.st.GetResident(h.ctx, "tg:501"); err != nil || r.Lang != "en" {
		t.Fatalf("resident language: %+v %v", r, err)
	}
	h.deliver(telegramtest.WithLanguage(telegramtest.Text(resident2, resident2, "/start"), "de"))
	if got := h.lastText(resident2); !strings.Contains(got, "Xin chào") {
		t.Fatalf("a German user is greeted in: %q", got)
	}
	// /lang switches, and the app's language no longer decides.
	h.deliver(telegramtest.WithLanguage(telegramtest.Text(resident, resident, "/lang vi"), "en"))
	h.deliver(telegramtest.WithLanguage(telegramtest.Text(resident, resident, "/start"), "en"))
	if got := h.lastText(resident); !strings.Contains(got, "Xin chào") {
		t.Fatalf("after /lang vi: %q", got)
	}
}

func TestLangFromApp(t *testing.T) {
	for tag, want := range map[string]string{"en": "en", "en-GB": "en", "EN-us": "en", "vi": "vi", "": "vi", "fr": "vi", "de-AT": "vi"} {
		if got := service.LangFromApp(tag); got != want {
			t.Errorf("LangFromApp(%q) = %q, want %q", tag, got, want)
		}
	}
}
