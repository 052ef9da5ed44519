package bot

import (
	"strings"

	"github.com/civicdesk/civicdesk/models"
)

// skip skips the optional part of the current step.
func (e *Engine) skip(t *turn) {
	d := &t.conv.Draft
	switch t.conv.Step {
	case stepLocation:
		d.Address, d.Lat, d.Lon, d.Similar = "", nil, nil, nil
		e.advance(t, stepLocation, t.tr("skipped_location"))
	case stepPhotos:
		e.advance(t, stepPhotos, "")
	case stepMeToo:
		e.advance(t, stepMeToo, "")
	default:
		e.reprompt(t, "cannot_skip")
	}
}

// back returns to the previous step; before the first it cancels.
func (e *Engine) back(t *turn) {
	c := t.conv
	switch {
	case c.Step == stepInfo:
		e.leaveInfo(t, t.tr("info_cancelled"))
	case inDraft(c.Step):
		p := c.Draft.prev(c.Step)
		if p == stepIdle {
			e.cancel(t)
			return
		}
		e.enter(t, p, "")
	default:
		t.say(t.tr("nothing_to_cancel"), t.menu()...)
	}
}

func (e *Engine) cancel(t *turn) {
	c := t.conv
	switch {
	case c.Step == stepInfo:
		e.leaveInfo(t, t.tr("info_cancelled"))
	case inDraft(c.Step) && c.Step == stepLocation:
		// The location keyboard must go, and a message carries one kind
		// of markup: the reply removes it, and names /report instead of
		// showing the menu's buttons, so one message does both.
		c.Step, c.Draft = stepIdle, draft{}
		t.reply(Reply{Text: t.tr("cancelled_kb"), RemoveKeyboard: true})
	case inDraft(c.Step):
		c.Step, c.Draft = stepIdle, draft{}
		t.say(t.tr("cancelled"), t.menu()...)
	default:
		t.say(t.tr("nothing_to_cancel"), t.menu()...)
	}
}

// isWord reports whether text is one of the words (or keyboard labels)
// for an action, in either language, ignoring case, accents and emoji.
func isWord(text, action string) bool {
	f := strings.TrimSpace(stripEmoji(models.Fold(text)))
	for _, w := range navWords[action] {
		if f == w {
			return true
		}
	}
	return false
}

var navWords = map[string][]string{
	"skip":   {"skip", "bo qua", "khong", "no"},
	"back":   {"back", "quay lai", "tro lai", "/back"},
	"cancel": {"cancel", "huy", "huy bo", "thoi", "stop", "/cancel"},
	"done":   {"done", "xong", "finish", "het"},
}

func init() {
	// Keyboard labels count as the words they show.
	for _, lang := range []string{"vi", "en"} {
		navWords["skip"] = append(navWords["skip"], labelWord(lang, "key_skip"))
		navWords["back"] = append(navWords["back"], labelWord(lang, "key_back"))
		navWords["cancel"] = append(navWords["cancel"], labelWord(lang, "key_cancel"))
	}
}

func labelWord(lang, key string) string {
	return strings.TrimSpace(stripEmoji(models.Fold(tr(lang, key))))
}
