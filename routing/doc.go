// Package routing decides which department handles an issue and writes down
// why, in Vietnamese and English, so a resident can read who is responsible
// and on what grounds. It works on a validated catalogue (package catalogue)
// and keeps no state: every function is a pure function of its arguments.
//
// Routing follows the catalogue's rules, the most specific matching rule
// winning; without one, the category's default level applies. Escalation,
// transfer and return to the ward are the moves officials make afterwards.
package routing
