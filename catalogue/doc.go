// Package catalogue loads, validates and serves the catalogue: wards and
// their boundaries, departments, categories, routing rules and the working
// calendar. The catalogue is written by people (a YAML file at start, admin
// edits later), so every problem is reported as a models.Error with code
// EInvalid whose message names the file, the entry and what is wrong, e.g.
//
//	catalogue.yaml: rules[2] (category "land"): department "kim-long-lnd" does not exist
//
// All problems found are joined with "; " so one round of editing fixes
// them all.
package catalogue
