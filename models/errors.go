package models

import (
	"errors"
	"fmt"
	"strings"

	"github.com/civicdesk/civicdesk/i18n"
)

// ErrorCode classifies an error so each adapter (HTTP, Telegram, CLI) can
// answer it in its own way from one place.
type ErrorCode string

// Error codes. Adapters map these and nothing else.
const (
	EInvalid      ErrorCode = "invalid"
	ENotFound     ErrorCode = "not_found"
	EConflict     ErrorCode = "conflict"
	EForbidden    ErrorCode = "forbidden"
	EUnauthorized ErrorCode = "unauthorized"
	EUnavailable  ErrorCode = "unavailable"
	EInternal     ErrorCode = "internal"
)

// Error is civicdesk's application error. Message is written for a person
// (in English) and is safe to show; Key and Params name the same message
// in the i18n catalogue, so each adapter shows it in the person's language
// (ErrorText). Cause is for logs only and never leaves the process.
type Error struct {
	Code    ErrorCode
	Message string
	// Key is the message's i18n key ("" for errors built without one,
	// which are shown by their code in languages other than English).
	Key    string
	Params map[string]string
	// Fields names the input fields that are wrong, with a message each.
	Fields map[string]string
	Cause  error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Cause)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Cause }

// E builds an Error from an i18n key and its parameters as name, value
// pairs; Message is the English text.
func E(code ErrorCode, key string, params ...string) *Error {
	p := i18n.Params(params...)
	return &Error{Code: code, Key: key, Params: p, Message: i18n.Render("en", key, p, nil)}
}

// InvalidE is E for an EInvalid error about one field.
func InvalidE(field, key string, params ...string) *Error {
	e := E(EInvalid, key, params...)
	e.Fields = map[string]string{field: e.Message}
	return e
}

// WithCause keeps the cause of an error for the log.
func (e *Error) WithCause(cause error) *Error {
	e.Cause = cause
	return e
}

// ErrorText renders err for a person in lang ("vi" or "en"), naming
// catalogue entries through names (nil shows codes). Errors without a key
// are shown by their code outside English, so no English leaks into a
// Vietnamese reply; internal errors never show their cause.
func ErrorText(err error, lang string, names i18n.Names) string {
	key, params := ErrorKeyOf(err)
	var e *Error
	if errors.As(err, &e) && e.Key == "" && e.Code != EInternal && i18n.Lang(lang) == "en" {
		return e.Message
	}
	return i18n.Render(lang, key, params, names)
}

// ErrorKeyOf returns the i18n key and parameters of err: its own, or the
// generic key of its code.
func ErrorKeyOf(err error) (string, map[string]string) {
	var e *Error
	if !errors.As(err, &e) || e.Code == EInternal {
		return "error." + string(EInternal), nil
	}
	if e.Key != "" {
		return e.Key, e.Params
	}
	if i18n.Has("en", "error."+string(e.Code)) {
		return "error." + string(e.Code), nil
	}
	return "error." + string(EInvalid), nil
}

// Errorf builds an Error with a formatted message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalidf builds an EInvalid error about one field.
func Invalidf(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: EInvalid, Message: msg, Fields: map[string]string{field: msg}}
}

// Wrap marks an unexpected failure (database down, I/O) with a code and a
// message a person can act on, keeping the cause for the log.
func Wrap(code ErrorCode, cause error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Cause: cause}
}

// ErrorCodeOf returns the code of err, or EInternal for errors that are not
// *Error (those are bugs or infrastructure failures).
func ErrorCodeOf(err error) ErrorCode {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EInternal
}

// ErrorMessageOf returns the human message of err; internal errors get a
// generic message so nothing internal leaks to users.
func ErrorMessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EInternal {
		return e.Message
	}
	return "An internal error occurred. It has been logged; please try again later."
}

// ErrorFieldsOf returns the per-field messages of err, if any.
func ErrorFieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects field errors during validation so a person sees every
// problem at once rather than one per attempt.
type Problems map[string]string

// Add records a problem with a field.
func (p Problems) Add(field, format string, args ...any) {
	if _, ok := p[field]; !ok {
		p[field] = fmt.Sprintf(format, args...)
	}
}

// Err returns nil when there are no problems, otherwise an EInvalid error
// whose message lists them.
func (p Problems) Err(what string) error {
	if len(p) == 0 {
		return nil
	}
	msg := what + " is invalid: "
	first := true
	for _, k := range sortedKeys(p) {
		if !first {
			msg += "; "
		}
		first = false
		msg += k + ": " + p[k]
	}
	return &Error{Code: EInvalid, Message: msg, Fields: map[string]string(p),
		Key: "invalid_fields", Params: map[string]string{"fields": strings.Join(sortedKeys(p), ","), "detail": msg}}
}
