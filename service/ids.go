package service

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// newID returns a random 24-character hex id.
func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// newSecret returns a random URL-safe secret with the given prefix; the
// prefix says what the secret is when someone finds one in a config file.
func newSecret(prefix string) string {
	var b [24]byte
	_, _ = rand.Read(b[:])
	return prefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// hashSecret is how tokens, API keys and invites are stored: SHA-256 is
// enough for 192-bit random secrets (passwords use argon2id).
func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}
