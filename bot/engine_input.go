package bot

import (
	"strconv"
	"strings"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// text handles a typed message.
func (e *Engine) text(t *turn) {
	text := strings.TrimSpace(t.in.Text)
	c := t.conv
	switch {
	case c.Step == stepInfo:
		if isWord(text, "cancel") || isWord(text, "back") {
			e.leaveInfo(t, t.tr("info_cancelled"))
			return
		}
		e.sendInfo(t, text)
	case inDraft(c.Step):
		switch {
		case isWord(text, "cancel"):
			e.cancel(t)
		case isWord(text, "back"):
			e.back(t)
		default:
			e.reportText(t, text)
		}
	case looksLikeCode(text):
		e.status(t, text)
	default:
		t.say(t.tr("idle_text"), t.menu()...)
	}
}

// photo handles a photo: part of a report, of an answer to an official,
// or a hint to start a report.
func (e *Engine) photo(t *turn) {
	c := t.conv
	album := t.in.MediaGroupID
	// The photos of an album arrive as separate messages: the first one is
	// answered, the others join it silently.
	repeat := album != "" && album == c.LastAlbum
	c.LastAlbum = album
	if !repeat {
		c.LastAlbumFull = false
	}
	var photos *[]string
	switch {
	case c.Step == stepInfo && c.Info != nil:
		photos = &c.Info.Photos
	case inDraft(c.Step):
		photos = &c.Draft.Photos
	default:
		if !repeat {
			t.say(t.tr("idle_photo"), t.menu()...)
		}
		return
	}
	if len(*photos) >= models.MaxPhotos {
		if !c.LastAlbumFull {
			c.LastAlbumFull = album != ""
			t.say(t.tr("photos_full", models.MaxPhotos), e.photoNext(t)...)
		}
		return
	}
	if t.in.PhotoErr != nil {
		t.say(t.tr("photo_rejected", models.ErrorText(t.in.PhotoErr, t.lang, t.names)), e.photoNext(t)...)
		return
	}
	*photos = append(*photos, t.in.PhotoID)
	caption := strings.TrimSpace(t.in.Text)
	switch {
	case c.Step == stepInfo:
		// The caption of an album comes with its first photo: keep it and
		// send everything together when the person says so.
		if caption != "" {
			c.Info.Text = strings.TrimSpace(c.Info.Text + "\n" + caption)
		}
		if !repeat {
			t.say(t.tr("info_photo_received"), []Button{{Text: t.tr("btn_send_info"), Data: "x:send"}}, []Button{{Text: t.tr("btn_cancel"), Data: "x:cancel"}})
		}
	case c.Step == stepDescription && caption != "":
		// A photo with a caption is the description with its first photo.
		e.reportText(t, caption)
	case repeat:
	case c.Step == stepPhotos:
		t.say(t.tr("photo_received", len(*photos), models.MaxPhotos), e.photoButtons(t)...)
	default:
		e.reprompt(t, "photo_kept")
	}
}

// photoNext is what to press after photos.
func (e *Engine) photoNext(t *turn) [][]Button {
	if t.conv.Step == stepInfo {
		return [][]Button{{{Text: t.tr("btn_send_info"), Data: "x:send"}}}
	}
	if t.conv.Step == stepPhotos {
		return e.photoButtons(t)
	}
	return nil
}

// unsupported answers a sticker, voice message, video or file politely,
// saying what the bot can read.
func (e *Engine) unsupported(t *turn) {
	what := t.in.What
	if what == "" {
		what = "other"
	}
	msg := t.tr("unsupported", t.tr("what_"+what))
	if inDraft(t.conv.Step) || t.conv.Step == stepInfo {
		r := e.promptOrInfo(t)
		r.Text = msg + "\n\n" + r.Text
		t.reply(r)
		return
	}
	t.say(msg, t.menu()...)
}

func (e *Engine) promptOrInfo(t *turn) Reply {
	if t.conv.Step == stepInfo {
		return e.infoPrompt(t)
	}
	return e.prompt(t, t.conv.Step)
}

// callback handles a pressed button. Buttons of a step the conversation
// has left answer that they have expired.
func (e *Engine) callback(t *turn) {
	data := t.in.Data
	c := t.conv
	prefix, arg := data, ""
	if i := strings.IndexAny(data, ":#"); i >= 0 {
		prefix, arg = data[:i], data[i+1:]
	}
	cat := e.svc.Catalogue()
	switch {
	case prefix == "l" && (arg == "vi" || arg == "en"):
		e.setLang(t, arg)
	case prefix == "m":
		switch arg {
		case "report":
			e.startDraft(t)
		case "my":
			e.myIssues(t)
			e.remindDraft(t)
		default:
			t.say(e.helpText(t), t.menu()...)
		}
	case prefix == "v":
		e.status(t, arg)
	case prefix == "r":
		id, n, _ := strings.Cut(arg, ":")
		rating, err := strconv.Atoi(n)
		if err != nil {
			e.expired(t)
			return
		}
		e.rate(t, id, rating)
	case prefix == "o":
		e.reopen(t, arg)
	case prefix == "u":
		e.stopUpdates(t, arg)
	case prefix == "i":
		e.startInfo(t, arg)
	case prefix == "x":
		e.nav(t, arg)
	case prefix == "a" && c.Step == stepAs:
		c.Draft.AsOrg = arg == "org"
		e.advance(t, stepAs, "")
	case prefix == "c" && c.Step == stepCategory:
		codes := make([]string, len(cat.Categories))
		for i, x := range cat.Categories {
			codes[i] = x.Code
		}
		code, ok := pick(data, "c", codes)
		if !ok {
			e.expired(t)
			return
		}
		if code != c.Draft.Category {
			// Another category may be handled elsewhere: ask for the place again.
			c.Draft.Lat, c.Draft.Lon, c.Draft.Ward, c.Draft.Similar = nil, nil, "", nil
		}
		c.Draft.Category = code
		e.advance(t, stepCategory, "")
	case prefix == "w" && c.Step == stepWard:
		if arg == "-" {
			c.Draft.Ward = ""
			e.advance(t, stepWard, "")
			return
		}
		codes := make([]string, len(cat.Wards))
		for i, x := range cat.Wards {
			codes[i] = x.Code
		}
		code, ok := pick(data, "w", codes)
		if !ok {
			e.expired(t)
			return
		}
		c.Draft.Ward = code
		e.advance(t, stepWard, "")
	case prefix == "s" && c.Step == stepMeToo:
		e.support(t, arg)
	default:
		e.expired(t)
	}
}

// nav handles the navigation buttons.
func (e *Engine) nav(t *turn, what string) {
	c := t.conv
	switch {
	case what == "cancel":
		e.cancel(t)
	case what == "back":
		e.back(t)
	case what == "send" && c.Step == stepConfirm:
		e.submit(t)
	case what == "send" && c.Step == stepInfo:
		e.sendInfo(t, "")
	case (what == "done" || what == "skip") && c.Step == stepPhotos:
		e.advance(t, stepPhotos, "")
	case what == "new" && c.Step == stepMeToo:
		e.advance(t, stepMeToo, "")
	default:
		e.expired(t)
	}
}

// expired answers a button that no longer applies, and shows where the
// conversation stands.
func (e *Engine) expired(t *turn) {
	t.out.Toast = t.tr("expired")
	switch {
	case inDraft(t.conv.Step) || t.conv.Step == stepInfo:
		t.reply(e.promptOrInfo(t))
	default:
		t.say(t.tr("expired_menu"), t.menu()...)
	}
}

func (e *Engine) rate(t *turn, issueID string, rating int) {
	iss, err := e.svc.PublicIssue(t.ctx, issueID)
	if err == nil {
		iss, err = e.svc.Do(t.ctx, e.principalFor(t, iss), issueID, service.Action{Type: service.ActRate, Rating: rating})
	}
	if err != nil {
		e.logErr(t, "rate", err)
		t.out.Toast = t.tr("not_done")
		t.sayErr(err)
		return
	}
	t.out.Toast = t.tr("thanks")
	t.say(t.tr("rated", iss.Code, stars(rating)))
}

func (e *Engine) reopen(t *turn, issueID string) {
	iss, err := e.svc.PublicIssue(t.ctx, issueID)
	if err == nil {
		iss, err = e.svc.Do(t.ctx, e.principalFor(t, iss), issueID, service.Action{Type: service.ActReopen})
	}
	if err != nil {
		e.logErr(t, "reopen", err)
		t.out.Toast = t.tr("not_done")
		t.sayErr(err)
		return
	}
	t.say(t.tr("reopened", iss.Code))
}

// stopUpdates stops the updates a "me too" supporter gets about an issue.
func (e *Engine) stopUpdates(t *turn, issueID string) {
	if err := e.svc.StopSupportUpdates(t.ctx, t.principal(), issueID); err != nil {
		e.logErr(t, "stop updates", err)
		t.sayErr(err)
		return
	}
	code := strings.ToUpper(issueID)
	t.say(t.tr("updates_stopped", code, code))
}
