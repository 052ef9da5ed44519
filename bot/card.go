package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
	"github.com/civicdesk/civicdesk/store"
)

// renderCard is an issue as its department's group sees it. Personal data
// of the reporter stays out: a group may hold people who are not
// officials; the web interface shows it to those allowed.
func renderCard(c *models.Catalogue, iss *models.Issue, dept string) (string, [][]Button) {
	l := groupLang
	cat, _ := c.Category(iss.Category)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s · %s\n", statusIcon[iss.Status], iss.Code, cat.Name(l))
	fmt.Fprintf(&b, "%s: %s", tr(l, "f_status"), statusName(l, iss.Status))
	if iss.SLA.Overdue() && iss.Open() {
		b.WriteString(" · " + tr(l, "card_overdue"))
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "%s: %s\n", tr(l, "card_dept"), deptName(l, c, iss.Routing.Department))
	if iss.Routing.Department != dept {
		b.WriteString(tr(l, "card_moved", deptName(l, c, iss.Routing.Department)) + "\n")
	}
	fmt.Fprintf(&b, "%s: %s\n", tr(l, "card_ward"), wardName(l, c, iss.Location.WardCode))
	if iss.Location.HasPoint() {
		fmt.Fprintf(&b, "%s: %.5f, %.5f https://maps.google.com/?q=%.6f,%.6f\n", tr(l, "card_location"),
			*iss.Location.Lat, *iss.Location.Lon, *iss.Location.Lat, *iss.Location.Lon)
	}
	if iss.Location.Address != "" {
		fmt.Fprintf(&b, "%s: %s\n", tr(l, "card_address"), iss.Location.Address)
	}
	fmt.Fprintf(&b, "%s: %s\n", tr(l, "card_reporter"), reporterText(l, iss))
	if iss.Open() {
		if iss.SLA.FirstResponseAt == nil && iss.SLA.ResponseDue != nil {
			fmt.Fprintf(&b, "%s: %s\n", tr(l, "card_due_response"), formatTime(*iss.SLA.ResponseDue))
		}
		if iss.SLA.ResolutionDue != nil {
			fmt.Fprintf(&b, "%s: %s\n", tr(l, "card_due"), formatTime(*iss.SLA.ResolutionDue))
		}
	}
	if iss.Supporters > 0 {
		fmt.Fprintf(&b, "%s: %d\n", tr(l, "f_supporters"), iss.Supporters)
	}
	if len(iss.Photos) > 0 {
		fmt.Fprintf(&b, "%s: %d\n", tr(l, "card_photos"), len(iss.Photos))
	}
	b.WriteString("\n")
	if !strings.HasPrefix(iss.Description, strings.TrimSuffix(iss.Title, "…")) {
		b.WriteString(iss.Title + "\n") // the bot's titles are the description's start
	}
	b.WriteString(truncate(iss.Description, 1500) + "\n")
	if e := iss.LastEvent(); e != nil && e.Type != models.EventCreated {
		fmt.Fprintf(&b, "\n%s: %s — %s", tr(l, "card_last"), e.At.In(hcm).Format("15:04 02/01"), eventText(l, c, e))
		if e.Actor.Kind == models.ActorOfficial && e.Actor.Name != "" {
			b.WriteString(" (" + e.Actor.Name + ")")
		}
	}
	return truncate(b.String(), maxText), cardButtons(iss, dept)
}

func reporterText(l string, iss *models.Issue) string {
	switch iss.Reporter.Kind {
	case models.ReporterOrganisation:
		return tr(l, "people_n", iss.Reporter.PeopleCount) + " (" + tr(l, "f_on_behalf") + ")"
	case models.ReporterOfficial:
		return tr(l, "card_official")
	}
	return tr(l, "card_resident")
}

