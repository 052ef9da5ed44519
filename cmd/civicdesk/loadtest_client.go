package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/civicdesk/civicdesk/bot/telegramtest"
)

// loadClient is one of the concurrent clients: a browser of the public
// portal, an official at the desk, an organisation's system and a few
// Telegram residents, taking turns by the mix's weights.
type loadClient struct {
	id      int
	base    string
	http    *http.Client
	rnd     *rand.Rand
	mix     loadMix
	botPace *pacer
	setup   *loadSetup
	desk    loadDesk
	orgKey  string
	tg      *telegramtest.Server
	updates *atomic.Int64
	tally   *tally

	// codes are issue codes seen lately (portal lists, filings), for issue
	// pages and status lookups.
	codes []string
	// queue holds the open issues of the desk's last queue page, to act on.
	queue     []string
	lastFile  *loadFiling
	residents []*loadResident
	turn      int
}

// driveLoad runs the clients until the duration is over and merges what
// they got.
func driveLoad(ctx context.Context, lc loadConfig, base string, creds *loadSetup, tg *telegramtest.Server) *loadResult {
	hc := &http.Client{
		// The webhook answers once the update is handled, which waits for
		// Telegram's rate limits: allow for it.
		Timeout:   90 * time.Second,
		Transport: &http.Transport{MaxIdleConns: 4 * lc.clients, MaxIdleConnsPerHost: 4 * lc.clients, IdleConnTimeout: time.Minute},
	}
	defer hc.CloseIdleConnections()
	botPace := newPacer(lc.botRate)
	var updates atomic.Int64
	// Update ids only grow, across runs on a reused folder too: the bot
	// remembers the ones it handled.
	updates.Store(time.Now().UnixMilli())
	clients := make([]*loadClient, lc.clients)
	for i := range clients {
		clients[i] = &loadClient{id: i, base: base, http: hc, rnd: rand.New(rand.NewSource(lc.seed*1000 + int64(i))), mix: lc.mix,
			botPace: botPace, setup: creds, desk: creds.desks[i], orgKey: creds.orgKeys[i], tg: tg, updates: &updates, tally: newTally()}
		clients[i].residents = newResidents(i)
	}
	start := time.Now()
	end := start.Add(lc.duration)
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.run(ctx, end)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := newTally()
	for _, c := range clients {
		all.merge(c.tally)
	}
	settings := fmt.Sprintf("mix %s; --key-limit %s --anon-limit %s; bot updates at most %g/s", lc.mix.String(), lc.keyLimit, lc.anonLimit, lc.botRate)
	return all.result(lc.clients, creds.issues, elapsed, settings)
}

// run sends requests, one at a time, until end. A request under way at
// the end is finished and counted.
func (c *loadClient) run(ctx context.Context, end time.Time) {
	for ctx.Err() == nil && time.Now().Before(end) {
		// Bot updates arrive at the pace Telegram delivers them, not as
		// fast as a client could send: when the pace is used up, the
		// client does something else.
		kind := c.mix.pick(c.rnd, func(int) bool { return false })
		if kind == kindBot && !c.botPace.take(time.Now()) {
			if kind = c.mix.pick(c.rnd, func(k int) bool { return k == kindBot }); kind < 0 {
				time.Sleep(10 * time.Millisecond)
				continue
			}
		}
		switch kind {
		case kindPublic:
			c.publicRead(ctx)
		case kindLists:
			c.officialList(ctx)
		case kindFilings:
			c.file(ctx)
		case kindActions:
			c.act(ctx)
		case kindBot:
			c.botUpdate(ctx)
		}
	}
}

// call sends one request and records its time and answer under kind and
// op; it returns the status (0: no answer) and the body.
func (c *loadClient) call(ctx context.Context, kind int, op, method, path string, body []byte, header map[string]string) (int, []byte) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		c.tally.record(kind, op, 0, 0)
		c.tally.fail(loadFailure{Kind: kindNames[kind], Op: op, Method: method, Path: path, Answer: err.Error()})
		return 0, nil
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	start := time.Now()
	res, err := c.http.Do(req)
	var answer []byte
	if err == nil {
		answer, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	took := time.Since(start)
	status := 0
	if res != nil && err == nil {
		status = res.StatusCode
	}
	c.tally.record(kind, op, took, status)
	if status == 0 || status >= 500 {
		text := string(answer)
		if err != nil {
			text = err.Error()
		}
		if len(text) > 300 {
			text = text[:300] + "…"
		}
		c.tally.fail(loadFailure{Kind: kindNames[kind], Op: op, Method: method, Path: path, Status: status, Answer: strings.TrimSpace(text)})
	}
	return status, answer
}

// remember keeps an issue code for later issue pages and status lookups.
func (c *loadClient) remember(code string) {
	if code == "" {
		return
	}
	const keep = 200
	if len(c.codes) >= keep {
		c.codes[c.rnd.Intn(keep)] = code
		return
	}
	c.codes = append(c.codes, code)
}

// someCode is a code seen lately, "" before any.
func (c *loadClient) someCode() string {
	if len(c.codes) == 0 {
		return ""
	}
	return c.codes[c.rnd.Intn(len(c.codes))]
}

// bearer is the desk's Authorization header.
func (c *loadClient) bearer() map[string]string {
	return map[string]string{"Authorization": "Bearer " + c.desk.token}
}

func oneOf[T any](r *rand.Rand, list []T) T { return list[r.Intn(len(list))] }
