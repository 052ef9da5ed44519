package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/routing"
)

// ActionType names something done to an issue.
type ActionType string

// Actions on an issue.
const (
	ActAssign      ActionType = "assign"
	ActTransfer    ActionType = "transfer"
	ActEscalate    ActionType = "escalate"
	ActReturn      ActionType = "return"
	ActStart       ActionType = "start"
	ActRequestInfo ActionType = "request_info"
	ActProvideInfo ActionType = "provide_info"
	ActAnswer      ActionType = "answer"
	ActNote        ActionType = "note"
	ActResolve     ActionType = "resolve"
	ActClose       ActionType = "close"
	ActReject      ActionType = "reject"
	ActReopen      ActionType = "reopen"
	ActDuplicate   ActionType = "duplicate"
	ActSupport     ActionType = "support"
	ActRate        ActionType = "rate"
	// ActEdit changes the public title and description (officials remove
	// personal data or abuse from them); the old text stays on the
	// timeline for officials.
	ActEdit ActionType = "edit"
	// ActRecordReply records what the resident answered by phone (or at
	// the office) to a request for information: the clock resumes as if
	// they had replied in Telegram.
	ActRecordReply ActionType = "record_reply"
)

// AllActions lists every action, for adapters that expose them.
var AllActions = []ActionType{ActAssign, ActTransfer, ActEscalate, ActReturn, ActStart, ActRequestInfo,
	ActProvideInfo, ActAnswer, ActNote, ActResolve, ActClose, ActReject, ActReopen, ActDuplicate, ActSupport, ActRate, ActEdit, ActRecordReply}

// Action is a request to change an issue.
type Action struct {
	Type ActionType
	// IfVersion, when not 0, is the version the caller saw: if the issue
	// changed since, nothing is written and a conflict is returned.
	IfVersion  int64
	Message    string
	Department string
	AssigneeID string
	Reason     models.RejectReason
	// DuplicateOf is the code of the original issue.
	DuplicateOf string
	Rating      int
	Photos      []PhotoUpload
	// Title and Description are the new public text (ActEdit); an empty
	// one is left as it is.
	Title       string
	Description string
}

// Do applies an action to the issue with id or code ref, on behalf of p,
// and returns the issue as p may see it after the change. Its Timeline
// holds only the events this change added; GetIssue returns the whole one.
func (s *Service) Do(ctx context.Context, p models.Principal, ref string, a Action) (*models.Issue, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	// The code is the id, so the issue is read once, under its lock.
	id := normalizeCode(ref)
	if id == "" {
		return nil, models.InvalidE("issue", "issue.no_code")
	}
	unlock := s.issueLocks.Lock(id)
	defer unlock()

	var target *models.Issue
	var photos []models.Photo
	for attempt := 0; ; attempt++ {
		iss, err := s.load(ctx, id, false)
		if err != nil {
			return nil, err
		}
		// Authorization comes before anything that tells the caller about
		// the issue: a 409 would reveal its current version (#10).
		if err := authorize(p, iss, a.Type); err != nil {
			return nil, err
		}
		if a.Type == ActDuplicate && target == nil {
			if target, err = s.duplicateTarget(ctx, p, a.DuplicateOf); err != nil {
				return nil, err
			}
		}
		if a.IfVersion != 0 && iss.Version != a.IfVersion {
			return nil, models.E(models.EConflict, "issue.changed", "code", iss.Code)
		}
		old := *iss
		now := s.now()
		if attempt == 0 && len(a.Photos) > 0 {
			if photos, err = s.storePhotos(ctx, iss, a.Photos, now); err != nil {
				return nil, err
			}
		}
		if err := s.apply(ctx, p, iss, a, target, photos, now); err != nil {
			s.dropPhotos(ctx, photos)
			return nil, err
		}
		if iss.EventCount > models.MaxTimelineEvents {
			s.dropPhotos(ctx, photos)
			return nil, models.E(models.EConflict, "issue.too_many_events", "code", iss.Code, "limit", strconv.Itoa(models.MaxTimelineEvents))
		}
		iss.Version = old.Version + 1
		iss.UpdatedAt = now
		setDueSort(iss)
		err = s.store.ReplaceIssue(ctx, iss, old.Version)
		if models.ErrorCodeOf(err) == models.EConflict && a.IfVersion == 0 && attempt < 100 {
			// Another process changed the issue; read it again and re-apply
			// at once. Sleeping here would hand the next round to the other
			// process's queue every time and starve this one.
			continue
		}
		if err != nil {
			s.dropPhotos(ctx, photos)
			return nil, err
		}
		s.afterChange(ctx, &old, iss)
		if a.Type == ActDuplicate {
			s.mergeDuplicate(ctx, iss, target.ID)
		}
		// The whole timeline is not read back: on the embedded database that
		// read grows with the timeline. Callers wanting it use GetIssue.
		full := *iss
		return s.withAllowed(p, &full, redact(iss, s.viewAfterAction(p, iss))), nil
	}
}

