package open311

import (
	"net/url"

	"github.com/civicdesk/civicdesk/models"
)

// openStatus maps civicdesk's lifecycle onto Open311's two statuses:
// resolved counts as closed because the work is done, even though the
// reporter may still reopen it.
func openStatus(s models.Status) string {
	if s.Open() {
		return "open"
	}
	return "closed"
}

// statusesFor is the inverse of openStatus, for the status filter.
func statusesFor(open311 string) []models.Status {
	var out []models.Status
	for _, s := range models.AllStatuses {
		if openStatus(s) == open311 {
			out = append(out, s)
		}
	}
	return out
}

// toRequest renders an issue that has already been through the service's
// public redaction: everything here may be shown to anyone.
func (a *API) toRequest(cat *models.Catalogue, iss *models.Issue) request {
	r := request{
		ID:                iss.Code,
		Status:            openStatus(iss.Status),
		StatusNotes:       text(statusNotes(iss)),
		ServiceName:       text(iss.Category),
		ServiceCode:       iss.Category,
		Description:       text(iss.Description),
		ServiceNotice:     text(notice(iss)),
		RequestedDatetime: a.timestamp(iss.CreatedAt),
		UpdatedDatetime:   text(a.timestamp(iss.UpdatedAt)),
		Address:           text(iss.Location.Address),
		Lat:               some(iss.Location.Lat),
		Long:              some(iss.Location.Lon),
		MediaURL:          text(a.photoURL(iss)),
	}
	if k, ok := cat.Category(iss.Category); ok {
		r.ServiceName = text(k.NameVI)
	}
	if d, ok := cat.Department(iss.Routing.Department); ok {
		r.AgencyResponsible = text(d.NameVI)
	}
	if iss.Open() && iss.SLA.ResolutionDue != nil {
		r.ExpectedDatetime = text(a.timestamp(*iss.SLA.ResolutionDue))
	}
	return r
}

// notice explains who handles the request and why, in both languages.
func notice(iss *models.Issue) string {
	switch {
	case iss.Routing.ExplainVI == "":
		return iss.Routing.ExplainEN
	case iss.Routing.ExplainEN == "":
		return iss.Routing.ExplainVI
	}
	return iss.Routing.ExplainVI + " / " + iss.Routing.ExplainEN
}

// statusNotes explains the current status beyond open/closed: the
// resolution, the reason for a rejection, or civicdesk's finer status.
//
// It reads only the issue document, never the timeline: lists do not load
// timelines (they live in their own collection), and a request must read
// the same in GET requests and GET requests/{id}, or clients that compare
// notes to detect updates would see changes that did not happen.
func statusNotes(iss *models.Issue) string {
	switch iss.Status {
	case models.StatusResolved, models.StatusClosed:
		if iss.Resolution != "" {
			return iss.Resolution
		}
		return "Đã giải quyết / Resolved"
	case models.StatusRejected:
		return rejectionNote(iss)
	case models.StatusWaiting:
		return "Đang chờ người phản ánh bổ sung thông tin / Waiting for more information from the reporter"
	case models.StatusInProgress:
		return "Đang xử lý / Being handled"
	}
	return "Đã tiếp nhận và chuyển đơn vị xử lý / Received and sent to the department in charge"
}

func rejectionNote(iss *models.Issue) string {
	var s string
	reason := models.RejectReason("")
	if iss.Rejection != nil {
		reason = iss.Rejection.Reason
	}
	switch reason {
	case models.RejectDuplicate:
		s = "Trùng với phản ánh " + iss.DuplicateOf + " / Duplicate of " + iss.DuplicateOf
	case models.RejectOutOfCompetence:
		s = "Không thuộc thẩm quyền / Out of competence"
	case models.RejectSpam:
		s = "Không hợp lệ / Not a genuine report"
	default:
		s = "Từ chối / Rejected"
	}
	if iss.Rejection != nil && iss.Rejection.Note != "" {
		s += ": " + iss.Rejection.Note
	}
	return s
}

// photoURL links the first stored photo through the REST server's public
// photo route. A Telegram photo not fetched yet (Size 0) is not in the
// store, so that route cannot serve it and it is skipped.
func (a *API) photoURL(iss *models.Issue) string {
	for _, ph := range iss.Photos {
		if ph.TelegramFileID == "" || ph.Size > 0 {
			return a.cfg.BaseURL + "/api/v1/public/issues/" + url.PathEscape(iss.Code) + "/photos/" + url.PathEscape(ph.ID)
		}
	}
	return ""
}
