package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

func whoHandles(d *draft, lat, lon *float64, ward string) service.WhoHandlesQuery {
	q := service.WhoHandlesQuery{Category: d.Category, Lat: lat, Lon: lon, Ward: ward, ReporterKind: models.ReporterResident}
	if d.AsOrg {
		q.ReporterKind = models.ReporterOrganisation
	}
	return q
}

// summary is the draft as it will be filed, with who will handle it.
func (e *Engine) summary(t *turn) string {
	d := &t.conv.Draft
	c := e.svc.Catalogue()
	cat, _ := c.Category(d.Category)
	var b strings.Builder
	b.WriteString(t.tr("summary_title") + "\n")
	fmt.Fprintf(&b, "• %s: %s · %s\n", t.tr("f_category"), cat.Name(t.lang), levelName(t.lang, cat.DefaultLevel))
	fmt.Fprintf(&b, "• %s: %s\n", t.tr("f_description"), truncate(d.Description, 600))
	switch {
	case d.Lat != nil:
		place := wardName(t.lang, c, d.Ward)
		if city, ok := c.NameOf("city", "", t.lang); ok && d.Ward == "" {
			place = t.tr("outside_wards", city) // on the river
		}
		fmt.Fprintf(&b, "• %s: 📍 %.5f, %.5f (%s)\n", t.tr("f_location"), *d.Lat, *d.Lon, place)
	case d.Address != "":
		fmt.Fprintf(&b, "• %s: %s\n", t.tr("f_address"), d.Address)
	}
	if d.Lat == nil {
		fmt.Fprintf(&b, "• %s: %s\n", t.tr("f_ward"), wardName(t.lang, c, d.Ward))
	}
	fmt.Fprintf(&b, "• %s: %d\n", t.tr("f_photos"), len(d.Photos))
	if d.AsOrg {
		fmt.Fprintf(&b, "• %s: %s (%s)\n", t.tr("f_on_behalf"), d.OrgName, t.tr("people_n", d.PeopleCount))
	}
	if ans, err := e.svc.WhoHandles(t.ctx, whoHandles(d, d.Lat, d.Lon, d.wardIfNoPoint())); err == nil {
		fmt.Fprintf(&b, "• %s: %s\n", t.tr("f_handler"), ans.Department.Name(t.lang))
	}
	b.WriteString("\n" + t.tr("confirm_hint"))
	return b.String()
}

func (d *draft) wardIfNoPoint() string {
	if d.Lat != nil {
		return ""
	}
	return d.Ward
}

// title makes the issue's title from the description's first line.
func title(desc, category string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(desc), "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) > 80 {
		r := []rune(line)[:80]
		if i := strings.LastIndexByte(string(r), ' '); i > 40 {
			line = string(r)[:i]
		} else {
			line = string(r)
		}
		line += "…"
	}
	if utf8.RuneCountInString(line) < models.MinTitleLen {
		line = category + ": " + line
	}
	return line
}

// submit files the draft.
func (e *Engine) submit(t *turn) {
	d := &t.conv.Draft
	key := "bot:draft:" + d.ID
	if code := e.filedBefore(t, key); code != "" {
		// The first "send" went through but the conversation was not saved
		// (a crash in between): show that issue instead of filing twice.
		if iss, err := e.svc.PublicIssue(t.ctx, code); err == nil {
			e.filed(t, iss)
			return
		}
	}
	c := e.svc.Catalogue()
	cat, _ := c.Category(d.Category)
	p := t.principal()
	if d.AsOrg {
		p = orgPrincipal(d.OrgID, d.OrgName)
	}
	in := service.NewIssue{
		Title: title(d.Description, cat.Name(t.lang)), Description: d.Description, Category: d.Category,
		Lat: d.Lat, Lon: d.Lon, Address: d.Address, Ward: d.wardIfNoPoint(),
		Channel: e.channel, Contact: models.Contact{Name: t.who.Name, TelegramChatID: t.who.ChatID, Lang: t.lang},
	}
	if d.AsOrg {
		in.PeopleCount = d.PeopleCount
	}
	in.Photos = e.uploads(t, d.Photos)
	iss, err := e.svc.CreateIssue(t.ctx, p, in)
	if err != nil {
		e.logErr(t, "create issue", err)
		t.sayErr(err)
		if s := stepForFields(models.ErrorFieldsOf(err)); s != stepIdle && d.applies(s) {
			e.enter(t, s, "")
			return
		}
		t.reply(e.prompt(t, stepConfirm))
		return
	}
	e.rememberFiled(t, key, iss.Code)
	e.photosFiled(t, iss)
	e.filed(t, iss)
}

