package bot

import (
	"context"
	"strings"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/bot/tgupdate"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

// Department groups speak Vietnamese: they are the offices' own chats.
const groupLang = "vi"

// The card buttons' actions; each is data "d:<action>:<issue id>".
const actTake = "take"

// promptActions are the card buttons that need a text from the official,
// asked for with a message they reply to.
var promptActions = map[string]bool{
	string(service.ActAnswer): true, string(service.ActRequestInfo): true,
	string(service.ActResolve): true, string(service.ActEscalate): true,
}

// groupMessage handles a message in a group. Officials talk among
// themselves there, so the bot answers only replies to its own questions
// and commands addressed to it; anything else, stickers and edits
// included, is ignored: answering would spam the office's chat.
func (b *Bot) groupMessage(ctx context.Context, m *tgbotapi.Message, command, args string) error {
	if r := m.ReplyToMessage; r != nil {
		p, err := b.st.GetBotPrompt(ctx, m.Chat.ID, r.MessageID)
		switch {
		case err == nil:
			return b.promptReply(ctx, m, p)
		case models.ErrorCodeOf(err) != models.ENotFound:
			return err
		}
	}
	switch command { // "" when the message is no command to this bot
	case "status":
		text := tr(groupLang, "status_usage")
		if code := strings.TrimSpace(args); code != "" {
			if iss, err := b.svc.PublicIssue(ctx, code); err != nil {
				text = errorText(groupLang, err, b.svc.Catalogue())
			} else {
				text = renderTimeline(groupLang, b.svc.Catalogue(), iss)
			}
		}
		b.groupSay(ctx, m.Chat.ID, m.MessageID, text)
	case "start", "help", "chatid", "id":
		b.groupSay(ctx, m.Chat.ID, m.MessageID, tr(groupLang, "group_hello", m.Chat.ID))
	}
	return nil
}

// groupSay replies to a message in a group.
func (b *Bot) groupSay(ctx context.Context, chatID int64, replyTo int, text string) {
	msg := tgbotapi.NewMessage(chatID, truncate(text, maxText))
	msg.ReplyToMessageID = replyTo
	msg.AllowSendingWithoutReply = true
	if _, err := b.tg.send(ctx, chatID, msg); err != nil {
		b.log.WarnContext(ctx, "bot: cannot reply in group", "chat", chatID, "err", err)
	}
}

// groupCallback handles a card button. Only officials whose Telegram
// account is linked may press them, and the service decides what each
// may do; everyone else gets a polite refusal. Every press is answered.
func (b *Bot) groupCallback(ctx context.Context, q *tgbotapi.CallbackQuery) error {
	parts := strings.SplitN(q.Data, ":", 3)
	if len(parts) != 3 || parts[0] != "d" || (parts[1] != actTake && !promptActions[parts[1]]) {
		b.answer(ctx, q, tr(groupLang, "expired"), false)
		return nil
	}
	action, issueID := parts[1], parts[2]
	p, err := b.svc.PrincipalForTelegram(ctx, q.From.ID)
	if err != nil {
		if c := models.ErrorCodeOf(err); c == models.EForbidden || c == models.ENotFound {
			b.answer(ctx, q, tr(groupLang, "group_not_linked"), true)
		} else {
			b.answer(ctx, q, errorToast(groupLang, err, b.svc.Catalogue()), true)
		}
		return nil
	}
	if action == actTake {
		iss, err := b.svc.Do(ctx, p, issueID, service.Action{Type: service.ActStart})
		if err != nil {
			b.answer(ctx, q, errorToast(groupLang, err, b.svc.Catalogue()), true)
			return nil
		}
		b.answer(ctx, q, tr(groupLang, "toast_started", iss.Code), false)
		return nil
	}
	// Check before asking for a text that the official may see the issue;
	// whether they may do the action is decided when they send it.
	iss, err := b.svc.GetIssue(ctx, p, issueID)
	if err != nil {
		b.answer(ctx, q, errorToast(groupLang, err, b.svc.Catalogue()), true)
		return nil
	}
	name := tgupdate.DisplayName(q.From)
	msg := tgbotapi.NewMessage(q.Message.Chat.ID, tr(groupLang, "prompt_"+action, name, iss.Code))
	msg.ReplyToMessageID = q.Message.MessageID
	msg.AllowSendingWithoutReply = true
	// Mentioning the official makes the forced reply open on their phone
	// only, not on everyone's in the group.
	msg.Entities = []tgbotapi.MessageEntity{{Type: "text_mention", Offset: 0, Length: len(utf16.Encode([]rune(name))), User: q.From}}
	msg.ReplyMarkup = tgbotapi.ForceReply{ForceReply: true, Selective: true, InputFieldPlaceholder: iss.Code}
	sent, err := b.tg.send(ctx, q.Message.Chat.ID, msg)
	if err != nil {
		b.answer(ctx, q, tr(groupLang, "err_unavailable"), true)
		return nil
	}
	err = b.st.PutBotPrompt(ctx, &store.BotPrompt{ChatID: q.Message.Chat.ID, MessageID: sent.MessageID, IssueID: iss.ID,
		Action: action, UserID: q.From.ID, CreatedAt: b.clock.Now().UTC()})
	if err != nil {
		b.answer(ctx, q, errorToast(groupLang, err, b.svc.Catalogue()), true)
		return err
	}
	b.answer(ctx, q, tr(groupLang, "toast_prompted"), false)
	return nil
}

// promptReply carries out the action an official was asked a text for.
func (b *Bot) promptReply(ctx context.Context, m *tgbotapi.Message, p *store.BotPrompt) error {
	text := strings.TrimSpace(m.Text)
	if text == "" {
		b.groupSay(ctx, m.Chat.ID, m.MessageID, tr(groupLang, "group_text_only"))
		return nil
	}
	principal, err := b.svc.PrincipalForTelegram(ctx, m.From.ID)
	if err != nil {
		b.groupSay(ctx, m.Chat.ID, m.MessageID, tr(groupLang, "group_not_linked"))
		return nil
	}
	iss, err := b.svc.Do(ctx, principal, p.IssueID, service.Action{Type: service.ActionType(p.Action), Message: text})
	if err != nil {
		// The prompt stays: the official can reply to it again.
		b.groupSay(ctx, m.Chat.ID, m.MessageID, errorText(groupLang, err, b.svc.Catalogue()))
		return nil
	}
	if err := b.st.DeleteBotPrompt(ctx, p.ChatID, p.MessageID); err != nil {
		b.log.WarnContext(ctx, "bot: cannot delete answered prompt", "err", err)
	}
	if p.Action == string(service.ActEscalate) {
		// The outbox posts to the department the issue went to; this
		// group's card must lose its buttons now.
		b.refreshCards(ctx, iss.ID)
	}
	b.groupSay(ctx, m.Chat.ID, m.MessageID, tr(groupLang, "done_"+p.Action, iss.Code))
	return nil
}
