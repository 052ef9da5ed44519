package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
)

const (
	headerIdempotencyKey = "Idempotency-Key"
	headerReplayed       = "Idempotent-Replayed"
	// localIdemBody is what a handler whose answer carries a secret asks
	// to store instead of its answer (the same answer without the secret).
	localIdemBody = "civicdesk.idempotency.body"
)

// idempotency makes a POST safe to retry: a request with the same
// Idempotency-Key from the same caller to the same path does its work
// once; a retry gets the first answer (status and body) again, marked
// with Idempotent-Replayed: true. The same key with a different body is a
// conflict. Only successful answers are kept: a request that failed wrote
// nothing, so trying it again is safe. Answers that carry a secret shown
// once (API keys, invite tokens) are kept without the secret.
//
// Requests with the same key wait for each other in this process; across
// processes two simultaneous first attempts could both run (the store
// offers no reservation), which a client retrying after a timeout does
// not do.
func (s *Server) idempotency() fiber.Handler {
	return func(c *fiber.Ctx) error {
		key := c.Get(headerIdempotencyKey)
		if key == "" {
			return c.Next()
		}
		if len(key) > 255 || !printableASCII(key) {
			return invalidField(headerIdempotencyKey, "must be 1 to 255 printable ASCII characters, e.g. a UUID")
		}
		st := s.cfg.Idempotency
		if st == nil {
			return invalidField(headerIdempotencyKey, "is not supported by this server")
		}
		h := sha256.New()
		for _, part := range []string{principalID(principal(c)), c.Method(), c.Path(), key} {
			h.Write([]byte(part))
			h.Write([]byte{0})
		}
		id := "http:" + hex.EncodeToString(h.Sum(nil))
		fp := sha256.Sum256(c.Body())
		fingerprint := hex.EncodeToString(fp[:])

		unlock := s.idem.Lock(id)
		defer unlock()
		prev, err := st.GetIdempotent(c.UserContext(), id)
		switch {
		case err == nil && prev.Fingerprint != fingerprint:
			msg := "this Idempotency-Key was already used for a different request; use a new key for a new request"
			return &models.Error{Code: models.EConflict, Message: msg, Fields: map[string]string{headerIdempotencyKey: msg}}
		case err == nil:
			c.Set(headerReplayed, "true")
			c.Set(fiber.HeaderContentType, prev.ContentType)
			return c.Status(prev.Status).Send(prev.Body)
		case models.ErrorCodeOf(err) != models.ENotFound:
			return err
		}

		if err := c.Next(); err != nil {
			return err
		}
		status := c.Response().StatusCode()
		if status < 200 || status > 299 {
			return nil
		}
		body, ok := c.Locals(localIdemBody).([]byte)
		if !ok {
			body = bytes.Clone(c.Response().Body())
		}
		rec := &models.IdempotentResponse{ID: id, Fingerprint: fingerprint, Status: status,
			ContentType: string(c.Response().Header.ContentType()), Body: body, CreatedAt: s.cfg.Clock.Now().UTC()}
		// The work is done: keep the answer even if the client has gone.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(c.UserContext()), 5*time.Second)
		defer cancel()
		if err := st.PutIdempotent(ctx, rec); err != nil {
			s.log.Error("cannot keep the answer for an Idempotency-Key; a retry would run again",
				"request_id", requestID(c), "err", err.Error())
		}
		return nil
	}
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
