package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/civicdesk/civicdesk/models"
)

// codeRE matches an issue code as people type it: KL-26-00042.
var codeRE = regexp.MustCompile(`^[A-Za-z]{1,10}-\d{2}-\d{3,}$`)

func looksLikeCode(s string) bool { return codeRE.MatchString(strings.TrimSpace(s)) }

func (e *Engine) command(t *turn) {
	args := strings.TrimSpace(t.in.Text)
	switch strings.ToLower(t.in.Command) {
	case "start":
		e.start(t, args)
	case "report", "baocao", "new":
		e.startDraft(t)
	case "my", "cuatoi":
		e.myIssues(t)
		e.remindDraft(t)
	case "status", "tracuu":
		if args == "" {
			t.say(t.tr("status_usage"))
		} else {
			e.status(t, args)
		}
		e.remindDraft(t)
	case "lang", "language", "ngonngu":
		e.langCommand(t, args)
	case "help", "trogiup":
		t.say(e.helpText(t), t.menu()...)
		e.remindDraft(t)
	case "cancel", "huy":
		e.cancel(t)
	case "back":
		e.back(t)
	default:
		t.say(t.tr("unknown_command", t.in.Command)+"\n\n"+e.helpText(t), t.menu()...)
	}
}

// start greets, or follows a deep link: t.me/<bot>?start=<payload> opens
// an issue's timeline (an issue code) or redeems an invite (a token).
func (e *Engine) start(t *turn, payload string) {
	switch {
	case payload == "":
		t.say(e.greeting(t), t.menu()...)
		e.remindDraft(t)
	case looksLikeCode(payload):
		e.status(t, payload)
	default:
		e.redeem(t, payload)
	}
}

// greeting says what the bot does, then what the ward and the city each
// handle, one short line per level (category names hold commas, so the
// items are set apart with "·"), from the catalogue's default levels.
func (e *Engine) greeting(t *turn) string {
	c := e.svc.Catalogue()
	var ward, city []string
	for _, cat := range c.Categories {
		if cat.Code == "other" {
			continue
		}
		name := cat.Name(t.lang)
		if cat.DefaultLevel == models.LevelCity {
			city = append(city, name)
		} else {
			ward = append(ward, name)
		}
	}
	cityName := c.City.NameVI
	if t.lang == "en" {
		cityName = c.City.NameEN
	}
	return t.tr("greeting", cityName, strings.Join(ward, " · "), strings.Join(city, " · "))
}

// lowerFirst puts a name in the middle of a sentence: "Đất đai" becomes
// "đất đai", but "Sông Hương, ..." and "Perfume River ..." stay, since
// their second word shows a proper name.
func lowerFirst(s string) string {
	words := strings.Fields(s)
	if len(words) > 1 {
		if r, _ := utf8.DecodeRuneInString(words[1]); unicode.IsUpper(r) {
			return s
		}
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func (e *Engine) helpText(t *turn) string { return t.tr("help") }

func (e *Engine) redeem(t *turn, token string) {
	res, err := e.dir.redeem(t.ctx, t.in, token)
	if err != nil {
		e.logErr(t, "redeem invite", err)
		t.sayErr(err)
		return
	}
	switch {
	case res.Organisation != nil:
		t.say(t.tr("joined_org", res.Organisation.Name(t.lang)), t.menu()...)
	case res.User != nil:
		t.say(t.tr("linked_official", res.User.Name))
	}
}

func (e *Engine) langCommand(t *turn, arg string) {
	arg = strings.ToLower(arg)
	if arg == "vi" || arg == "en" {
		e.setLang(t, arg)
		return
	}
	t.say(t.tr("lang_choose"), []Button{{Text: "🇻🇳 Tiếng Việt", Data: "l:vi"}, {Text: "🇬🇧 English", Data: "l:en"}})
}

func (e *Engine) setLang(t *turn, lang string) {
	if err := e.dir.setLang(t.ctx, t.in, lang); err != nil {
		e.logErr(t, "set language", err)
		t.sayErr(err)
		return
	}
	t.lang, t.conv.Lang = lang, lang
	t.say(t.tr("lang_set"), t.menu()...)
	e.remindDraft(t)
}

// status shows an issue's public timeline.
func (e *Engine) status(t *turn, code string) {
	iss, err := e.svc.PublicIssue(t.ctx, strings.TrimSpace(code))
	if err != nil {
		e.logErr(t, "public issue", err)
		t.sayErr(err)
		return
	}
	t.say(renderTimeline(t.lang, e.svc.Catalogue(), iss))
}

// myIssues lists the person's reports and, for members, their
// organisation's concerns.
func (e *Engine) myIssues(t *turn) {
	f := models.IssueFilter{Limit: 10, Sort: models.SortCreated, Desc: true}
	page, err := e.svc.ListIssues(t.ctx, t.principal(), f)
	if err != nil {
		e.logErr(t, "list issues", err)
		t.sayErr(err)
		return
	}
	var b strings.Builder
	var buttons [][]Button
	list := func(title string, issues []models.Issue) {
		b.WriteString(title + "\n")
		for i := range issues {
			b.WriteString(issueLine(t.lang, &issues[i]) + "\n")
			buttons = appendButton(buttons, Button{Text: issues[i].Code, Data: "v:" + issues[i].Code}, 2)
		}
	}
	if len(page.Issues) > 0 {
		list(t.tr("my_title"), page.Issues)
	}
	m, err := e.dir.member(t.ctx, t.in)
	if err != nil {
		e.logErr(t, "membership", err)
	}
	if m != nil {
		op, err := e.svc.ListIssues(t.ctx, orgPrincipal(m.OrgID, m.OrgName), f)
		if err != nil {
			e.logErr(t, "list organisation issues", err)
			t.sayErr(err)
			return
		}
		if len(op.Issues) > 0 {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			list(t.tr("org_title", m.OrgName), op.Issues)
		}
	}
	if b.Len() == 0 {
		t.say(t.tr("my_empty"), t.menu()...)
		return
	}
	b.WriteString("\n" + t.tr("my_hint"))
	t.say(b.String(), buttons...)
}

// appendButton adds b to the last row, starting a new row at perRow.
func appendButton(rows [][]Button, b Button, perRow int) [][]Button {
	if len(rows) == 0 || len(rows[len(rows)-1]) >= perRow {
		return append(rows, []Button{b})
	}
	rows[len(rows)-1] = append(rows[len(rows)-1], b)
	return rows
}

// remindDraft shows the current step again after a side trip (/my,
// /status ...), so the person sees how to carry on with their report.
func (e *Engine) remindDraft(t *turn) {
	switch {
	case inDraft(t.conv.Step):
		r := e.prompt(t, t.conv.Step)
		r.Text = t.tr("continue_draft") + "\n\n" + r.Text
		t.reply(r)
	case t.conv.Step == stepInfo && t.conv.Info != nil:
		t.reply(e.infoPrompt(t))
	}
}
