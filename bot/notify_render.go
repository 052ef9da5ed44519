package bot

import (
	"fmt"
	"strconv"

	"github.com/civicdesk/civicdesk/models"
)

// notice renders a notification for the reporter. skip is true when there
// is nothing to send: the first routing of an issue filed in this chat was
// already told in the reply that gave its code.
func notice(lang string, c *models.Catalogue, n *models.Notification, iss *models.Issue) (r Reply, skip bool) {
	if n.Text != "" {
		return Reply{Text: n.Text}, false
	}
	e := eventBySeq(iss, n.EventSeq)
	if e == nil || !e.Public {
		return Reply{}, true
	}
	code := iss.Code
	msg := func(head string) string {
		if e.Message != "" {
			head += "\n\n" + truncate(e.Message, 3000)
		}
		return head
	}
	var text string
	var buttons [][]Button
	switch n.Kind {
	case models.NotifyRouted:
		if initialRouting(iss, e) {
			return Reply{}, true
		}
		text = tr(lang, "n_routed", code, deptName(lang, c, e.To))
	case models.NotifyTransferred:
		text = msg(tr(lang, "n_transferred", code, deptName(lang, c, e.To))) + moved(lang, c, iss, e)
	case models.NotifyEscalated:
		text = msg(tr(lang, "n_escalated", code, deptName(lang, c, e.To))) + moved(lang, c, iss, e)
	case models.NotifyReturned:
		text = msg(tr(lang, "n_returned", code, deptName(lang, c, e.To))) + moved(lang, c, iss, e)
	case models.NotifyAnswered:
		text = msg(tr(lang, "n_answered", code, deptName(lang, c, actorDept(iss, e))))
	case models.NotifyInfoRequested:
		text = msg(tr(lang, "n_info_requested", code, deptName(lang, c, actorDept(iss, e)))) + "\n\n" + tr(lang, "n_info_hint")
		buttons = [][]Button{{{Text: tr(lang, "btn_reply_info"), Data: "i:" + iss.ID}}}
	case models.NotifyResolved:
		text = msg(tr(lang, "n_resolved", code)) + "\n\n" + tr(lang, "n_rate")
		var row []Button
		for i := 1; i <= 5; i++ {
			row = append(row, Button{Text: strconv.Itoa(i) + "⭐", Data: fmt.Sprintf("r:%s:%d", iss.ID, i)})
		}
		buttons = [][]Button{row, {{Text: tr(lang, "btn_reopen"), Data: "o:" + iss.ID}}}
	case models.NotifyRejected:
		if e.Type == models.EventMarkedDuplicate {
			text = tr(lang, "n_duplicate", code, e.To)
		} else {
			text = msg(tr(lang, "n_rejected", code, tr(lang, "reject_"+e.To)))
		}
	case models.NotifyClosed:
		text = tr(lang, "n_closed", code)
	case models.NotifySupporter:
		// A resident who said "me too": what happened, and how to stop.
		text = msg(tr(lang, "n_supporter", code, eventText(lang, c, e)))
		if e.Type == models.EventResolved {
			text = msg(tr(lang, "n_supporter_resolved", code))
		}
		buttons = [][]Button{{{Text: tr(lang, "btn_stop_updates"), Data: "u:" + iss.ID}}}
	default:
		text = tr(lang, "n_update", code)
	}
	text += "\n" + tr(lang, "n_status_hint", code)
	return Reply{Text: truncate(text, maxText), Inline: buttons}, false
}

// initialRouting: the routing done when the issue was filed through the
// bot, whose reply already named the department.
func initialRouting(iss *models.Issue, e *models.Event) bool {
	return e.Type == models.EventRouted && e.Seq == 2 && len(iss.Timeline) > 0 &&
		iss.Timeline[0].Type == models.EventCreated && iss.Reporter.Channel == models.ChannelTelegram
}

// actorDept is the department that acted, or the one handling the issue.
func actorDept(iss *models.Issue, e *models.Event) string {
	if e.Actor.Department != "" {
		return e.Actor.Department
	}
	return iss.Routing.Department
}

// moved tells, with a transfer, escalation or return, why the new office
// handles the issue and by when, while that move is the issue's latest.
func moved(lang string, c *models.Catalogue, iss *models.Issue, e *models.Event) string {
	if e.To != iss.Routing.Department || !iss.Open() {
		return ""
	}
	out := ""
	if w := why(lang, c, iss.Routing); w != "" {
		out += "\n\n" + w
	}
	if d := deadlines(lang, iss); d != "" {
		out += "\n" + d
	}
	return out
}
