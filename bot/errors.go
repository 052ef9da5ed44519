package bot

import (
	"github.com/civicdesk/civicdesk/models"
)

// errorText is the one place where an error from the service becomes what
// the bot says, in the person's language. The service's message names the
// specific problem (in English); it is shown where it helps the person fix
// their input and never for internal failures, whose causes stay in the log.
func errorText(lang string, err error) string {
	msg := models.ErrorMessageOf(err)
	switch models.ErrorCodeOf(err) {
	case models.EInvalid:
		return tr(lang, "err_invalid", msg)
	case models.ENotFound:
		return tr(lang, "err_not_found", msg)
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
func errorToast(lang string, err error) string { return truncate(errorText(lang, err), 200) }
