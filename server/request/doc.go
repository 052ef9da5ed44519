// Package request reads what the API's clients send: strict JSON bodies,
// multipart issues with their photos, and the fingerprint that an
// Idempotency-Key compares. It holds no handler and no database, so its
// fuzz test (issue #10) builds and runs in seconds; the server's own
// tests replay that test's corpus through the real routes.
package request
