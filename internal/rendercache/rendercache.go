// Package rendercache keeps public pages as rendered bytes for anonymous
// visitors and drops them as soon as anything they show may have changed.
//
// Every change to public content bumps one generation counter in the
// database (Bump, inside the change's transaction). Each instance polls the
// counter and clears its cache when it moves, so a change reaches every
// instance within one poll interval; the instance that made the change clears
// at once on commit. Pages whose publication term ends are handled by
// ValidUntil: the cache also clears itself at the next term end, before any
// worker has run.
package rendercache

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/savivalda/savivalda/internal/store"
)

// maxEntries bounds memory: when full, the cache starts over.
const maxEntries = 20000

// Entry is one cached response.
type Entry struct {
	Body []byte
	ETag string
}

// Cache is safe for concurrent use.
type Cache struct {
	mu      sync.RWMutex
	entries map[string]*Entry

	generation atomic.Int64
	validUntil atomic.Int64 // unix ms; 0 = no known expiry
	now        func() time.Time

	hooksMu sync.Mutex
	hooks   []func()
}

// New returns an empty cache.
func New(now func() time.Time) *Cache {
	return &Cache{entries: map[string]*Entry{}, now: now}
}

// Get returns the cached entry for key, if any and still valid.
func (c *Cache) Get(key string) (*Entry, bool) {
	if vu := c.validUntil.Load(); vu != 0 && c.now().UnixMilli() >= vu {
		c.Clear()
		return nil, false
	}
	c.mu.RLock()
	e, ok := c.entries[key]
	c.mu.RUnlock()
	return e, ok
}

// Put stores an entry rendered at generation gen; a page rendered before
// the latest change is not kept.
func (c *Cache) Put(key string, gen int64, e *Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.generation.Load() {
		return
	}
	if len(c.entries) >= maxEntries {
		c.entries = map[string]*Entry{}
	}
	c.entries[key] = e
}

// Generation is the content generation this instance last saw; pass it to
// Put with what was rendered after reading it.
func (c *Cache) Generation() int64 { return c.generation.Load() }

// ExpireAt tells the cache that what it holds expires by itself at t (the
// earliest publication term end still ahead). The earliest time given since
// the last clear wins, so a render that raced with a term end cannot push the
// expiry past it.
func (c *Cache) ExpireAt(t time.Time) {
	if t.IsZero() {
		return
	}
	ms := t.UnixMilli()
	for {
		cur := c.validUntil.Load()
		if cur != 0 && cur <= ms {
			return
		}
		if c.validUntil.CompareAndSwap(cur, ms) {
			return
		}
	}
}

// OnChange registers f to run whenever the content generation moves (for
// example to reload institution headers or the navigation).
func (c *Cache) OnChange(f func()) {
	c.hooksMu.Lock()
	c.hooks = append(c.hooks, f)
	c.hooksMu.Unlock()
}

// Clear drops every entry.
func (c *Cache) Clear() {
	c.mu.Lock()
	c.entries = map[string]*Entry{}
	c.validUntil.Store(0)
	c.mu.Unlock()
}

// Len is the number of cached pages.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// Bump records, inside tx, that public content changed. On commit this
// instance clears its cache at once; others see the new generation on their
// next poll.
func (c *Cache) Bump(ctx context.Context, tx *store.Tx) error {
	var gen int64
	if err := tx.QueryRowContext(ctx, `UPDATE site_generation SET value = value + 1 WHERE id = 1 RETURNING value`).Scan(&gen); err != nil {
		return err
	}
	tx.AfterCommit(func() { c.advance(gen) })
	return nil
}

// Sync reads the generation from the database and clears the cache if it
// moved. Watch calls it on every tick.
func (c *Cache) Sync(ctx context.Context, db *store.DB) error {
	var gen int64
	if err := db.QueryRowContext(ctx, `SELECT value FROM site_generation WHERE id = 1`).Scan(&gen); err != nil {
		return err
	}
	c.advance(gen)
	return nil
}

func (c *Cache) advance(gen int64) {
	for {
		cur := c.generation.Load()
		if gen <= cur {
			return
		}
		if c.generation.CompareAndSwap(cur, gen) {
			break
		}
	}
	c.Clear()
	c.hooksMu.Lock()
	hooks := append([]func(){}, c.hooks...)
	c.hooksMu.Unlock()
	for _, f := range hooks {
		f()
	}
}

// Watch polls the database every interval until ctx ends.
func (c *Cache) Watch(ctx context.Context, db *store.DB, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := c.Sync(ctx, db); err != nil && ctx.Err() == nil {
				slog.Warn("render cache: read generation", "err", err)
			}
		}
	}
}