// duplicateTarget loads the original issue of a duplicate. Staff may only
// point at an issue they handle themselves (#10): marking an issue as a
// duplicate adds a supporter and a public entry to the original, which
// another department must not be able to do.
func (s *Service) duplicateTarget(ctx context.Context, p models.Principal, ref string) (*models.Issue, error) {
	target, err := s.load(ctx, ref, false)
	if err != nil {
		if models.ErrorCodeOf(err) == models.ENotFound {
			return nil, models.Invalidf("duplicate_of", "issue %q does not exist", ref)
		}
		return nil, err
	}
	if u := p.User; u != nil && !canHandle(u, target) {
		return nil, models.Invalidf("duplicate_of", "issue %s is handled by %s; you can mark duplicates only of issues your department handles (transfer this one there instead)",
			target.Code, target.Routing.Department)
	}
	return target, nil
}

// viewAfterAction is what p sees of the issue it just changed.
func (s *Service) viewAfterAction(p models.Principal, iss *models.Issue) view {
	if v := viewFor(p, iss); v != viewNone {
		return v
	}
	return viewPublic
}

// load reads an issue by its code (its id), with its timeline when asked.
func (s *Service) load(ctx context.Context, ref string, timeline bool) (*models.Issue, error) {
	if strings.TrimSpace(ref) == "" {
		return nil, models.InvalidE("issue", "issue.no_code")
	}
	get := s.store.GetIssueHead
	if timeline {
		get = s.store.GetIssue
	}
	iss, err := get(ctx, normalizeCode(ref))
	if models.ErrorCodeOf(err) == models.ENotFound {
		return nil, models.E(models.ENotFound, "issue.not_found", "code", strings.TrimSpace(ref))
	}
	return iss, err
}

func (a Action) validate() error {
	p := models.Problems{}
	msgMin := 0
	switch a.Type {
	case ActAnswer, ActNote, ActResolve, ActRequestInfo, ActEscalate, ActReturn, ActRecordReply:
		msgMin = 1
	case ActProvideInfo:
		if len(a.Photos) == 0 {
			msgMin = 1
		}
	case ActTransfer:
		if a.Department == "" {
			p.Add("department", "is required")
		}
	case ActAssign:
		if a.AssigneeID == "" {
			p.Add("assignee_id", "is required")
		}
	case ActReject:
		if !a.Reason.Valid() {
			p.Add("reason", "must be one of duplicate, out_of_competence, spam")
		} else if a.Reason == models.RejectDuplicate {
			p.Add("reason", "to reject a duplicate, mark it as a duplicate of the original issue")
		}
	case ActDuplicate:
		if a.DuplicateOf == "" {
			p.Add("duplicate_of", "is required")
		}
	case ActRate:
		if a.Rating < 1 || a.Rating > 5 {
			p.Add("rating", "must be from 1 to 5")
		}
	case ActEdit:
		if strings.TrimSpace(a.Title) == "" && strings.TrimSpace(a.Description) == "" {
			p.Add("title", "give the new title, the new description, or both")
		}
		if a.Title != "" {
			models.CleanText(p, "title", a.Title, models.MinTitleLen, models.MaxTitleLen)
		}
		if a.Description != "" {
			models.CleanText(p, "description", a.Description, 1, models.MaxDescriptionLen)
		}
	case ActStart, ActClose, ActReopen, ActSupport:
	default:
		return models.InvalidE("action", "issue.unknown_action", "action", string(a.Type))
	}
	models.CleanText(p, "message", a.Message, msgMin, models.MaxMessageLen)
	if len(a.Photos) > 0 && a.Type != ActAnswer && a.Type != ActResolve && a.Type != ActProvideInfo {
		p.Add("photos", "come with an answer, a resolution or the information asked for, not with %s", a.Type)
	}
	if len(a.Photos) > models.MaxPhotos {
		p.Add("photos", "at most %d photos", models.MaxPhotos)
	}
	if len(a.Photos) > 0 && a.Type != ActProvideInfo && a.Type != ActAnswer && a.Type != ActResolve {
		p.Add("photos", "can be sent with provide_info, answer or resolve, not with %s", a.Type)
	}
	for i, ph := range a.Photos {
		if err := checkPhoto(ph); err != nil {
			p.Add(fmt.Sprintf("photos[%d]", i), "%s", err.Error())
		}
	}
	return p.Err("the request")
}

