// Package sla turns deadlines expressed in working hours into instants and
// back. Officials work in shifts on working days; a 16-working-hour response
// target set on Friday afternoon therefore falls due on Tuesday, and a report
// filed during Tết waits until the offices reopen.
//
// A Calendar is built once from the catalogue (models.Calendar) and is safe
// for concurrent use: it is never modified after New.
package sla
