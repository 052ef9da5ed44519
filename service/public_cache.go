package service

import (
	"fmt"
	"sync"
	"time"

	"github.com/civicdesk/civicdesk/models"
)

// publicListTTL is how long a public list is served from memory. The
// transparency portal asks for the same few lists again and again, and a
// list over every status reads the whole issues collection on the
// embedded database; public lists hold no personal data, so sharing them
// between visitors for a few seconds is safe.
const publicListTTL = 30 * time.Second

// publicListCacheSize bounds the memory: when full, the cache starts over.
const publicListCacheSize = 256

type publicListCache struct {
	mu      sync.Mutex
	entries map[string]publicListEntry
}

type publicListEntry struct {
	page    models.IssuePage
	expires time.Time
}

func publicListKey(f models.IssueFilter) string { return fmt.Sprintf("%#v", f) }

func (c *publicListCache) get(key string, now time.Time) (models.IssuePage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || !now.Before(e.expires) {
		return models.IssuePage{}, false
	}
	return e.page, true
}

func (c *publicListCache) put(key string, page models.IssuePage, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= publicListCacheSize {
		c.entries = map[string]publicListEntry{}
	}
	c.entries[key] = publicListEntry{page: page, expires: now.Add(publicListTTL)}
}
