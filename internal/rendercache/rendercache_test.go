package rendercache_test

import (
	"context"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// TestGenerations: a page rendered before a change is never cached after
// it, a change clears the cache on commit here and on the next sync
// elsewhere, and a rolled-back change clears nothing.
func TestGenerations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		here, there := rendercache.New(time.Now), rendercache.New(time.Now)
		for _, c := range []*rendercache.Cache{here, there} {
			if err := c.Sync(ctx, db); err != nil {
				t.Fatal(err)
			}
		}
		stale := here.Generation()
		here.Put("/a", stale, &rendercache.Entry{Body: []byte("a")})
		there.Put("/a", there.Generation(), &rendercache.Entry{Body: []byte("a")})
		reloaded := 0
		there.OnChange(func() { reloaded++ })

		_ = db.InTx(ctx, func(tx *store.Tx) error {
			if err := here.Bump(ctx, tx); err != nil {
				t.Fatal(err)
			}
			return context.Canceled // roll back
		})
		if _, ok := here.Get("/a"); !ok {
			t.Error("a rolled-back change cleared the cache")
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error { return here.Bump(ctx, tx) }); err != nil {
			t.Fatal(err)
		}
		if _, ok := here.Get("/a"); ok {
			t.Error("the instance that made the change still serves the old page")
		}
		here.Put("/a", stale, &rendercache.Entry{Body: []byte("old")})
		if _, ok := here.Get("/a"); ok {
			t.Error("a page rendered before the change was cached")
		}
		if _, ok := there.Get("/a"); !ok {
			t.Fatal("the other instance lost its page before syncing")
		}
		if err := there.Sync(ctx, db); err != nil {
			t.Fatal(err)
		}
		if _, ok := there.Get("/a"); ok || reloaded != 1 {
			t.Errorf("after sync the other instance still has the page (%v) or did not reload (%d)", ok, reloaded)
		}
	})
}

// TestExpireAt: the cache empties itself at the earliest expiry given.
func TestExpireAt(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	c := rendercache.New(func() time.Time { return now })
	c.Put("/p", 0, &rendercache.Entry{Body: []byte("p")})
	c.ExpireAt(now.Add(time.Hour))
	c.ExpireAt(now.Add(2 * time.Hour)) // later: ignored
	now = now.Add(59 * time.Minute)
	if _, ok := c.Get("/p"); !ok {
		t.Fatal("expired early")
	}
	now = now.Add(time.Minute)
	if _, ok := c.Get("/p"); ok {
		t.Error("still cached at the expiry")
	}
}