// apply checks that p may do a to iss and changes iss in memory.
func (s *Service) apply(ctx context.Context, p models.Principal, iss *models.Issue, a Action, target *models.Issue, photos []models.Photo, now time.Time) error {
	st := s.state()
	msg := models.CleanText(models.Problems{}, "message", a.Message, 0, models.MaxMessageLen)
	actor := p.Actor()
	if err := authorize(p, iss, a.Type); err != nil {
		return err
	}
	cat, ok := st.cat.Category(iss.Category)
	if !ok {
		return models.E(models.EConflict, "issue.category_gone", "code", iss.Code, "category", iss.Category)
	}
	move := func(to models.Status, verb string) error {
		if err := models.CheckTransition(iss.Status, to, verb); err != nil {
			return err
		}
		iss.Status = to
		return nil
	}
	switch a.Type {
	case ActAssign:
		if !iss.Open() {
			return models.E(models.EConflict, "issue.cannot_assign", "status", string(iss.Status))
		}
		u, err := s.store.GetUser(ctx, a.AssigneeID)
		if err != nil {
			if models.ErrorCodeOf(err) == models.ENotFound {
				return models.InvalidE("assignee_id", "issue.assignee_missing", "user", a.AssigneeID)
			}
			return err
		}
		if u.Disabled || u.Role != models.RoleOfficial || u.Department != iss.Routing.Department {
			return models.InvalidE("assignee_id", "issue.assignee_not_official", "user", u.Username, "department", iss.Routing.Department)
		}
		from := iss.AssigneeID
		iss.AssigneeID = u.ID
		addEvent(iss, now, models.EventAssigned, actor, from, u.Name, msg, false)

	case ActStart:
		if !iss.Open() {
			// resolved → in_progress is a reopening, with its own rules.
			return models.Errorf(models.EConflict, "cannot start an issue that is %s", iss.Status)
		}
		if err := move(models.StatusInProgress, "start"); err != nil {
			return err
		}
		markResponded(iss, st, now)
		addEvent(iss, now, models.EventStarted, actor, "", string(iss.Status), msg, true)

	case ActAnswer:
		if !iss.Open() {
			return models.E(models.EConflict, "issue.transition", "action", "answer", "status", string(iss.Status))
		}
		if err := attachAfter(iss, photos); err != nil {
			return err
		}
		if iss.Status == models.StatusRouted {
			iss.Status = models.StatusInProgress
		}
		markResponded(iss, st, now)
		addEvent(iss, now, models.EventAnswered, actor, "", "", msg, true)

	case ActNote:
		addEvent(iss, now, models.EventNote, actor, "", "", msg, false)

	case ActRequestInfo:
		if err := move(models.StatusWaiting, "ask for information on"); err != nil {
			return err
		}
		markResponded(iss, st, now)
		pauseClock(&iss.SLA, st, now)
		addEvent(iss, now, models.EventInfoRequested, actor, "", "", msg, true)

	case ActProvideInfo:
		if iss.Status != models.StatusWaiting {
			return models.E(models.EConflict, "issue.not_waiting", "code", iss.Code)
		}
		if len(iss.Photos)+len(photos) > 2*models.MaxPhotos {
			return models.InvalidE("photos", "issue.too_many_photos", "limit", strconv.Itoa(2*models.MaxPhotos))
		}
		iss.Status = models.StatusInProgress
		resumeClock(&iss.SLA, st, now)
		iss.Photos = append(iss.Photos, photos...)
		if msg == "" {
			msg = fmt.Sprintf("(%d photo(s))", len(photos))
		}
		addEvent(iss, now, models.EventInfoProvided, actor, "", "", msg, true)

	case ActRecordReply:
		if iss.Status != models.StatusWaiting {
			return models.Errorf(models.EConflict, "issue %s is not waiting for the resident", iss.Code)
		}
		iss.Status = models.StatusInProgress
		resumeClock(&iss.SLA, st, now)
		// The resident's words, written down by the official: public like a
		// reply in Telegram, and marked as given by phone.
		addEvent(iss, now, models.EventInfoProvided, actor, "phone", "", msg, true)

	case ActResolve:
		if err := move(models.StatusResolved, "resolve"); err != nil {
			return err
		}
		if err := attachAfter(iss, photos); err != nil {
			return err
		}
		markResponded(iss, st, now)
		markResolved(iss, st, now)
		iss.ResolvedAt = &now
		iss.Resolution = msg
		addEvent(iss, now, models.EventResolved, actor, "", "", msg, true)

	case ActClose:
		if err := move(models.StatusClosed, "close"); err != nil {
			return err
		}
		iss.ClosedAt = &now
		addEvent(iss, now, models.EventClosed, actor, "", "", msg, true)

	case ActReject:
		from := iss.Status
		if err := move(models.StatusRejected, "reject"); err != nil {
			return err
		}
		iss.Rejection = &models.Rejection{Reason: a.Reason, Note: msg}
		iss.ClosedAt = &now
		pauseClock(&iss.SLA, st, now)
		addEvent(iss, now, models.EventRejected, actor, string(from), string(a.Reason), msg, true)

	case ActReopen:
		if iss.Status != models.StatusResolved {
			return models.E(models.EConflict, "issue.reopen_not_resolved", "code", iss.Code, "status", string(iss.Status))
		}
		if isOwner(p, iss) && iss.ResolvedAt != nil && now.Sub(*iss.ResolvedAt) > time.Duration(st.cat.ReopenDays)*24*time.Hour {
			return models.E(models.EConflict, "issue.reopen_too_late", "code", iss.Code, "days", strconv.Itoa(st.cat.ReopenDays))
		}
		if err := move(models.StatusInProgress, models.ActionReopen); err != nil {
			return err
		}
		iss.ReopenCount++
		iss.ResolvedAt = nil
		iss.SLA.ResolvedOnTime = nil
		startClocks(&iss.SLA, st, cat, now, false)
		addEvent(iss, now, models.EventReopened, actor, string(models.StatusResolved), string(iss.Status), msg, true)

	case ActTransfer:
		d, err := routing.Transfer(st.cat, iss.Category, a.Department, iss.Location.WardCode)
		if err != nil {
			return err
		}
		if d.Department == iss.Routing.Department {
			return models.InvalidE("department", "issue.already_with", "code", iss.Code, "department", d.Department)
		}
		return s.reroute(iss, st, cat, d, models.EventTransferred, actor, msg, st.cat.Escalation.RestartClockOnTransfer, now)

	case ActEscalate:
		if iss.Routing.Level != models.LevelWard {
			return models.E(models.EConflict, "issue.already_city", "code", iss.Code)
		}
		d, err := routing.Escalate(st.cat, iss.Category, iss.Routing.Department)
		if err != nil {
			return err
		}
		from := iss.Routing.Department
		if err := s.reroute(iss, st, cat, d, models.EventEscalated, actor, msg, st.cat.Escalation.RestartClockOnEscalation, now); err != nil {
			return err
		}
		iss.Routing.EscalatedFrom = from

	case ActReturn:
		if iss.Routing.Level != models.LevelCity {
			return models.E(models.EConflict, "issue.already_ward", "code", iss.Code)
		}
		var d routing.Decision
		var err error
		if iss.Routing.EscalatedFrom != "" {
			d, err = routing.Transfer(st.cat, iss.Category, iss.Routing.EscalatedFrom, iss.Location.WardCode)
		} else {
			d, err = routing.ReturnToWard(st.cat, iss.Category, iss.Location.WardCode)
		}
		if err != nil {
			return err
		}
		if err := s.reroute(iss, st, cat, d, models.EventReturned, actor, msg, st.cat.Escalation.RestartClockOnTransfer, now); err != nil {
			return err
		}
		iss.Routing.EscalatedFrom = ""

	case ActDuplicate:
		if target.ID == iss.ID {
			return models.InvalidE("duplicate_of", "issue.duplicate_self")
		}
		if !target.Open() && target.Status != models.StatusResolved {
			return models.InvalidE("duplicate_of", "issue.duplicate_closed", "code", target.Code, "status", string(target.Status))
		}
		if target.DuplicateOf != "" {
			return models.InvalidE("duplicate_of", "issue.duplicate_of_duplicate", "code", target.Code, "other", target.DuplicateOf)
		}
		from := iss.Status
		if err := move(models.StatusRejected, "mark as duplicate"); err != nil {
			return err
		}
		iss.Rejection = &models.Rejection{Reason: models.RejectDuplicate, Note: msg}
		iss.DuplicateOf = target.Code
		iss.ClosedAt = &now
		pauseClock(&iss.SLA, st, now)
		addEvent(iss, now, models.EventMarkedDuplicate, actor, string(from), target.Code, msg, true)

	case ActSupport:
		if !iss.Open() {
			return models.E(models.EConflict, "issue.support_closed", "code", iss.Code, "status", string(iss.Status))
		}
		key := supporterKey(p)
		for _, k := range iss.SupporterKeys {
			if k == key {
				return models.E(models.EConflict, "issue.already_supported", "code", iss.Code)
			}
		}
		iss.SupporterKeys = append(iss.SupporterKeys, key)
		iss.Supporters++
		addEvent(iss, now, models.EventSupported, models.Actor{Kind: actor.Kind}, "", "", "", true)

	case ActRate:
		if iss.Status != models.StatusResolved && iss.Status != models.StatusClosed {
			return models.E(models.EConflict, "issue.rate_unresolved", "code", iss.Code)
		}
		iss.Rating = a.Rating
		addEvent(iss, now, models.EventRated, actor, "", fmt.Sprintf("%d/5", a.Rating), msg, true)

	case ActEdit:
		p := models.Problems{}
		title, desc := iss.Title, iss.Description
		if a.Title != "" {
			title = models.CleanText(p, "title", a.Title, models.MinTitleLen, models.MaxTitleLen)
		}
		if a.Description != "" {
			desc = models.CleanText(p, "description", a.Description, 1, models.MaxDescriptionLen)
		}
		if title == iss.Title && desc == iss.Description {
			return models.Invalidf("title", "the title and description are unchanged")
		}
		old := iss.Title + "\n\n" + iss.Description
		iss.Title, iss.Description = title, desc
		iss.SearchText = models.Fold(title + " " + desc)
		// The event is public (people see that the text was edited, and
		// why) but its old and new text are for officials only (redact).
		addEvent(iss, now, models.EventEdited, actor, old, title+"\n\n"+desc, msg, true)
	}
	return nil
}