// cardButtons are the actions the department can take now; none once the
// issue is closed or has moved to another department.
func cardButtons(iss *models.Issue, dept string) [][]Button {
	if !iss.Open() || iss.Routing.Department != dept {
		return nil
	}
	l := groupLang
	btn := func(key string, act string) Button {
		return Button{Text: tr(l, key), Data: "d:" + act + ":" + iss.ID}
	}
	var rows [][]Button
	if iss.Status == models.StatusRouted {
		rows = append(rows, []Button{btn("btn_take", actTake)})
	}
	row := []Button{btn("btn_answer", string(service.ActAnswer))}
	if iss.Status != models.StatusWaiting {
		row = append(row, btn("btn_ask", string(service.ActRequestInfo)))
	}
	rows = append(rows, row, []Button{btn("btn_resolve", string(service.ActResolve))})
	if iss.Routing.Level == models.LevelWard {
		rows = append(rows, []Button{btn("btn_escalate", string(service.ActEscalate))})
	}
	return rows
}

// postCard brings a department group's card of the issue up to date:
// the first time it is posted (with the photos), afterwards edited in
// place. The rate-limit token for this first call was taken by the sender.
func (b *Bot) postCard(ctx context.Context, n *models.Notification) error {
	iss, err := b.st.GetIssue(ctx, n.IssueID)
	if models.ErrorCodeOf(err) == models.ENotFound {
		return nil // nothing left to show
	}
	if err != nil {
		return err
	}
	cat := b.svc.Catalogue()
	card, err := b.st.GetBotCard(ctx, iss.ID, n.ChatID)
	if err != nil && models.ErrorCodeOf(err) != models.ENotFound {
		return err
	}
	if card != nil {
		text, buttons := renderCard(cat, iss, card.Department)
		err := b.editCard(ctx, card, text, buttons, false)
		if messageGone(err) {
			card = nil // deleted in the group: post it again
		} else if err != nil {
			return err
		}
	}
	fresh := card == nil
	if fresh {
		dept := n.Department
		text, buttons := renderCard(cat, iss, dept)
		m := tgbotapi.NewMessage(n.ChatID, text)
		if len(buttons) > 0 {
			m.ReplyMarkup = inlineMarkup(buttons)
		}
		resp, err := b.tg.call(ctx, n.ChatID, m, false)
		if err != nil {
			return err
		}
		card = &store.BotCard{IssueID: iss.ID, ChatID: n.ChatID, MessageID: messageIDOf(resp), Department: dept, UpdatedAt: b.clock.Now().UTC()}
		if err := b.st.PutBotCard(ctx, card); err != nil {
			return err
		}
		b.sendPhotos(ctx, card, iss, iss.Photos)
	}
	if err := b.eventLine(ctx, card, iss, n.EventSeq, fresh); err != nil {
		return err
	}
	b.refreshOtherCards(ctx, iss, n.ChatID)
	return nil
}

// editCard edits a card; a card that already shows this is up to date.
func (b *Bot) editCard(ctx context.Context, card *store.BotCard, text string, buttons [][]Button, wait bool) error {
	var cfg tgbotapi.EditMessageTextConfig
	if len(buttons) > 0 {
		cfg = tgbotapi.NewEditMessageTextAndMarkup(card.ChatID, card.MessageID, text, inlineMarkup(buttons))
	} else {
		// Without reply_markup Telegram removes the buttons.
		cfg = tgbotapi.NewEditMessageText(card.ChatID, card.MessageID, text)
	}
	_, err := b.tg.call(ctx, card.ChatID, cfg, wait)
	if notModified(err) {
		return nil
	}
	return err
}

// refreshOtherCards updates the cards of the issue in other groups (the
// department it came from), so they no longer offer actions they can't take.
func (b *Bot) refreshOtherCards(ctx context.Context, iss *models.Issue, except int64) {
	cards, err := b.st.ListBotCards(ctx, iss.ID)
	if err != nil {
		b.log.WarnContext(ctx, "bot: cannot list cards", "issue", iss.Code, "err", err)
		return
	}
	for i := range cards {
		if cards[i].ChatID == except {
			continue
		}
		text, buttons := renderCard(b.svc.Catalogue(), iss, cards[i].Department)
		if err := b.editCard(ctx, &cards[i], text, buttons, true); err != nil && !messageGone(err) {
			b.log.WarnContext(ctx, "bot: cannot refresh card", "issue", iss.Code, "chat", cards[i].ChatID, "err", err)
		}
	}
}

