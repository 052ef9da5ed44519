package bot

import (
	"strings"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// infoRequested is raised by the outbox sender when an official asks the
// reporter for more information: the person's next message answers it,
// unless they are writing a report (then the notice's button does).
func (e *Engine) infoRequested(t *turn) {
	c := t.conv
	if inDraft(c.Step) {
		return
	}
	ret := stepIdle
	if c.Step == stepInfo && c.Info != nil {
		ret = c.Info.Return
	}
	c.Info = &infoReply{IssueID: t.in.IssueID, Code: t.in.IssueCode, Return: ret}
	c.Step = stepInfo
}

// startInfo begins answering a request for information (its button).
func (e *Engine) startInfo(t *turn, issueID string) {
	iss, err := e.svc.PublicIssue(t.ctx, issueID)
	if err != nil {
		e.logErr(t, "public issue", err)
		t.sayErr(err)
		return
	}
	if iss.Status != models.StatusWaiting {
		t.out.Toast = t.tr("expired")
		t.say(t.tr("info_not_waiting", iss.Code))
		return
	}
	c := t.conv
	ret := c.Step
	if c.Step == stepInfo && c.Info != nil {
		ret = c.Info.Return
	}
	c.Info = &infoReply{IssueID: iss.ID, Code: iss.Code, Return: ret}
	c.Step = stepInfo
	t.reply(e.infoPrompt(t))
}

func (e *Engine) infoPrompt(t *turn) Reply {
	return Reply{Text: t.tr("info_prompt", t.conv.Info.Code), Inline: [][]Button{{{Text: t.tr("btn_cancel"), Data: "x:cancel"}}}}
}

// sendInfo sends the person's answer (text and any photos collected).
func (e *Engine) sendInfo(t *turn, text string) {
	c := t.conv
	info := c.Info
	if info == nil {
		c.Step = stepIdle
		e.expired(t)
		return
	}
	msg := strings.TrimSpace(info.Text + "\n" + text)
	if msg == "" && len(info.Photos) == 0 {
		t.reply(e.infoPrompt(t))
		return
	}
	act := service.Action{Type: service.ActProvideInfo, Message: msg}
	act.Photos = e.uploads(t, info.Photos)
	iss, err := e.svc.PublicIssue(t.ctx, info.IssueID)
	if err == nil {
		var after *models.Issue
		if after, err = e.svc.Do(t.ctx, e.principalFor(t, iss), info.IssueID, act); err == nil {
			e.photosFiled(t, after)
		}
	}
	if err != nil {
		e.logErr(t, "provide info", err)
		t.sayErr(err)
		if models.ErrorCodeOf(err) == models.EConflict || models.ErrorCodeOf(err) == models.ENotFound {
			e.leaveInfo(t, "")
		}
		return
	}
	e.leaveInfo(t, t.tr("info_sent", info.Code))
}

// leaveInfo ends answering and returns to the report being written, if any.
func (e *Engine) leaveInfo(t *turn, msg string) {
	c := t.conv
	ret := stepIdle
	if c.Info != nil {
		ret = c.Info.Return
	}
	c.Info = nil
	c.Step = ret
	if !inDraft(ret) {
		c.Step = stepIdle
		if msg != "" {
			t.say(msg, t.menu()...)
		}
		return
	}
	if msg != "" {
		t.say(msg)
	}
	r := e.prompt(t, ret)
	r.Text = t.tr("continue_draft") + "\n\n" + r.Text
	t.reply(r)
}
