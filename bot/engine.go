package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/civicdesk/civicdesk/i18n"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// Engine is the resident conversation: it turns inputs into service calls
// and replies. It holds no Telegram code, so the terminal chat drives the
// very same conversation.
type Engine struct {
	svc     *service.Service
	convs   convStore
	dir     directory
	clock   Clock
	log     *slog.Logger
	channel models.Channel
	// idem remembers which draft created which issue; nil in the terminal.
	idem Store
	// photos gives the bytes of the photos of a report; nil in the terminal.
	photos photoSource
}

// photoSource gives the conversation the photos a person sent.
type photoSource interface {
	// data returns a photo's bytes, nil when they cannot be had now.
	data(ctx context.Context, fileID string) []byte
	// filed is told the issue the photos went to, and by whom.
	filed(ctx context.Context, iss *models.Issue, chatID int64, lang string)
}

// staleDraft is how long an unfinished report is kept.
const staleDraft = 7 * 24 * time.Hour

// turn is one input being handled.
type turn struct {
	ctx  context.Context
	in   Input
	conv *conversation
	who  who
	lang string
	out  Output
	// names names catalogue entries in messages (the catalogue).
	names i18n.Names
}

func (t *turn) tr(key string, args ...any) string { return tr(t.lang, key, args...) }

func (t *turn) reply(r Reply) { t.out.Replies = append(t.out.Replies, r) }

func (t *turn) say(text string, inline ...[]Button) {
	t.reply(Reply{Text: text, Inline: inline})
}

func (t *turn) sayErr(err error) { t.say(errorText(t.lang, err, t.names)) }

// Handle answers one input of a private chat.
func (e *Engine) Handle(ctx context.Context, in Input) (Output, error) {
	conv, err := e.convs.load(ctx, in.ChatID)
	if err != nil {
		return Output{}, err
	}
	var w who
	if in.Kind != inInfoRequested { // raised by the sender, not by the person
		if w, err = e.dir.resident(ctx, in); err != nil {
			return Output{}, err
		}
	}
	t := &turn{ctx: ctx, in: in, conv: conv, who: w, lang: pickLang(w.Lang, conv.Lang), names: e.svc.Catalogue()}
	conv.Lang = t.lang
	started := conv.Step
	e.expire(t)

	switch in.Kind {
	case InCommand:
		e.command(t)
	case InCallback:
		e.callback(t)
	case InText:
		e.text(t)
	case InLocation:
		e.location(t)
	case InPhoto:
		e.photo(t)
	case InEdited:
		t.say(t.tr("edited"))
	case inInfoRequested:
		e.infoRequested(t)
	default:
		e.unsupported(t)
	}
	if in.Kind != InPhoto {
		// Any other input ends an album: the next photos are a new one.
		conv.LastAlbum, conv.LastAlbumFull = "", false
	}
	if started == stepLocation && conv.Step != stepLocation {
		removeKeyboard(t)
	}
	if err := e.convs.save(ctx, conv, e.clock.Now()); err != nil {
		return Output{}, err
	}
	return t.out, nil
}

func pickLang(langs ...string) string {
	for _, l := range langs {
		if l == "vi" || l == "en" {
			return l
		}
	}
	return "vi"
}

// removeKeyboard hides the location keyboard once the person leaves that
// step. A message carries one kind of markup, so the first reply without
// inline buttons takes the removal, or a short one is added.
func removeKeyboard(t *turn) {
	for i := range t.out.Replies {
		r := &t.out.Replies[i]
		if len(r.Inline) == 0 && len(r.Keyboard) == 0 {
			r.RemoveKeyboard = true
			return
		}
	}
	t.out.Replies = append([]Reply{{Text: t.tr("ok"), RemoveKeyboard: true}}, t.out.Replies...)
}

// expire drops a report left unfinished for too long, so a person coming
// back weeks later is not dropped into the middle of an old form.
func (e *Engine) expire(t *turn) {
	c := t.conv
	if c.Step == stepIdle || c.UpdatedAt.IsZero() || e.clock.Now().Sub(c.UpdatedAt) < staleDraft {
		return
	}
	c.Step, c.Draft, c.Info = stepIdle, draft{}, nil
	if t.in.Kind != inInfoRequested {
		t.say(t.tr("draft_expired"))
	}
}

// principal is the person acting for themselves.
func (t *turn) principal() models.Principal {
	return models.Principal{Kind: models.ActorResident, ResidentID: t.who.ResidentID, Name: t.who.Name}
}

func orgPrincipal(orgID, name string) models.Principal {
	return models.Principal{Kind: models.ActorOrganisation, OrganisationID: orgID, Name: name}
}

// principalFor picks who acts on an existing issue: the organisation when
// it filed the issue and the person is its member, otherwise the person.
func (e *Engine) principalFor(t *turn, iss *models.Issue) models.Principal {
	if iss.Reporter.OrganisationID != "" {
		if m, err := e.dir.member(t.ctx, t.in); err == nil && m != nil && m.OrgID == iss.Reporter.OrganisationID {
			return orgPrincipal(m.OrgID, m.OrgName)
		}
	}
	return t.principal()
}

// menu is the main menu's buttons.
func (t *turn) menu() [][]Button {
	other := "en"
	if t.lang == "en" {
		other = "vi"
	}
	return [][]Button{
		{{Text: t.tr("btn_report"), Data: "m:report"}, {Text: t.tr("btn_my"), Data: "m:my"}},
		{{Text: tr(other, "btn_lang_self"), Data: "l:" + other}},
	}
}

// navRow is the back and cancel buttons shown under every step.
func (t *turn) navRow() []Button {
	return []Button{{Text: t.tr("btn_back"), Data: "x:back"}, {Text: t.tr("btn_cancel"), Data: "x:cancel"}}
}

func (e *Engine) logErr(t *turn, what string, err error) {
	if c := models.ErrorCodeOf(err); c == models.EInternal || c == models.EUnavailable {
		e.log.ErrorContext(t.ctx, "bot: "+what, "chat", t.in.ChatID, "err", err)
	}
}

func stars(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		s += "⭐"
	}
	return fmt.Sprintf("%s (%d/5)", s, n)
}