// refreshCards updates every card of an issue, after it moved to another
// department: the outbox only posts to the department it went to.
func (b *Bot) refreshCards(ctx context.Context, issueID string) {
	iss, err := b.st.GetIssue(ctx, issueID)
	if err != nil {
		b.log.WarnContext(ctx, "bot: cannot load issue to refresh cards", "issue", issueID, "err", err)
		return
	}
	b.refreshOtherCards(ctx, iss, 0)
}

// sendPhotos shows the photos under the card, each tried a few times
// like a direct reply (the card is stored already, so a retry never posts
// it again); one Telegram keeps refusing is logged and left out: the
// photos are a courtesy, the card holds the issue.
func (b *Bot) sendPhotos(ctx context.Context, card *store.BotCard, iss *models.Issue, photos []models.Photo) {
	for i, ph := range photos {
		// Photos from Telegram go by their file_id; others (API, web, the
		// officials' "after" pictures) are uploaded from the store (#7).
		var file tgbotapi.RequestFileData
		switch {
		case ph.TelegramFileID != "":
			file = tgbotapi.FileID(ph.TelegramFileID)
		case ph.Size > 0:
			pd, err := b.svc.Photo(ctx, iss.ID, ph.ID)
			if err != nil {
				b.log.WarnContext(ctx, "bot: cannot read photo for the group", "issue", iss.Code, "err", err)
				continue
			}
			file = tgbotapi.FileBytes{Name: ph.ID, Bytes: pd.Data}
		default:
			continue
		}
		p := tgbotapi.NewPhoto(card.ChatID, file)
		p.Caption = fmt.Sprintf("%s (%d/%d)", iss.Code, i+1, len(photos))
		if ph.After {
			p.Caption += " — " + tr(groupLang, "photo_after")
		}
		p.ReplyToMessageID = card.MessageID
		p.AllowSendingWithoutReply = true
		if _, err := b.tg.callRetry(ctx, card.ChatID, p); err != nil {
			b.log.WarnContext(ctx, "bot: cannot send photo to group", "issue", iss.Code, "err", err)
		}
	}
}

// eventLine posts, under the card, the events officials must notice: an
// edit does not notify anyone, a new message does.
// A fresh card has shown every photo already.
func (b *Bot) eventLine(ctx context.Context, card *store.BotCard, iss *models.Issue, seq int, fresh bool) error {
	e := eventBySeq(iss, seq)
	if e == nil {
		return nil
	}
	l := groupLang
	if (e.Type == models.EventAnswered || e.Type == models.EventResolved) && !fresh {
		// An answer or resolution with "after" pictures: show them under
		// the card (the card's own edit shows the new status).
		var added []models.Photo
		for _, ph := range iss.Photos {
			if ph.After && ph.AddedAt.Equal(e.At) {
				added = append(added, ph)
			}
		}
		b.sendPhotos(ctx, card, iss, added)
		return nil
	}
	var text string
	switch e.Type {
	case models.EventInfoProvided:
		text = tr(l, "card_info_provided", iss.Code) + "\n" + truncate(e.Message, 3000)
	case models.EventReopened:
		text = tr(l, "card_reopened", iss.Code)
	case models.EventResponseOverdue, models.EventResolutionOverdue:
		text = tr(l, "card_overdue_event", iss.Code, tr(l, "event_"+string(e.Type)))
	default:
		return nil
	}
	m := tgbotapi.NewMessage(card.ChatID, text)
	m.ReplyToMessageID = card.MessageID
	m.AllowSendingWithoutReply = true
	if _, err := b.tg.call(ctx, card.ChatID, m, true); err != nil {
		return err
	}
	if e.Type == models.EventInfoProvided && !fresh {
		var added []models.Photo
		for _, ph := range iss.Photos {
			if ph.AddedAt.Equal(e.At) {
				added = append(added, ph)
			}
		}
		b.sendPhotos(ctx, card, iss, added)
	}
	return nil
}

func eventBySeq(iss *models.Issue, seq int) *models.Event {
	for i := range iss.Timeline {
		if iss.Timeline[i].Seq == seq {
			return &iss.Timeline[i]
		}
	}
	return nil
}

func messageIDOf(resp *tgbotapi.APIResponse) int {
	var m struct {
		MessageID int `json:"message_id"`
	}
	_ = json.Unmarshal(resp.Result, &m)
	return m.MessageID
}
