package telegramtest

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Fault is what the fake does to a call instead of answering it plainly.
type Fault string

// Faults refused before Telegram did anything: the bot may safely send
// again.
const (
	// Fault429 answers 429 Too Many Requests with retry_after.
	Fault429 Fault = "429"
	// Fault500 answers 500 Internal Server Error.
	Fault500 Fault = "500"
	// FaultTimeout holds the request until the client gives up.
	FaultTimeout Fault = "timeout"
	// FaultDrop closes the connection without answering.
	FaultDrop Fault = "drop"
)

// Faults where Telegram did the call (a sendMessage is in the chat) and
// only the answer is lost: the bot cannot tell them from the ones above,
// and Telegram has no idempotency key, so sending again duplicates.
const (
	FaultTimeoutAfter Fault = "timeout-after"
	FaultDropAfter    Fault = "drop-after"
	// FaultCut, for file downloads only, sends half the bytes (with the
	// full Content-Length) and closes the connection.
	FaultCut Fault = "cut"
)

// FaultLate is not planned: the call took effect, but the client had
// given up (its own timeout) before the answer was written — a lost
// answer all the same, recorded so tests can count it.
const FaultLate Fault = "late"

// AfterAccept reports whether the call took effect before it failed.
func (f Fault) AfterAccept() bool {
	return f == FaultTimeoutAfter || f == FaultDropAfter || f == FaultLate
}

// AllFaults is every fault of API methods; file downloads get FaultCut
// instead of the after-accept ones, and 500 instead of 429.
var AllFaults = []Fault{Fault429, Fault500, FaultTimeout, FaultDrop, FaultTimeoutAfter, FaultDropAfter}

// FaultPlan makes some calls fail. It is deterministic: whether the n-th
// identical call (same method and parameters) fails, and how, depends
// only on Seed, the call and n — not on how the bot's goroutines happen
// to interleave — so a failing seed fails again.
type FaultPlan struct {
	Seed int64
	// Rate is the share of calls that fail (default 1/3).
	Rate float64
	// RetryAfter is the retry_after of 429 answers, in seconds (default 1).
	RetryAfter int
	// Faults are the kinds to choose among (default AllFaults).
	Faults []Fault
	// Methods are the methods that fail ("file" is file downloads);
	// default every method and downloads.
	Methods []string
	// Hold bounds how long a timeout holds a request whose client has not
	// given up (default 30s); set the client's timeout well below it.
	Hold time.Duration
}

// SetFaults starts injecting the plan's faults; nil stops them. Calls are
// counted from here.
func (s *Server) SetFaults(p *FaultPlan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p != nil {
		c := *p
		if c.Rate == 0 {
			c.Rate = 1.0 / 3
		}
		if c.RetryAfter == 0 {
			c.RetryAfter = 1
		}
		if len(c.Faults) == 0 {
			c.Faults = AllFaults
		}
		if c.Hold == 0 {
			c.Hold = 30 * time.Second
		}
		p = &c
	}
	s.plan = p
	s.seen = map[string]int{}
}

// SetClock makes the recorded calls' times come from now (the bot's test
// clock), so tests can check that a retry_after was honoured.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// planned is the plan's fault for this call, if any; s.mu is held.
func (s *Server) planned(method string, p url.Values) Fault {
	if s.plan == nil || !s.plan.covers(method) {
		return ""
	}
	key := method + "?" + p.Encode()
	s.seen[key]++
	h := fnv.New64a()
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], uint64(s.plan.Seed))
	h.Write(buf[:])
	h.Write([]byte(key))
	binary.LittleEndian.PutUint64(buf[:], uint64(s.seen[key]))
	h.Write(buf[:])
	v := h.Sum64()
	if float64(v>>11)/(1<<53) >= s.plan.Rate {
		return ""
	}
	// A second, independent draw picks the kind.
	h.Write([]byte{1})
	f := s.plan.Faults[h.Sum64()%uint64(len(s.plan.Faults))]
	if method == "file" {
		switch {
		case f == Fault429:
			f = Fault500 // the file server is no API: it has no retry_after
		case f.AfterAccept():
			f = FaultCut
		}
	}
	return f
}

func (p *FaultPlan) covers(method string) bool {
	if len(p.Methods) == 0 {
		return true
	}
	for _, m := range p.Methods {
		if m == method {
			return true
		}
	}
	return false
}

// refuse answers a call with a fault that happens before Telegram acts.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, f Fault, retryAfter int, hold time.Duration) {
	switch f {
	case Fault429:
		writeErr(w, http.StatusTooManyRequests, fmt.Sprintf("Too Many Requests: retry after %d", retryAfter), retryAfter)
	case Fault500:
		writeErr(w, http.StatusInternalServerError, "Internal Server Error", 0)
	default:
		loseAnswer(w, r, f, hold)
	}
}

// loseAnswer makes the client never get an answer: the connection is
// closed, or held until the client gives up.
func loseAnswer(w http.ResponseWriter, r *http.Request, f Fault, hold time.Duration) {
	if f == FaultTimeout || f == FaultTimeoutAfter {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(hold):
		}
	}
	// ErrAbortHandler closes the connection without a word (and without
	// a log line).
	panic(http.ErrAbortHandler)
}

// cut sends half a file and breaks off.
func cut(w http.ResponseWriter, data []byte) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data[:len(data)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}

// planHold is how long a timeout holds; s.mu is held.
func (s *Server) planHold() time.Duration {
	if s.plan == nil {
		return 30 * time.Second
	}
	return s.plan.Hold
}

func (s *Server) planRetryAfter() int {
	if s.plan == nil {
		return 1
	}
	return s.plan.RetryAfter
}
