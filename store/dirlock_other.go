//go:build !unix

package store

// lockDir is a no-op where flock is not available; run one civicdesk
// process per data folder there.
func lockDir(string) (func(), error) { return func() {}, nil }
