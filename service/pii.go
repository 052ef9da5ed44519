package service

import (
	"context"
	"regexp"
	"strings"

	"github.com/civicdesk/civicdesk/models"
)

// Personal data that residents paste into public text: e-mail addresses,
// Vietnamese phone numbers (0xxxxxxxxx, +84 or 0084 followed by 9 digits,
// with spaces, dots or dashes between groups) and national ID numbers (9
// digits for the old identity card, 12 for the citizen identity card).
// Digits are only matched as a whole run, so issue codes (KL-26-00042),
// dates and amounts of other lengths are left alone.
var (
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	phoneRE = regexp.MustCompile(`(?:\+84|\b0084|\b0)[ .\-]?\d(?:[ .\-]?\d){7,9}\b`)
	idRE    = regexp.MustCompile(`\b(?:\d{12}|\d{9})\b`)
)

// Masked replaces what maskPersonal hides.
const Masked = "***"

// maskPersonal hides e-mail addresses, phone numbers and national ID
// numbers in text shown to anyone but the officials handling the issue.
func maskPersonal(s string) string {
	// Every list shows many issues: skip the expressions when the text
	// cannot hold what they find (an e-mail needs "@"; a phone or ID
	// number needs at least nine digits).
	digits := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	if digits < 9 && !strings.Contains(s, "@") {
		return s
	}
	s = emailRE.ReplaceAllString(s, Masked)
	s = phoneRE.ReplaceAllStringFunc(s, func(m string) string {
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		// 0 + 9 digits, or 84 / 0084 + 9 digits.
		if digits >= 10 && digits <= 13 {
			return Masked
		}
		return m
	})
	return idRE.ReplaceAllString(s, Masked)
}

// HasPersonalData reports whether text holds something maskPersonal hides,
// so the dashboard can tell officials that the public text needs an edit.
func HasPersonalData(s string) bool { return maskPersonal(s) != s }

// maskIssueText masks the free text of an issue in place; out must be a
// copy the caller owns.
func maskIssueText(out *models.Issue) {
	out.Title = maskPersonal(out.Title)
	out.Description = maskPersonal(out.Description)
	out.Location.Address = maskPersonal(out.Location.Address)
	out.Resolution = maskPersonal(out.Resolution)
	out.StatusNote = maskPersonal(out.StatusNote)
	if out.Rejection != nil {
		r := *out.Rejection
		r.Note = maskPersonal(r.Note)
		out.Rejection = &r
	}
}

// hiddenFromPublic reports whether an issue is kept out of the public
// views altogether: rejected spam often advertises a phone number, and
// showing it would publish the advertisement.
func hiddenFromPublic(iss *models.Issue) bool {
	return iss.Status == models.StatusRejected && iss.Rejection != nil && iss.Rejection.Reason == models.RejectSpam
}

// VisibleIssues is PublicIssues without the issues hidden from the public
// (rejected spam); Open311 lists with it. A page may hold fewer issues
// than asked for; its cursor still continues after the last one read.
func (s *Service) VisibleIssues(ctx context.Context, f models.IssueFilter) (models.IssuePage, error) {
	page, err := s.PublicIssues(ctx, f)
	return withoutHidden(page), err
}

// PortalIssues is SharedPublicIssues without the issues hidden from the
// public, for the transparency portal.
func (s *Service) PortalIssues(ctx context.Context, f models.IssueFilter) (models.IssuePage, error) {
	page, err := s.SharedPublicIssues(ctx, f)
	return withoutHidden(page), err
}

// withoutHidden copies the page without hidden issues; the page may be
// shared between visitors, so it is not changed in place.
func withoutHidden(page models.IssuePage) models.IssuePage {
	keep := make([]models.Issue, 0, len(page.Issues))
	for i := range page.Issues {
		if !hiddenFromPublic(&page.Issues[i]) {
			keep = append(keep, page.Issues[i])
		}
	}
	page.Issues = keep
	return page
}