// reroute moves the issue to the department of d, keeping or restarting
// the resolution clock as the catalogue's escalation policy says.
func (s *Service) reroute(iss *models.Issue, st *catalogueState, cat models.Category, d routing.Decision, ev models.EventType, actor models.Actor, msg string, restart bool, now time.Time) error {
	if err := models.CheckTransition(iss.Status, models.StatusRouted, string(ev)); err != nil {
		return err
	}
	from := iss.Routing.Department
	iss.Status = models.StatusRouted
	resumeClock(&iss.SLA, st, now)
	if restart {
		startClocks(&iss.SLA, st, cat, now, false)
	}
	iss.AssigneeID = ""
	iss.Routing.Department = d.Department
	iss.Routing.Level = d.Level
	iss.Routing.Ward = d.Ward
	iss.Routing.CoHandling = d.CoHandling
	iss.Routing.ExplainVI = d.ExplainVI
	iss.Routing.ExplainEN = d.ExplainEN
	if msg == "" {
		msg = d.ExplainVI
	}
	addEvent(iss, now, ev, actor, from, d.Department, msg, true)
	return nil
}

// authorize decides whether p may do an action on the issue.
func authorize(p models.Principal, iss *models.Issue, t ActionType) error {
	if u := p.User; u != nil {
		if u.Disabled {
			return models.E(models.EUnauthorized, "auth.disabled")
		}
		if u.Role == models.RoleMonitor {
			return forbidden("auth.monitors_no_changing")
		}
		switch t {
		case ActSupport, ActRate, ActProvideInfo:
			return forbidden("auth.reporter_or_resident")
		case ActAnswer, ActNote:
			if canHandle(u, iss) || canCoHandle(u, iss) {
				return nil
			}
		case ActReopen:
			if u.Role == models.RoleSupervisor && canHandle(u, iss) || u.Role == models.RoleAdmin {
				return nil
			}
			return forbidden("auth.reporter_or_super")
		default:
			if canHandle(u, iss) {
				return nil
			}
		}
		return forbidden("issue.handled_by_other", "code", iss.Code, "department", iss.Routing.Department)
	}
	owner := isOwner(p, iss)
	switch t {
	case ActSupport:
		if p.ResidentID == "" && p.OrganisationID == "" {
			return forbidden("auth.residents_support")
		}
		if owner {
			return models.E(models.EConflict, "issue.support_own", "code", iss.Code)
		}
		return nil
	case ActProvideInfo, ActReopen, ActRate, ActClose:
		if owner {
			return nil
		}
		return forbidden("auth.reporter_only")
	}
	return forbidden("auth.officials_only")
}

