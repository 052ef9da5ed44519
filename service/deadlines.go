package service

import (
	"time"

	"github.com/civicdesk/civicdesk/models"
)

var (
	// Issues without a running clock sort after every deadline.
	pausedSort = time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)
	doneSort   = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
)

// startClocks sets fresh deadlines from now in working time. The response
// clock only starts for new issues; transfers and escalations restart the
// resolution clock alone.
func startClocks(s *models.SLA, st *catalogueState, cat models.Category, now time.Time, response bool) {
	if response {
		due := st.cal.Add(now, cat.ResponseTarget())
		s.ResponseDue = &due
		s.ResponseOverdue = false
	}
	due := st.cal.Add(now, cat.ResolutionTarget())
	s.ResolutionDue = &due
	s.ResolutionOverdue = false
	s.PausedAt = nil
	s.ResolutionLeft = 0
}

// pauseClock stops the resolution clock while the issue waits for the
// resident, keeping the working time left.
func pauseClock(s *models.SLA, st *catalogueState, now time.Time) {
	if s.PausedAt != nil {
		return
	}
	if s.ResolutionDue != nil {
		s.ResolutionLeft = st.cal.Between(now, *s.ResolutionDue)
	}
	s.ResolutionDue = nil
	s.PausedAt = &now
}

// resumeClock restarts the resolution clock with the working time that was
// left when it paused.
func resumeClock(s *models.SLA, st *catalogueState, now time.Time) {
	if s.PausedAt == nil {
		return
	}
	s.PausedWorking += st.cal.Between(*s.PausedAt, now)
	due := st.cal.Add(now, s.ResolutionLeft)
	s.ResolutionDue = &due
	s.ResolutionLeft = 0
	s.PausedAt = nil
}

// markResponded records the first response to the resident.
func markResponded(iss *models.Issue, st *catalogueState, now time.Time) {
	if iss.SLA.FirstResponseAt != nil {
		return
	}
	iss.SLA.FirstResponseAt = &now
	iss.SLA.ResponseWorking = st.cal.Between(iss.CreatedAt, now)
}

// markResolved records whether the issue was resolved within its deadline
// and how much working time it took, pauses excluded.
func markResolved(iss *models.Issue, st *catalogueState, now time.Time) {
	s := &iss.SLA
	onTime := !s.ResolutionOverdue
	if s.PausedAt != nil {
		s.PausedWorking += st.cal.Between(*s.PausedAt, now)
		onTime = onTime && s.ResolutionLeft > 0
		s.PausedAt = nil
	} else if s.ResolutionDue != nil {
		onTime = onTime && !now.After(*s.ResolutionDue)
	}
	s.ResolvedOnTime = &onTime
	s.ResolutionWorking = st.cal.Between(iss.CreatedAt, now) - s.PausedWorking
	if s.ResolutionWorking < 0 {
		s.ResolutionWorking = 0
	}
	s.ResolutionLeft = 0
}

// setDueSort keeps the deadline sort key current.
func setDueSort(iss *models.Issue) {
	switch {
	case !iss.Open():
		iss.DueSort = doneSort
	case iss.SLA.ResolutionDue != nil:
		iss.DueSort = *iss.SLA.ResolutionDue
	default:
		iss.DueSort = pausedSort
	}
}
