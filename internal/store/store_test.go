package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		applied, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second migrate applied %v, want nothing", applied)
		}
	})
}

func TestErrorsTranslated(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		insert := func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO institution_hosts (host, institution_id) VALUES (?, ?)`, "a.lt", 99)
			return err
		}
		// No institution 99: a foreign key error, not a conflict.
		err := db.InTx(ctx, insert)
		if err == nil || errors.Is(err, store.ErrConflict) {
			t.Fatalf("insert with a missing institution: got %v, want a foreign key error", err)
		}
		var n int
		err = db.QueryRowContext(ctx, `SELECT seq FROM audit_head WHERE id = ?`, 2).Scan(&n)
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing row: got %v, want ErrNotFound", err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO audit_head (id, seq, hash) VALUES (?, ?, ?)`, 1, 0, "")
			return err
		})
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate key: got %v, want ErrConflict", err)
		}
	})
}

func TestRollbackWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		committed := false
		err := db.InTx(ctx, func(tx *store.Tx) error {
			tx.AfterCommit(func() { committed = true })
			if _, err := tx.ExecContext(ctx, `UPDATE site_generation SET value = value + 1`); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v, want boom", err)
		}
		var gen int64
		if err := db.QueryRowContext(ctx, `SELECT value FROM site_generation`).Scan(&gen); err != nil {
			t.Fatal(err)
		}
		if gen != 1 || committed {
			t.Errorf("after rollback: generation %d (want 1), after-commit ran %v (want false)", gen, committed)
		}
	})
}

// TestSQLitePathWithURICharacters: a data folder whose name holds "#" or
// "?" keeps its database inside it, not in a file named after the part of
// the path before the character.
func TestSQLitePathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "savivalda #1?")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "test.db")
	db := storetest.Open(t, "sqlite:"+path)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("the database is not where it was asked for: %v", err)
	}
	if _, err := os.Stat(strings.SplitN(path, "#", 2)[0]); err == nil {
		t.Errorf("a database was created at the path cut at '#'")
	}
}