// uploads are the photos of a report or an answer, with their bytes when
// they can be had (the transport downloaded them as they came).
func (e *Engine) uploads(t *turn, ids []string) []service.PhotoUpload {
	var out []service.PhotoUpload
	for _, id := range ids {
		up := service.PhotoUpload{TelegramFileID: id}
		if e.photos != nil {
			up.Data = e.photos.data(t.ctx, id)
		}
		out = append(out, up)
	}
	return out
}

// photosFiled hands the issue's photos to the transport, which fetches
// later those Telegram did not give yet.
func (e *Engine) photosFiled(t *turn, iss *models.Issue) {
	if e.photos != nil {
		e.photos.filed(t.ctx, iss, t.who.ChatID, t.lang)
	}
}

// pendingPhotos counts the photos still to be fetched from Telegram.
func pendingPhotos(iss *models.Issue) int {
	n := 0
	for _, ph := range iss.Photos {
		if ph.TelegramFileID != "" && ph.Size == 0 {
			n++
		}
	}
	return n
}

// filed tells the person their issue's code, who handles it and by when.
func (e *Engine) filed(t *turn, iss *models.Issue) {
	c := e.svc.Catalogue()
	dept, _ := c.Department(iss.Routing.Department)
	msg := t.tr("filed", iss.Code, dept.Name(t.lang))
	if w := why(t.lang, c, iss.Routing); w != "" {
		msg += "\n" + w
	}
	if d := deadlines(t.lang, iss); d != "" {
		msg += "\n\n" + d
	}
	if n := pendingPhotos(iss); n > 0 {
		msg += "\n" + t.tr("photos_later", n)
	}
	msg += "\n\n" + t.tr("filed_hint", iss.Code)
	t.conv.Step, t.conv.Draft = stepIdle, draft{}
	t.say(msg, t.menu()...)
}

func (e *Engine) filedBefore(t *turn, key string) string {
	if e.idem == nil {
		return ""
	}
	r, err := e.idem.GetIdempotent(t.ctx, key)
	if err != nil {
		return ""
	}
	return string(r.Body)
}

func (e *Engine) rememberFiled(t *turn, key, code string) {
	if e.idem == nil {
		return
	}
	err := e.idem.PutIdempotent(t.ctx, &models.IdempotentResponse{ID: key, Body: []byte(code), ContentType: "text/plain", CreatedAt: e.clock.Now().UTC()})
	if err != nil {
		e.log.WarnContext(t.ctx, "bot: cannot remember filed draft", "issue", code, "err", err)
	}
}

// stepForFields is the step where a rejected field can be fixed.
func stepForFields(fields map[string]string) step {
	for f := range fields {
		switch {
		case f == "description" || f == "title":
			return stepDescription
		case f == "category":
			return stepCategory
		case f == "people_count":
			return stepPeople
		case f == "address" || f == "location" || f == "lat" || f == "lon" || f == "ward":
			return stepLocation
		case strings.HasPrefix(f, "photos"):
			return stepPhotos
		}
	}
	return stepIdle
}

// support adds the person to an existing issue instead of filing a new one.
func (e *Engine) support(t *turn, issueID string) {
	d := &t.conv.Draft
	p := t.principal()
	if d.AsOrg {
		p = orgPrincipal(d.OrgID, d.OrgName)
	}
	iss, err := e.svc.Do(t.ctx, p, issueID, service.Action{Type: service.ActSupport})
	if err != nil {
		e.logErr(t, "support", err)
		t.sayErr(err)
		t.reply(e.prompt(t, stepMeToo))
		return
	}
	t.conv.Step, t.conv.Draft = stepIdle, draft{}
	t.say(t.tr("supported", iss.Code, iss.Supporters), t.menu()...)
}
