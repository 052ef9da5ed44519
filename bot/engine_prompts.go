package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/civicdesk/civicdesk/models"
)

// prompt asks for what step s needs.
func (e *Engine) prompt(t *turn, s step) Reply {
	d := &t.conv.Draft
	cat := e.svc.Catalogue()
	switch s {
	case stepAs:
		return Reply{Text: t.tr("ask_as", d.OrgName), Inline: [][]Button{
			{{Text: t.tr("btn_as_me"), Data: "a:me"}},
			{{Text: t.tr("btn_as_org", d.OrgName), Data: "a:org"}},
			{{Text: t.tr("btn_cancel"), Data: "x:cancel"}},
		}}
	case stepCategory:
		var rows [][]Button
		for i, c := range cat.Categories {
			rows = append(rows, []Button{{Text: c.Name(t.lang) + " · " + levelName(t.lang, c.DefaultLevel), Data: indexedData("c", c.Code, i)}})
		}
		rows = append(rows, t.navRow())
		return Reply{Text: t.tr("ask_category"), Inline: rows}
	case stepDescription:
		c, _ := cat.Category(d.Category)
		hint := c.HintVI
		if t.lang == "en" {
			hint = c.HintEN
		}
		return Reply{Text: t.tr("ask_description", c.Name(t.lang), hint), Inline: [][]Button{t.navRow()}}
	case stepPeople:
		return Reply{Text: t.tr("ask_people", d.OrgName), Inline: [][]Button{t.navRow()}}
	case stepLocation:
		return Reply{Text: t.tr("ask_location"), Keyboard: [][]KeyButton{
			{{Text: t.tr("key_send_location"), RequestLocation: true}},
			{{Text: t.tr("key_skip")}},
			{{Text: t.tr("key_back")}, {Text: t.tr("key_cancel")}},
		}}
	case stepWard:
		var rows [][]Button
		for i, w := range cat.Wards {
			rows = appendButton(rows, Button{Text: w.Name(t.lang), Data: indexedData("w", w.Code, i)}, 2)
		}
		if c, _ := cat.Category(d.Category); c.DefaultLevel == models.LevelCity {
			rows = append(rows, []Button{{Text: t.tr("btn_ward_unknown"), Data: "w:-"}})
		}
		rows = append(rows, t.navRow())
		return Reply{Text: t.tr("ask_ward"), Inline: rows}
	case stepMeToo:
		var b strings.Builder
		b.WriteString(t.tr("ask_metoo") + "\n")
		var rows [][]Button
		for _, s := range d.Similar {
			fmt.Fprintf(&b, "\n• %s — %s (%s)", s.Code, s.Title, distance(s.Distance))
			rows = append(rows, []Button{{Text: t.tr("btn_metoo", s.Code), Data: "s:" + s.IssueID}})
		}
		rows = append(rows, []Button{{Text: t.tr("btn_file_new"), Data: "x:new"}}, t.navRow())
		return Reply{Text: b.String(), Inline: rows}
	case stepPhotos:
		return Reply{Text: t.tr("ask_photos", models.MaxPhotos), Inline: e.photoButtons(t)}
	case stepConfirm:
		return Reply{Text: e.summary(t), Inline: [][]Button{
			{{Text: t.tr("btn_send"), Data: "x:send"}},
			t.navRow(),
		}}
	}
	return Reply{Text: t.tr("help")}
}

func (e *Engine) photoButtons(t *turn) [][]Button {
	n := len(t.conv.Draft.Photos)
	done := Button{Text: t.tr("btn_skip_photos"), Data: "x:done"}
	if n > 0 {
		done = Button{Text: t.tr("btn_photos_done", n), Data: "x:done"}
	}
	return [][]Button{{done}, t.navRow()}
}

// indexedData is a button's data naming a catalogue entry by code, or by
// position when the code would exceed Telegram's 64 bytes of data.
func indexedData(prefix, code string, i int) string {
	if len(prefix)+1+len(code) <= 64 {
		return prefix + ":" + code
	}
	return prefix + "#" + strconv.Itoa(i)
}

// pick resolves indexedData back to a code; ok is false if it names nothing.
func pick(data, prefix string, codes []string) (string, bool) {
	if v, ok := strings.CutPrefix(data, prefix+":"); ok {
		for _, c := range codes {
			if c == v {
				return c, true
			}
		}
		return "", false
	}
	if v, ok := strings.CutPrefix(data, prefix+"#"); ok {
		if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(codes) {
			return codes[i], true
		}
	}
	return "", false
}
