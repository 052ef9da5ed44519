package service

import (
	"context"
	"fmt"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// afterChange brings the derived data up to date after an issue was saved:
// the statistics counters and the outbox. (Lists and the sweeper's
// deadlines are answered from the issues themselves: the store keeps them
// in step.) The issue itself is already committed, so failures here are
// logged, not returned; `civicdesk stats rebuild` repairs the counters if a
// process died in between.
func (s *Service) afterChange(ctx context.Context, old, iss *models.Issue) {
	ctx = context.WithoutCancel(ctx)
	for _, d := range statsDeltas(old, iss, s.localDay(s.now()), s.localDay) {
		if err := s.store.ApplyStats(ctx, d); err != nil {
			s.log.ErrorContext(ctx, "cannot update statistics", "issue", iss.Code, "err", err)
		}
	}
	s.queueNotifications(ctx, old, iss)
	s.queueSupporterNotifications(ctx, old, iss)
}

func (s *Service) localDay(t time.Time) string {
	return t.In(s.Calendar().Location()).Format(time.DateOnly)
}

func cellOf(iss *models.Issue) models.StatsCell {
	return models.StatsCell{Department: iss.Routing.Department, Ward: iss.Location.WardCode, Level: iss.Routing.Level, Category: iss.Category}
}

// gauge is what one issue contributes to the "now" figures.
func gauge(iss *models.Issue) (open, overdue int64) {
	if iss == nil || !iss.Open() {
		return 0, 0
	}
	if iss.SLA.Overdue() {
		return 1, 1
	}
	return 1, 0
}

func hoursOf(d time.Duration) float64 { return d.Hours() }

// statsDeltas computes what a change adds to the counters: events that
// happened (received, responded, resolved, reopened) count on the day they
// happen; the open and overdue gauges move by the difference between the
// issue's contribution before and after, in its old and new cell.
//
// A reopened issue is no longer resolved: its earlier resolution is taken
// back on the day and in the cell it was counted, so the figures always
// equal a recount from the issues (RebuildStats, RecountFigures).
func statsDeltas(old, iss *models.Issue, day string, dayOf func(time.Time) string) []models.StatsDelta {
	cur := models.StatsDelta{Day: day, Cell: cellOf(iss), ResponseBucket: -1, ResolutionBucket: -1}
	if old == nil {
		// Received counts under the first department, which is the current one.
		cur.Received = 1
	}
	if iss.SLA.FirstResponseAt != nil && (old == nil || old.SLA.FirstResponseAt == nil) {
		cur.Responded = 1
		cur.ResponseBucket = models.BucketOf(hoursOf(iss.SLA.ResponseWorking))
	}
	if iss.Status == models.StatusResolved && (old == nil || old.Status != models.StatusResolved) {
		cur.Resolved = 1
		if iss.SLA.ResolvedOnTime != nil && *iss.SLA.ResolvedOnTime {
			cur.ResolvedOnTime = 1
		}
		cur.ResolutionBucket = models.BucketOf(hoursOf(iss.SLA.ResolutionWorking))
	}
	out := []models.StatsDelta{}
	if old != nil && old.Status == models.StatusResolved && iss.Status == models.StatusInProgress {
		cur.Reopened = 1
		if old.ResolvedAt != nil {
			undo := models.StatsDelta{Day: dayOf(*old.ResolvedAt), Cell: cellOf(old), Resolved: -1, ResponseBucket: -1,
				ResolutionBucket: models.BucketOf(hoursOf(old.SLA.ResolutionWorking)), Retract: true}
			if old.SLA.ResolvedOnTime != nil && *old.SLA.ResolvedOnTime {
				undo.ResolvedOnTime = -1
			}
			out = append(out, undo)
		}
	}
	newOpen, newOver := gauge(iss)
	oldOpen, oldOver := gauge(old)
	if old != nil && cellOf(old) != cur.Cell {
		prev := models.StatsDelta{Day: day, Cell: cellOf(old), ResponseBucket: -1, ResolutionBucket: -1, Open: -oldOpen, Overdue: -oldOver}
		if !prev.Empty() {
			out = append(out, prev)
		}
		cur.Open, cur.Overdue = newOpen, newOver
	} else {
		cur.Open, cur.Overdue = newOpen-oldOpen, newOver-oldOver
	}
	if !cur.Empty() {
		out = append(out, cur)
	}
	return out
}

// reporterNotices maps timeline events to what the reporter is told.
var reporterNotices = map[models.EventType]models.NotificationKind{
	models.EventRouted:          models.NotifyRouted,
	models.EventTransferred:     models.NotifyTransferred,
	models.EventEscalated:       models.NotifyEscalated,
	models.EventReturned:        models.NotifyReturned,
	models.EventAnswered:        models.NotifyAnswered,
	models.EventInfoRequested:   models.NotifyInfoRequested,
	models.EventResolved:        models.NotifyResolved,
	models.EventRejected:        models.NotifyRejected,
	models.EventMarkedDuplicate: models.NotifyRejected,
}

// queueNotifications puts messages for the new timeline events in the
// outbox: the reporter on their own channel, and the department's group.
// Ids name the event and the recipient, so nothing is queued twice.
func (s *Service) queueNotifications(ctx context.Context, old, iss *models.Issue) {
	from := 0
	if old != nil {
		from = len(old.Timeline)
	}
	now := s.now()
	dept, _ := s.Catalogue().Department(iss.Routing.Department)
	for _, e := range iss.Timeline[from:] {
		if kind, ok := reporterNotices[e.Type]; ok && iss.Reporter.Contact.TelegramChatID != 0 && e.Actor.Kind != models.ActorResident {
			s.enqueue(ctx, &models.Notification{
				ID:      fmt.Sprintf("r:%s:%d:%d", iss.ID, e.Seq, iss.Reporter.Contact.TelegramChatID),
				Channel: models.ChannelTelegram, ChatID: iss.Reporter.Contact.TelegramChatID, Lang: iss.Reporter.Contact.Lang,
				Kind: kind, IssueID: iss.ID, IssueCode: iss.Code, EventSeq: e.Seq, Status: models.NotificationPending,
				NextAttemptAt: now, CreatedAt: now,
			})
		}
		if left, ok := s.departmentLeft(e); ok {
			// The card in the group the issue left must lose its buttons.
			s.enqueue(ctx, &models.Notification{
				ID:      fmt.Sprintf("d:%s:%d:%d", iss.ID, e.Seq, left.TelegramChatID),
				Channel: models.ChannelTelegram, ChatID: left.TelegramChatID, Lang: "vi",
				Kind: models.NotifyDepartment, IssueID: iss.ID, IssueCode: iss.Code, EventSeq: e.Seq,
				Department: left.Code, Status: models.NotificationPending, NextAttemptAt: now, CreatedAt: now,
			})
		}
		if dept.TelegramChatID != 0 && e.Type != models.EventCreated {
			s.enqueue(ctx, &models.Notification{
				ID:      fmt.Sprintf("d:%s:%d:%d", iss.ID, e.Seq, dept.TelegramChatID),
				Channel: models.ChannelTelegram, ChatID: dept.TelegramChatID, Lang: "vi",
				Kind: models.NotifyDepartment, IssueID: iss.ID, IssueCode: iss.Code, EventSeq: e.Seq,
				Department: dept.Code, Status: models.NotificationPending, NextAttemptAt: now, CreatedAt: now,
			})
		}
	}
}

func (s *Service) enqueue(ctx context.Context, n *models.Notification) {
	if err := s.store.EnqueueNotification(ctx, n); err != nil {
		s.log.ErrorContext(ctx, "cannot queue notification", "issue", n.IssueCode, "kind", n.Kind, "err", err)
	}
}

// departmentLeft is the department a move event took the issue away from,
// when it has a group chat other than the new department's.
func (s *Service) departmentLeft(e models.Event) (models.Department, bool) {
	switch e.Type {
	case models.EventTransferred, models.EventEscalated, models.EventReturned:
	default:
		return models.Department{}, false
	}
	from, ok := s.Catalogue().Department(e.From)
	to, _ := s.Catalogue().Department(e.To)
	if !ok || from.TelegramChatID == 0 || from.TelegramChatID == to.TelegramChatID {
		return models.Department{}, false
	}
	return from, true
}
