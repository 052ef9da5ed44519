package bot

import (
	"unicode"
	"unicode/utf8"

	"github.com/civicdesk/civicdesk/i18n"
	"github.com/civicdesk/civicdesk/models"
)

// errorText is the one place where an error from the service becomes what
// the bot says, in the person's language: the error's message key is
// rendered from the i18n catalogue, with departments, wards and
// categories named (names is the catalogue). The specific problem is shown
// where it helps the person fix their input, never for internal failures,
// whose causes stay in the log.
func errorText(lang string, err error, names i18n.Names) string {
	msg := models.ErrorText(err, lang, names)
	switch models.ErrorCodeOf(err) {
	case models.EInvalid:
		return tr(lang, "err_invalid", upperFirst(msg))
	case models.ENotFound:
		return tr(lang, "err_not_found", upperFirst(msg))
	case models.EConflict:
		return tr(lang, "err_conflict", msg)
	case models.EForbidden:
		return tr(lang, "err_forbidden", msg)
	case models.EUnauthorized:
		return tr(lang, "err_unauthorized")
	case models.EUnavailable:
		return tr(lang, "err_unavailable")
	}
	return tr(lang, "err_internal")
}

// errorToast is errorText for a button's answer, which holds 200 characters.
func errorToast(lang string, err error, names i18n.Names) string {
	return truncate(errorText(lang, err, names), 200)
}

// upperFirst starts a sentence with a capital letter.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
