package bot

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/civicdesk/civicdesk/models"
)

// Shortest description accepted: "ổ gà" alone does not tell an official
// where or how bad.
const minDescription = 10

func newDraftID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// startDraft begins a new report (an unfinished one is replaced).
func (e *Engine) startDraft(t *turn) {
	c := t.conv
	if inDraft(c.Step) {
		t.say(t.tr("draft_restarted"))
	}
	c.Info = nil
	c.Draft = draft{ID: newDraftID()}
	m, err := e.dir.member(t.ctx, t.in)
	if err != nil {
		e.logErr(t, "membership", err)
	}
	if m != nil {
		c.Draft.OrgID, c.Draft.OrgName = m.OrgID, m.OrgName
	}
	e.enter(t, c.Draft.first(), "")
}

// enter moves to step s and asks for what it needs; ack, when set, comes
// first (what the person just gave was taken).
func (e *Engine) enter(t *turn, s step, ack string) {
	t.conv.Step = s
	if ack != "" {
		// Sent apart, so it can take the location keyboard's removal.
		t.say(ack)
	}
	if s == stepIdle {
		return
	}
	t.reply(e.prompt(t, s))
}

// advance goes to the step after from.
func (e *Engine) advance(t *turn, from step, ack string) {
	e.enter(t, t.conv.Draft.next(from), ack)
}

// reportText handles text typed while writing a report.
func (e *Engine) reportText(t *turn, text string) {
	d := &t.conv.Draft
	switch t.conv.Step {
	case stepDescription:
		n := utf8.RuneCountInString(text)
		switch {
		case n < minDescription:
			t.say(t.tr("desc_too_short", minDescription), []Button(t.navRow()))
		case n > models.MaxDescriptionLen:
			t.say(t.tr("desc_too_long", models.MaxDescriptionLen, n), []Button(t.navRow()))
		default:
			d.Description = text
			e.advance(t, stepDescription, "")
		}
	case stepPeople:
		n, err := strconv.Atoi(strings.NewReplacer(".", "", ",", "", " ", "").Replace(text))
		if err != nil || n < 1 || n > models.MaxPeopleCount {
			t.say(t.tr("people_invalid", models.MaxPeopleCount), []Button(t.navRow()))
			return
		}
		d.PeopleCount = n
		e.advance(t, stepPeople, "")
	case stepLocation:
		if isWord(text, "skip") {
			e.skip(t)
			return
		}
		if n := utf8.RuneCountInString(text); n < 5 || n > models.MaxAddressLen {
			t.say(t.tr("address_invalid", models.MaxAddressLen))
			return
		}
		d.Address, d.Lat, d.Lon, d.Similar = text, nil, nil, nil
		e.advance(t, stepLocation, t.tr("got_address"))
	case stepWard:
		if code, ok := e.wardByName(text); ok {
			d.Ward = code
			e.advance(t, stepWard, "")
			return
		}
		e.reprompt(t, "use_buttons")
	case stepPhotos:
		if isWord(text, "done") || isWord(text, "skip") {
			e.advance(t, stepPhotos, "")
			return
		}
		e.reprompt(t, "photos_expected")
	default:
		e.reprompt(t, "use_buttons")
	}
}

// reprompt explains what the step expects and asks again: text at the
// wrong step never goes unanswered.
func (e *Engine) reprompt(t *turn, key string) {
	r := e.prompt(t, t.conv.Step)
	r.Text = t.tr(key) + "\n\n" + r.Text
	t.reply(r)
}

// wardByName finds a ward by its name typed without diacritics or case.
func (e *Engine) wardByName(s string) (string, bool) {
	f := strings.TrimSpace(models.Fold(s))
	f = strings.TrimPrefix(strings.TrimPrefix(f, "phuong "), "ward ")
	for _, w := range e.svc.Catalogue().Wards {
		if models.Fold(w.NameVI) == f || models.Fold(w.NameEN) == f || w.Code == f {
			return w.Code, true
		}
	}
	return "", false
}

// location takes a shared location, at any step of a report.
func (e *Engine) location(t *turn) {
	c := t.conv
	switch {
	case c.Step == stepIdle || c.Step == stepInfo:
		t.say(t.tr("idle_location"), t.menu()...)
		return
	case stepIndex(c.Step) < stepIndex(stepLocation):
		e.reprompt(t, "location_too_early")
		return
	}
	d := &c.Draft
	lat, lon := t.in.Lat, t.in.Lon
	ans, err := e.svc.WhoHandles(t.ctx, whoHandles(d, &lat, &lon, ""))
	if err != nil {
		e.logErr(t, "who handles", err)
		t.sayErr(err)
		t.say(t.tr("location_again"))
		return
	}
	d.Lat, d.Lon, d.Ward, d.Address, d.Similar = &lat, &lon, ans.Ward, "", nil
	sims, err := e.svc.FindSimilar(t.ctx, d.Category, lat, lon)
	if err != nil {
		e.logErr(t, "find similar", err)
	}
	for _, s := range sims {
		d.Similar = append(d.Similar, similar{IssueID: s.Issue.ID, Code: s.Issue.Code, Title: s.Issue.Title, Distance: s.DistanceMeters})
	}
	// A location sent at a later step replaces the one given before and
	// walks the steps after it again (ward, me too, photos kept).
	got := t.tr("got_location", wardName(t.lang, e.svc.Catalogue(), ans.Ward))
	if ans.Ward == "" {
		if city, ok := e.svc.Catalogue().NameOf("city", "", t.lang); ok {
			got = t.tr("got_location_city", city)
		}
	}
	e.advance(t, stepLocation, got)
}
