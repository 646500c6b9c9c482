package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// The audit trail makes a good witness: its hash chain tells whether a copy
// holds a consistent state, and every entry can be compared with the
// original.
func record(db *store.DB, summary string) error {
	return db.InTx(context.Background(), func(tx *store.Tx) error {
		return audit.Record(context.Background(), tx, audit.Change{Actor: actor.NewJob("test", 0), Action: "test.write", Summary: summary})
	})
}

func mustRecordN(t *testing.T, db *store.DB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		storetest.Fatal(t, "record", record(db, fmt.Sprintf("įrašas %d", i)))
	}
}

func entries(t *testing.T, db *store.DB) []audit.Entry {
	t.Helper()
	es, _, err := audit.Find(context.Background(), db, audit.Filter{Limit: 1 << 20})
	storetest.Fatal(t, "read entries", err)
	return es
}

func TestBackupWhileWritingAndRestore(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t, "sqlite")
	mustRecordN(t, db, 50)

	// A writer keeps committing while the backup runs.
	stop, started := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			if i == 1 {
				close(started)
			}
			select {
			case <-stop:
				return
			default:
			}
			if err := record(db, fmt.Sprintf("lygiagretus %d", i)); err != nil {
				writeErr = err
				if i == 0 {
					close(started)
				}
				return
			}
		}
	}()
	<-started
	backup := filepath.Join(t.TempDir(), "atsargine.db")
	err := db.Backup(ctx, backup)
	close(stop)
	wg.Wait()
	storetest.Fatal(t, "backup", err)
	storetest.Fatal(t, "concurrent write", writeErr)

	restored := filepath.Join(t.TempDir(), "atkurta.db")
	storetest.Fatal(t, "restore", store.Restore(ctx, backup, restored))
	copyDB := storetest.Open(t, "sqlite:"+restored)

	n, err := audit.Verify(ctx, copyDB)
	if err != nil {
		t.Fatalf("restored copy is not a consistent state: %v", err)
	}
	if n < 50 {
		t.Errorf("restored %d entries, want at least the 50 written before the backup", n)
	}
	bySeq := map[int64]audit.Entry{}
	for _, e := range entries(t, db) {
		bySeq[e.Seq] = e
	}
	for _, e := range entries(t, copyDB) {
		if orig := bySeq[e.Seq]; orig != e {
			t.Errorf("entry %d differs:\n got %+v\nwant %+v", e.Seq, e, orig)
		}
	}
}

func TestRestoreReplacesDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "savivalda.db")
	db := storetest.Open(t, "sqlite:"+path)
	_, err := db.Migrate(ctx)
	storetest.Fatal(t, "migrate", err)
	mustRecordN(t, db, 3)
	backup := filepath.Join(dir, "backup.db")
	storetest.Fatal(t, "backup", db.Backup(ctx, backup))
	mustRecordN(t, db, 2) // made after the backup: the restore undoes them

	if err := store.Restore(ctx, backup, path); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("restore under a running database: got %v, want a refusal saying it is in use", err)
	}
	if got := len(entries(t, db)); got != 5 {
		t.Fatalf("after a refused restore the database has %d entries, want 5", got)
	}

	db.Close()
	storetest.Fatal(t, "restore", store.Restore(ctx, backup, path))
	db = storetest.Open(t, "sqlite:"+path)
	if n, err := audit.Verify(ctx, db); err != nil || n != 3 {
		t.Errorf("after restore: %d entries, %v; want the 3 of the backup", n, err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
}

func TestRestoreRefusesBadBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "savivalda.db")
	db := storetest.Open(t, "sqlite:"+path)
	_, err := db.Migrate(ctx)
	storetest.Fatal(t, "migrate", err)
	mustRecordN(t, db, 3)
	good := filepath.Join(dir, "good.db")
	storetest.Fatal(t, "backup", db.Backup(ctx, good))
	db.Close()
	original, err := os.ReadFile(path)
	storetest.Fatal(t, "read database", err)
	goodBytes, err := os.ReadFile(good)
	storetest.Fatal(t, "read backup", err)

	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		storetest.Fatal(t, "write "+name, os.WriteFile(p, b, 0o600))
		return p
	}
	foreign := filepath.Join(dir, "foreign.db")
	other, err := sql.Open("sqlite", "file:"+foreign)
	storetest.Fatal(t, "open foreign database", err)
	_, err = other.Exec(`CREATE TABLE notes (body TEXT)`)
	storetest.Fatal(t, "create table", err)
	other.Close()

	tests := []struct{ name, backup string }{
		{"ErrText", write("notes.txt", []byte("tai ne duomenų bazė\n"))},
		{"ErrTruncated", write("truncated.db", goodBytes[:len(goodBytes)/2])},
		{"ErrDamaged", write("damaged.db", append(bytes.Clone(goodBytes[:4096]), bytes.Repeat([]byte{0xAB}, len(goodBytes)-4096)...))},
		{"ErrNotSavivalda", foreign},
		{"ErrMissing", filepath.Join(dir, "nera.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := store.Restore(ctx, tt.backup, path)
			if err == nil {
				t.Fatal("restore accepted a bad backup")
			}
			t.Log(err)
			got, err := os.ReadFile(path)
			storetest.Fatal(t, "read database", err)
			if !bytes.Equal(got, original) {
				t.Error("a refused restore changed the database")
			}
		})
	}
	db = storetest.Open(t, "sqlite:"+path)
	if n, err := audit.Verify(ctx, db); err != nil || n != 3 {
		t.Errorf("database after refused restores: %d entries, %v; want 3 intact", n, err)
	}
}

func TestBackupRefuses(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrExists", func(t *testing.T) {
		db := storetest.New(t, "sqlite")
		path := filepath.Join(t.TempDir(), "backup.db")
		storetest.Fatal(t, "write", os.WriteFile(path, []byte("ankstesnė kopija"), 0o600))
		if err := db.Backup(ctx, path); err == nil {
			t.Fatal("backup overwrote an existing file")
		}
		if b, _ := os.ReadFile(path); string(b) != "ankstesnė kopija" {
			t.Errorf("existing file changed to %q", b)
		}
	})
	t.Run("ErrPostgres", func(t *testing.T) {
		db := storetest.New(t, "postgres")
		err := db.Backup(ctx, filepath.Join(t.TempDir(), "backup.db"))
		if err == nil || !strings.Contains(err.Error(), "pg_dump") {
			t.Errorf("got %v, want an error pointing to pg_dump", err)
		}
	})
}