func supporterKey(p models.Principal) string {
	if p.ResidentID != "" {
		return "r:" + p.ResidentID
	}
	return "o:" + p.OrganisationID
}

// mergeDuplicate moves the duplicate's reporter and supporters over to the
// original. It runs after the duplicate is saved; the merge key makes a
// repeated merge change nothing.
func (s *Service) mergeDuplicate(ctx context.Context, dup *models.Issue, targetID string) {
	ctx = context.WithoutCancel(ctx)
	unlock := s.issueLocks.Lock(targetID)
	defer unlock()
	mergeKey := "d:" + dup.ID
	for attempt := 0; attempt < 50; attempt++ {
		t, err := s.store.GetIssueHead(ctx, targetID)
		if err != nil {
			s.log.ErrorContext(ctx, "merge duplicate: cannot load original", "issue", targetID, "err", err)
			return
		}
		for _, k := range t.SupporterKeys {
			if k == mergeKey {
				return
			}
		}
		old := *t
		now := s.now()
		keys := append([]string{mergeKey}, dup.SupporterKeys...)
		if k := supporterKeyOfReporter(dup); k != "" {
			keys = append(keys, k)
		}
		added := 0
		for _, k := range keys {
			if !containsString(t.SupporterKeys, k) && k != reporterKey(t) {
				t.SupporterKeys = append(t.SupporterKeys, k)
				if k != mergeKey {
					added++
				}
			}
		}
		t.Supporters += added
		addEvent(t, now, models.EventDuplicateMerged, models.SystemActor, dup.Code, t.Code, fmt.Sprintf("+%d", added), true)
		t.Version = old.Version + 1
		t.UpdatedAt = now
		err = s.store.ReplaceIssue(ctx, t, old.Version)
		if models.ErrorCodeOf(err) == models.EConflict {
			continue
		}
		if err != nil {
			s.log.ErrorContext(ctx, "merge duplicate: cannot save original", "issue", t.Code, "err", err)
			return
		}
		s.afterChange(ctx, &old, t)
		return
	}
}

