package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/civicdesk/civicdesk/models"
	"github.com/civicdesk/civicdesk/server/request"
)

const (
	headerIdempotencyKey = "Idempotency-Key"
	headerReplayed       = "Idempotent-Replayed"
	// localIdemBody is what a handler whose answer carries a secret asks
	// to store instead of its answer (the same answer without the secret).
	localIdemBody = "civicdesk.idempotency.body"
	// localIdemReservation holds the *idemReservation of a request that
	// carried an Idempotency-Key, for handlers that create an issue.
	localIdemReservation = "civicdesk.idempotency.reservation"
)

// idemReservation lets a filing write the issue code it will use before it
// stores the issue, and tells a retry which code the first attempt chose.
type idemReservation struct {
	// code is the code an earlier attempt reserved; "" on a first attempt.
	code string
	// reserve records the code chosen by a first attempt.
	reserve func(ctx context.Context, code string) error
}

// reservation returns the request's idempotency reservation, or nil.
func reservation(c *fiber.Ctx) *idemReservation {
	r, _ := c.Locals(localIdemReservation).(*idemReservation)
	return r
}

// idempotency makes a POST safe to retry: a request with the same
// Idempotency-Key from the same caller to the same path does its work
// once; a retry gets the first answer (status and body) again, marked
// with Idempotent-Replayed: true. The same key with a different request is
// a conflict; a multipart request is compared by its fields and files, not
// its bytes, so a retry with a new boundary (curl -F) is the same request.
// Only successful answers are kept: a request that failed wrote nothing,
// so trying it again is safe. Answers that carry a secret shown once (API
// keys, invite tokens) are kept without the secret.
//
// Filings survive a crash at any point (#10): the issue's code is
// reserved under the key before the issue is stored, and the answer
// written after. A retry that finds only the reservation asks the service
// to file under that code, which returns the issue if the first attempt
// stored it and files it otherwise; never a second issue.
//
// Requests with the same key wait for each other in this process; across
// processes the reservation is an insert, so two simultaneous first
// attempts cannot both file.
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
		fingerprint := request.Fingerprint(c)

		unlock := s.idem.Lock(id)
		defer unlock()
		prev, err := st.GetIdempotent(c.UserContext(), id)
		switch {
		case err == nil && prev.Fingerprint != fingerprint:
			msg := "this Idempotency-Key was already used for a different request; use a new key for a new request"
			return &models.Error{Code: models.EConflict, Message: msg, Fields: map[string]string{headerIdempotencyKey: msg}}
		case err == nil && prev.Status != 0:
			c.Set(headerReplayed, "true")
			c.Set(fiber.HeaderContentType, prev.ContentType)
			return c.Status(prev.Status).Send(prev.Body)
		case err == nil:
			// Only a reservation: the first attempt died before answering.
			c.Locals(localIdemReservation, &idemReservation{code: prev.IssueCode})
		case models.ErrorCodeOf(err) != models.ENotFound:
			return err
		default:
			c.Locals(localIdemReservation, &idemReservation{reserve: func(ctx context.Context, code string) error {
				rec := &models.IdempotentResponse{ID: id, Fingerprint: fingerprint, IssueCode: code, CreatedAt: s.cfg.Clock.Now().UTC()}
				if err := st.PutIdempotent(ctx, rec); err != nil {
					if models.ErrorCodeOf(err) == models.EConflict {
						return models.Errorf(models.EConflict, "a request with this Idempotency-Key is being handled; retry it in a moment")
					}
					return err
				}
				return nil
			}})
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
		if prev != nil {
			rec.IssueCode = prev.IssueCode
		}
		// The work is done: keep the answer even if the client has gone.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(c.UserContext()), 5*time.Second)
		defer cancel()
		if err := st.SaveIdempotent(ctx, rec); err != nil {
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
