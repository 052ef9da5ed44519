package service_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/civicdesk/civicdesk/internal/testenv"
	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/service"
)

// attempt is a valid request for each action, so that a refusal comes
// from the rules, not from missing parameters.
func attempt(t service.ActionType) service.Action {
	a := service.Action{Type: t, Message: "Nội dung thử."}
	switch t {
	case service.ActTransfer:
		a.Department = "phu-xuan-infra"
	case service.ActAssign:
		a.AssigneeID = "nobody"
	case service.ActReject:
		a.Reason = models.RejectOutOfCompetence
	case service.ActDuplicate:
		a.DuplicateOf = "nope"
	case service.ActRate:
		a.Rating = 4
	case service.ActEdit:
		a.Title = "Tiêu đề đã sửa"
	}
	return a
}

// An action left out of allowed_actions is refused by Do: the list and
// the rules are the same rules. After an escalation the ward official is
// offered nothing, while the city's official may resolve.
func TestAllowedActionsMatchTheRules(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "infrastructure")
	ward := official(iss.Routing.Department)
	callers := map[string]models.Principal{
		"ward official": ward, "other official": official("phu-xuan-infra"), "supervisor": supervisor("kim-long"),
		"monitor": monitor(), "reporter": resident("tg:100"), "other resident": resident("tg:200"), "admin": testenv.Admin(),
	}
	check := func(stage string) {
		t.Helper()
		for name, p := range callers {
			got, err := svc.GetIssue(ctx, p, iss.Code)
			if err != nil {
				continue // cannot see it: nothing is offered
			}
			for _, at := range service.AllActions {
				if slices.Contains(got.AllowedActions, string(at)) {
					continue
				}
				_, err := svc.Do(ctx, p, iss.Code, attempt(at))
				if err == nil {
					t.Fatalf("%s: %s may %s, but allowed_actions %v leaves it out", stage, name, at, got.AllowedActions)
				}
				if c := models.ErrorCodeOf(err); c != models.EForbidden && c != models.EConflict && c != models.EUnauthorized {
					// Invalid parameters (e.g. the assignee) are not the rules speaking,
					// unless the action is also not allowed by status or role.
					if at != service.ActAssign && at != service.ActDuplicate && at != service.ActTransfer {
						t.Errorf("%s: %s %s: refused with %v", stage, name, at, err)
					}
				}
			}
		}
	}
	check("routed")
	got, _ := svc.GetIssue(ctx, ward, iss.Code)
	for _, want := range []string{"answer", "resolve", "transfer", "escalate", "note", "edit", "request_info"} {
		if !slices.Contains(got.AllowedActions, want) {
			t.Errorf("the ward official is not offered %s: %v", want, got.AllowedActions)
		}
	}

	esc := do(t, svc, ward, iss.Code, service.Action{Type: service.ActEscalate, Message: "Vượt thẩm quyền của phường."})
	if len(esc.AllowedActions) != 0 {
		t.Errorf("after escalating, the ward official is offered %v", esc.AllowedActions)
	}
	check("escalated")
	city := official(esc.Routing.Department)
	got, _ = svc.GetIssue(ctx, city, iss.Code)
	if !slices.Contains(got.AllowedActions, "resolve") || !slices.Contains(got.AllowedActions, "return") || slices.Contains(got.AllowedActions, "escalate") {
		t.Errorf("the city official is offered %v", got.AllowedActions)
	}
	do(t, svc, city, iss.Code, service.Action{Type: service.ActResolve, Message: "Đã sửa đèn."})
	check("resolved")
	got, _ = svc.GetIssue(ctx, resident("tg:100"), iss.Code)
	for _, want := range []string{"rate", "reopen", "close"} {
		if !slices.Contains(got.AllowedActions, want) {
			t.Errorf("the reporter is not offered %s on a resolved issue: %v", want, got.AllowedActions)
		}
	}
	mon, _ := svc.GetIssue(ctx, monitor(), iss.Code)
	if len(mon.AllowedActions) != 0 {
		t.Errorf("a monitor is offered %v", mon.AllowedActions)
	}
}

