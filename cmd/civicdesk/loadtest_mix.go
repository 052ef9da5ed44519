package main

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The kinds of traffic a load client sends.
const (
	kindPublic = iota
	kindLists
	kindFilings
	kindActions
	kindBot
	kindCount
)

// kindNames are the kinds as the report and --mix name them.
var kindNames = [kindCount]string{"public reads", "official lists", "filings", "actions", "bot updates"}

var mixNames = [kindCount]string{"public", "lists", "filings", "actions", "bot"}

// loadMix is how often each kind is picked, as relative weights.
type loadMix [kindCount]int

func defaultLoadMix() loadMix { return loadMix{40, 20, 10, 15, 15} }

func (m *loadMix) String() string {
	var parts []string
	for k, w := range m {
		parts = append(parts, mixNames[k]+"="+strconv.Itoa(w))
	}
	return strings.Join(parts, ",")
}

// Set reads "public=40,lists=20,...": kinds left out weigh 0.
func (m *loadMix) Set(v string) error {
	var out loadMix
	total := 0
	for _, part := range strings.Split(v, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		k := indexOf(mixNames[:], name)
		if !ok || err != nil || n < 0 || k < 0 {
			return fmt.Errorf("%q: give weights like public=40,lists=20,filings=10,actions=15,bot=15", part)
		}
		out[k] = n
		total += n
	}
	if total == 0 {
		return fmt.Errorf("%q: at least one weight must be above 0", v)
	}
	*m = out
	return nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// pick draws a kind by weight, leaving out the kinds in skip.
func (m *loadMix) pick(r *rand.Rand, skip func(int) bool) int {
	total := 0
	for k, w := range m {
		if !skip(k) {
			total += w
		}
	}
	if total == 0 {
		return -1
	}
	n := r.Intn(total)
	for k, w := range m {
		if skip(k) {
			continue
		}
		if n < w {
			return k
		}
		n -= w
	}
	return -1
}

// pacer lets an event happen at most rate times a second, all clients
// together, with up to a second's worth at once after a quiet spell.
type pacer struct {
	mu    sync.Mutex
	every time.Duration
	next  time.Time
}

func newPacer(rate float64) *pacer { return &pacer{every: time.Duration(float64(time.Second) / rate)} }

// take says whether the event may happen now, and counts it if so.
func (p *pacer) take(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Before(p.next) {
		return false
	}
	from := p.next
	if earliest := now.Add(-time.Second); from.Before(earliest) {
		from = earliest
	}
	p.next = from.Add(p.every)
	return true
}
