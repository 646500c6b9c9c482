package audit_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// mustRecord appends n entries, each in its own transaction.
func mustRecord(t *testing.T, db *store.DB, institutionID int64, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			return audit.Record(context.Background(), tx, audit.Change{
				InstitutionID: institutionID,
				Actor:         actor.Actor{Kind: actor.Staff, ID: 7, Name: "Ona Žukauskienė"},
				Action:        "site.page.publish",
				ObjectType:    "page",
				ObjectID:      int64(i + 1),
				Summary:       fmt.Sprintf("Paskelbtas puslapis %d", i+1),
				Before:        map[string]string{"title": "Senas"},
				After:         map[string]string{"title": "Naujas"},
			})
		})
		storetest.Fatal(t, "record entry", err)
	}
}

func mustExec(t *testing.T, db *store.DB, query string, args ...any) {
	t.Helper()
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), query, args...)
		return err
	})
	storetest.Fatal(t, query, err)
}

// wantBroken checks that Verify names exactly entry seq.
func wantBroken(t *testing.T, db *store.DB, seq int64) {
	t.Helper()
	_, err := audit.Verify(context.Background(), db)
	var b *audit.Broken
	if !errors.As(err, &b) {
		t.Fatalf("Verify: got %v, want *audit.Broken", err)
	}
	if b.Seq != seq {
		t.Errorf("Verify names entry %d (%s), want %d", b.Seq, b.Reason, seq)
	}
}

func TestRecordChains(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustRecord(t, db, 1, 3)
		entries, total, err := audit.Find(context.Background(), db, audit.Filter{})
		storetest.Fatal(t, "find", err)
		if total != 3 || len(entries) != 3 {
			t.Fatalf("got %d entries (total %d), want 3", len(entries), total)
		}
		// Newest first: each entry links to the one listed after it.
		for i, e := range entries {
			if want := int64(3 - i); e.Seq != want {
				t.Errorf("entry %d: seq %d, want %d", i, e.Seq, want)
			}
			prev := ""
			if i+1 < len(entries) {
				prev = entries[i+1].Hash
			}
			if e.PrevHash != prev {
				t.Errorf("entry %d: prev_hash %q, want %q", e.Seq, e.PrevHash, prev)
			}
			if e.Hash == "" || e.Hash == e.PrevHash {
				t.Errorf("entry %d: hash %q", e.Seq, e.Hash)
			}
		}
		if e := entries[0]; e.Actor.Name != "Ona Žukauskienė" || e.Before != `{"title":"Senas"}` || e.After != `{"title":"Naujas"}` {
			t.Errorf("entry stored as %+v", e)
		}
	})
}

func TestVerify(t *testing.T) {
	ctx := context.Background()
	t.Run("Empty", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			n, err := audit.Verify(ctx, db)
			if err != nil || n != 0 {
				t.Errorf("got %d, %v; want 0, nil", n, err)
			}
		})
	})
	t.Run("Intact", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			mustRecord(t, db, 1, 5)
			n, err := audit.Verify(ctx, db)
			if err != nil || n != 5 {
				t.Errorf("got %d, %v; want 5, nil", n, err)
			}
		})
	})
	t.Run("ErrAltered", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			mustRecord(t, db, 1, 5)
			mustExec(t, db, `UPDATE audit_log SET summary = ? WHERE seq = ?`, "Nieko nepakeista", 3)
			wantBroken(t, db, 3)
		})
	})
	t.Run("ErrAlteredFirst", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			mustRecord(t, db, 1, 2)
			mustExec(t, db, `UPDATE audit_log SET actor_name = ? WHERE seq = ?`, "Kažkas kitas", 1)
			wantBroken(t, db, 1)
		})
	})
	t.Run("ErrMiddleDeleted", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			mustRecord(t, db, 1, 5)
			mustExec(t, db, `DELETE FROM audit_log WHERE seq = ?`, 3)
			wantBroken(t, db, 3)
		})
	})
	t.Run("ErrLastDeleted", func(t *testing.T) {
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			mustRecord(t, db, 1, 5)
			mustExec(t, db, `DELETE FROM audit_log WHERE seq = ?`, 5)
			wantBroken(t, db, 5)
		})
	})
	t.Run("ErrRehashedButUnlinked", func(t *testing.T) {
		// Someone who alters an entry and recomputes its hash still breaks
		// the link from the entry after it.
		storetest.Each(t, func(t *testing.T, db *store.DB) {
			mustRecord(t, db, 1, 3)
			es, _, err := audit.Find(ctx, db, audit.Filter{ObjectType: "page", ObjectID: 2})
			storetest.Fatal(t, "find entry 2", err)
			if len(es) != 1 || es[0].Seq != 2 {
				t.Fatalf("entry 2: %+v", es)
			}
			forged := es[0]
			forged.Summary = "Nieko nepakeista"
			mustExec(t, db, `UPDATE audit_log SET summary = ?, hash = ? WHERE seq = ?`, forged.Summary, forged.ComputeHash(), 2)
			wantBroken(t, db, 3)
		})
	})
}

// Writers in parallel transactions take turns at the chain's tip, so the
// chain never forks (on PostgreSQL the tip's row lock does it; on SQLite the
// single writer).
func TestRecordConcurrent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const writers = 20
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for i := 0; i < writers; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.InTx(context.Background(), func(tx *store.Tx) error {
					return audit.Record(context.Background(), tx, audit.Change{
						InstitutionID: 1, Actor: actor.NewJob("test", 0), Action: "test.concurrent",
						ObjectType: "test", ObjectID: int64(i), Summary: fmt.Sprintf("rašytojas %d", i),
					})
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			storetest.Fatal(t, "concurrent record", err)
		}
		n, err := audit.Verify(context.Background(), db)
		if err != nil || n != writers {
			t.Errorf("Verify: got %d, %v; want %d, nil", n, err, writers)
		}
	})
}

// TestNoUnknownActor: a tamper-evident trail holds no action of an
// unknown actor: a change without a kind, a name or (for staff) an id is
// refused, and its transaction — the change itself — does not commit.
func TestNoUnknownActor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, a := range []actor.Actor{{}, {Kind: actor.Staff, Name: "Be ID"}, {Kind: actor.Job}, {Name: "Sistema"}} {
			err := db.InTx(context.Background(), func(tx *store.Tx) error {
				return audit.Record(context.Background(), tx, audit.Change{Actor: a, Action: "test.unknown", Summary: "x"})
			})
			if !errors.Is(err, audit.ErrNoActor) {
				t.Errorf("recording as %+v: %v, want ErrNoActor", a, err)
			}
		}
		entries, _, err := audit.Find(context.Background(), db, audit.Filter{Action: "test.unknown", Limit: 10})
		storetest.Fatal(t, "find", err)
		if len(entries) != 0 {
			t.Errorf("%d entries of unknown actors were stored", len(entries))
		}
	})
}

// TestNothingBeforeIsEmpty: the "before" of a first change (a nil pointer
// or map) is stored as nothing, not as the JSON value null.
func TestNothingBeforeIsEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var none *struct{ Title string }
		var noMap map[string]string
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			return audit.Record(context.Background(), tx, audit.Change{Actor: actor.NewJob("test", 0), Action: "test.first",
				Summary: "x", Before: none, After: noMap})
		})
		storetest.Fatal(t, "record", err)
		entries, _, err := audit.Find(context.Background(), db, audit.Filter{Action: "test.first", Limit: 1})
		storetest.Fatal(t, "find", err)
		if len(entries) != 1 || entries[0].Before != "" || entries[0].After != "" {
			t.Errorf("entries %+v, want one with empty before and after", entries)
		}
	})
}