// supporterKeyOfReporter names the person who reported an issue, so
// that they support its original once however many duplicates name them
// (#10): a resident, an organisation, or a person an official or an
// Open311 client filed for, known by their contact.
func supporterKeyOfReporter(iss *models.Issue) string {
	if k := reporterKey(iss); k != "" {
		return k
	}
	c := iss.Reporter.Contact
	who := strings.ToLower(strings.Join(strings.Fields(c.Phone+" "+c.Email), " "))
	if who == "" {
		who = strings.ToLower(strings.Join(strings.Fields(c.Name), " "))
	}
	switch {
	case who == "" && iss.Reporter.OfficialID != "":
		// An official filing for nobody in particular counts once.
		return "u:" + iss.Reporter.OfficialID
	case who == "":
		// Nobody known: count the duplicate itself, once.
		return "x:" + iss.ID
	}
	return "c:" + hashSecret(who)[:16]
}

func reporterKey(iss *models.Issue) string {
	if iss.Reporter.ResidentID != "" {
		return "r:" + iss.Reporter.ResidentID
	}
	if iss.Reporter.OrganisationID != "" {
		return "o:" + iss.Reporter.OrganisationID
	}
	return ""
}

func containsString(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// attachAfter adds an official's "after" pictures, given with an answer
// or the resolution, to the issue's photos.
func attachAfter(iss *models.Issue, photos []models.Photo) error {
	if len(iss.Photos)+len(photos) > 3*models.MaxPhotos {
		return models.InvalidE("photos", "issue.too_many_photos", "limit", strconv.Itoa(3*models.MaxPhotos))
	}
	for _, ph := range photos {
		ph.After = true
		iss.Photos = append(iss.Photos, ph)
	}
	return nil
}
