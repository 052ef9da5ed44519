package models

import (
	"errors"
	"fmt"
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
// and is safe to show; Cause is for logs only and never leaves the process.
type Error struct {
	Code    ErrorCode
	Message string
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
	return &Error{Code: EInvalid, Message: msg, Fields: map[string]string(p)}
}