// Phone numbers, e-mail addresses and ID numbers in public text are
// masked for everyone but the officials handling the issue.
func TestPersonalDataMaskedInPublicText(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	desc := "Gọi 0905 123 456 hoặc +84 905.123.457, email lan.nguyen@example.vn, CCCD 046201001234, CMND 191234567. Mã KL-26-00042, năm 2026, 150000 đồng."
	iss, err := svc.CreateIssue(ctx, resident("tg:100"), service.NewIssue{
		Title: "Đèn hỏng, gọi 0912345678", Description: desc, Category: "infrastructure",
		Lat: f64(kimLongLat), Lon: f64(kimLongLon), Channel: models.ChannelTelegram,
	})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := svc.PublicIssue(ctx, iss.Code)
	if err != nil {
		t.Fatal(err)
	}
	text := pub.Title + " " + pub.Description
	for _, secret := range []string{"0905 123 456", "905.123.457", "lan.nguyen@example.vn", "046201001234", "191234567", "0912345678"} {
		if strings.Contains(text, secret) {
			t.Errorf("public text shows %q: %s", secret, text)
		}
	}
	for _, kept := range []string{"KL-26-00042", "2026", "150000"} {
		if !strings.Contains(text, kept) {
			t.Errorf("masking removed %q: %s", kept, text)
		}
	}
	staff, err := svc.GetIssue(ctx, official(iss.Routing.Department), iss.Code)
	if err != nil {
		t.Fatal(err)
	}
	if staff.Description != desc {
		t.Errorf("officials see %q", staff.Description)
	}
	mon, _ := svc.GetIssue(ctx, monitor(), iss.Code)
	if strings.Contains(mon.Description, "0905 123 456") {
		t.Error("monitors see the phone number")
	}
	// An answer quoting a phone number is masked on the public timeline.
	do(t, svc, official(iss.Routing.Department), iss.Code, service.Action{Type: service.ActAnswer, Message: "Anh chị gọi 0234 3822 222 (số của phường)."})
	pub, _ = svc.PublicIssue(ctx, iss.Code)
	for _, e := range pub.Timeline {
		if strings.Contains(e.Message, "3822") {
			t.Errorf("public timeline shows a phone number: %q", e.Message)
		}
	}
}

// An official edits the public text: the edit is on the timeline, the
// old text only for officials; an empty or unchanged edit is refused.
func TestEditPublicText(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	iss := fileIssue(t, svc, "infrastructure")
	off := official(iss.Routing.Department)
	_, err := svc.Do(ctx, off, iss.Code, service.Action{Type: service.ActEdit})
	wantCode(t, err, models.EInvalid)
	_, err = svc.Do(ctx, off, iss.Code, service.Action{Type: service.ActEdit, Title: iss.Title})
	wantCode(t, err, models.EInvalid)
	_, err = svc.Do(ctx, resident("tg:100"), iss.Code, service.Action{Type: service.ActEdit, Title: "Tiêu đề của tôi"})
	wantCode(t, err, models.EForbidden)

	do(t, svc, off, iss.Code, service.Action{Type: service.ActEdit, Description: "Đèn đường trước nhà số 5 không sáng.", Message: "Xóa số điện thoại."})
	pub, _ := svc.PublicIssue(ctx, iss.Code)
	if pub.Description != "Đèn đường trước nhà số 5 không sáng." || pub.Title != iss.Title {
		t.Errorf("public text after the edit: %q / %q", pub.Title, pub.Description)
	}
	last := pub.Timeline[len(pub.Timeline)-1]
	if last.Type != models.EventEdited || last.Message != "Xóa số điện thoại." || last.From != "" || last.To != "" {
		t.Errorf("public edit event: %+v", last)
	}
	staff, _ := svc.GetIssue(ctx, off, iss.Code)
	last = staff.Timeline[len(staff.Timeline)-1]
	if !strings.Contains(last.From, iss.Description) {
		t.Errorf("officials do not see the old text: %+v", last)
	}
	page, err := svc.ListIssues(ctx, off, models.IssueFilter{Text: "khong sang"})
	if err != nil || len(page.Issues) != 1 {
		t.Errorf("search does not find the edited text: %v %d", err, len(page.Issues))
	}
}

// Rejected spam leaves the public views and Open311's list.
func TestSpamHiddenFromPublic(t *testing.T) {
	svc, _, _ := testenv.Service(t, nil)
	spam := fileIssue(t, svc, "infrastructure")
	kept := fileIssue(t, svc, "infrastructure")
	do(t, svc, official(spam.Routing.Department), spam.Code, service.Action{Type: service.ActReject, Reason: models.RejectSpam})
	do(t, svc, official(kept.Routing.Department), kept.Code, service.Action{Type: service.ActReject, Reason: models.RejectOutOfCompetence})
	_, err := svc.PublicIssue(ctx, spam.Code)
	wantCode(t, err, models.ENotFound)
	if _, err := svc.PublicIssue(ctx, kept.Code); err != nil {
		t.Errorf("an issue rejected for another reason is hidden: %v", err)
	}
	for name, list := range map[string]func() (models.IssuePage, error){
		"open311": func() (models.IssuePage, error) { return svc.VisibleIssues(ctx, models.IssueFilter{}) },
		"portal":  func() (models.IssuePage, error) { return svc.PortalIssues(ctx, models.IssueFilter{}) },
	} {
		page, err := list()
		if err != nil {
			t.Fatal(err)
		}
		codes := []string{}
		for _, i := range page.Issues {
			codes = append(codes, i.Code)
		}
		if slices.Contains(codes, spam.Code) || !slices.Contains(codes, kept.Code) {
			t.Errorf("%s lists %v: want %s without the spam %s", name, codes, kept.Code, spam.Code)
		}
	}
	// Officials still see it.
	if _, err := svc.GetIssue(ctx, official(spam.Routing.Department), spam.Code); err != nil {
		t.Errorf("officials cannot see the spam: %v", err)
	}
}
