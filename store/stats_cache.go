package store

import (
	"sync"

	"github.com/civicdesk/civicdesk/models"
)

// statsCache keeps the statistics day documents of the embedded database
// in memory. FerretDB v1 answers the day range of a figures query by
// reading the whole stats_days collection (one document a day, a thousand
// after three years); looking each day up by _id costs a millisecond or
// two per day. The process that owns the data folder is the only writer,
// so a copy it updates on every write stays exact: a day is read from the
// database once, then served from memory.
type statsCache struct {
	mu   sync.Mutex
	days map[string]*models.StatsDay // nil value: the day has no document
}

func newStatsCache() *statsCache { return &statsCache{days: map[string]*models.StatsDay{}} }

func (c *statsCache) get(day string) (d *models.StatsDay, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok = c.days[day]
	return d, ok
}

func (c *statsCache) put(day string, d *models.StatsDay) {
	c.mu.Lock()
	c.days[day] = d
	c.mu.Unlock()
}

// forget drops a day, so the next read fetches it again.
func (c *statsCache) forget(day string) {
	c.mu.Lock()
	delete(c.days, day)
	c.mu.Unlock()
}

func (c *statsCache) reset() {
	c.mu.Lock()
	c.days = map[string]*models.StatsDay{}
	c.mu.Unlock()
}
