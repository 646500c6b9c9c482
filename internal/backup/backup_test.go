package backup_test

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/backup"
	"github.com/savivalda/savivalda/internal/files"
	"github.com/savivalda/savivalda/internal/files/filestest"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// The audit trail witnesses which state of the database came back.
func record(t *testing.T, db *store.DB, n int) {
	t.Helper()
	for range n {
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			return audit.Record(context.Background(), tx, audit.Change{Actor: actor.NewJob("test", 0), Action: "test.write", Summary: "įrašas"})
		})
		storetest.Fatal(t, "record", err)
	}
}

func entries(t *testing.T, source string) int64 {
	t.Helper()
	db := storetest.Open(t, source)
	defer db.Close()
	n, err := audit.Verify(context.Background(), db)
	storetest.Fatal(t, "verify", err)
	return n
}

func random(t *testing.T, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func put(t *testing.T, s files.Store, key string, b []byte) {
	t.Helper()
	if _, err := s.Put(context.Background(), key, bytes.NewReader(b), 1<<30, ""); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
}

// contents reads every file of s.
func contents(t *testing.T, s files.Store) map[string][]byte {
	t.Helper()
	all := map[string][]byte{}
	err := s.List(context.Background(), "", func(key string, _ int64) error {
		f, err := s.Open(context.Background(), key)
		if err != nil {
			return err
		}
		defer f.Close()
		all[key], err = io.ReadAll(f)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func same(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("%s is missing", k)
		} else if !bytes.Equal(g, w) {
			t.Errorf("%s: %d bytes differ from the %d backed up", k, len(g), len(w))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s is there but was not backed up", k)
		}
	}
}

// TestBackupRestoresFilesAndDatabase: what changed after a backup, in the
// database and among the files, is undone by restoring it, byte for byte.
func TestBackupRestoresFilesAndDatabase(t *testing.T) {
	filestest.Each(t, func(t *testing.T, fs files.Store) {
		ctx := context.Background()
		db := storetest.New(t, "sqlite")
		record(t, db, 3)
		put(t, fs, "media/2026/sprendimas.pdf", random(t, 300<<10))
		put(t, fs, "media/2026/nuotrauka.jpg", random(t, files.PartSize+12345))
		put(t, fs, "tuscias.txt", nil)
		want := contents(t, fs)

		archive := filepath.Join(t.TempDir(), "savivalda.tar")
		sum, err := backup.Write(ctx, db, fs, archive)
		if err != nil || !sum.Database || sum.Files != 3 || sum.Bytes == 0 {
			t.Fatalf("backup: %+v %v", sum, err)
		}
		if _, err := backup.Write(ctx, db, fs, archive); err == nil {
			t.Error("a second backup overwrote the first")
		}

		record(t, db, 2)
		put(t, fs, "media/2026/nauja.png", random(t, 100))
		put(t, fs, "tuscias.txt", []byte("pakeista"))
		storetest.Fatal(t, "delete", fs.Delete(ctx, "media/2026/sprendimas.pdf"))
		source := db.Source()
		db.Close() // the server is stopped for a restore

		sum, err = backup.Restore(ctx, archive, store.SQLitePath(source), fs)
		if err != nil || !sum.Database || sum.Files != 3 {
			t.Fatalf("restore: %+v %v", sum, err)
		}
		same(t, contents(t, fs), want)
		if n := entries(t, source); n != 3 {
			t.Errorf("restored database: %d audit entries, want the 3 backed up", n)
		}
	})
}

// TestRestoreOntoNewMachine: an empty data folder and an empty store get
// everything back.
func TestRestoreOntoNewMachine(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t, "sqlite")
	record(t, db, 4)
	old, err := files.NewLocal(t.TempDir())
	storetest.Fatal(t, "store", err)
	put(t, old, "media/a.pdf", random(t, 1000))
	archive := filepath.Join(t.TempDir(), "b.tar")
	if _, err := backup.Write(ctx, db, old, archive); err != nil {
		t.Fatal(err)
	}
	// The new machine keeps its files on S3.
	fresh := filestest.S3(t)
	dbPath := filepath.Join(t.TempDir(), "savivalda.db")
	if _, err := backup.Restore(ctx, archive, dbPath, fresh); err != nil {
		t.Fatal(err)
	}
	same(t, contents(t, fresh), contents(t, old))
	if n := entries(t, "sqlite:"+dbPath); n != 4 {
		t.Errorf("%d audit entries, want 4", n)
	}
}

// TestRestoreChecksTheDatabaseFirst: a damaged database in the archive,
// or a server still running, stops the restore before any file changes.
func TestRestoreChecksTheDatabaseFirst(t *testing.T) {
	ctx := context.Background()
	fs, err := files.NewLocal(t.TempDir())
	storetest.Fatal(t, "store", err)
	put(t, fs, "kept.txt", []byte("dabartinis"))

	damaged := filepath.Join(t.TempDir(), "damaged.tar")
	writeTar(t, damaged, map[string]string{"savivalda-backup.txt": "Savivalda backup.", "savivalda.db": "SQLite format 3\x00 not really", "files/other.txt": "x"},
		"savivalda-backup.txt", "savivalda.db", "files/other.txt")
	dbPath := filepath.Join(t.TempDir(), "savivalda.db")
	if _, err := backup.Restore(ctx, damaged, dbPath, fs); err == nil || !strings.Contains(err.Error(), "not a readable SQLite database") {
		t.Errorf("a damaged database: %v", err)
	}

	db := storetest.New(t, "sqlite")
	good := filepath.Join(t.TempDir(), "good.tar")
	if _, err := backup.Write(ctx, db, fs, good); err != nil {
		t.Fatal(err)
	}
	put(t, fs, "later.txt", []byte("po kopijos"))
	// db is still open: a server is running on it.
	if _, err := backup.Restore(ctx, good, store.SQLitePath(db.Source()), fs); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("restore under a running server: %v", err)
	}
	if got := contents(t, fs); len(got) != 2 || string(got["kept.txt"]) != "dabartinis" {
		t.Errorf("a refused restore changed the files: %v", got)
	}
}

func writeTar(t *testing.T, path string, content map[string]string, order ...string) {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, name := range order {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(content[name])), Typeflag: tar.TypeReg})
		io.WriteString(tw, content[name])
	}
	tw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreRefusesStrangeArchives: names outside files/ or with path
// tricks are not written anywhere.
func TestRestoreRefusesStrangeArchives(t *testing.T) {
	fs, err := files.NewLocal(t.TempDir())
	storetest.Fatal(t, "store", err)
	for _, name := range []string{"files/../../etc/passwd", "kita/a.txt", "files/A.txt"} {
		p := filepath.Join(t.TempDir(), "x.tar")
		writeTar(t, p, map[string]string{"savivalda-backup.txt": "Savivalda backup.", name: "x"}, "savivalda-backup.txt", name)
		if _, err := backup.Restore(context.Background(), p, "", fs); err == nil || !strings.Contains(err.Error(), "unexpected entry") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if got := contents(t, fs); len(got) != 0 {
		t.Errorf("files written: %v", got)
	}
}

// TestPostgresArchiveHoldsFiles: with PostgreSQL (backed up by pg_dump) the
// archive holds the files, and restore puts them back; an SQLite
// archive is not restored onto PostgreSQL, nor the other way round.
func TestPostgresArchiveHoldsFiles(t *testing.T) {
	ctx := context.Background()
	pg := storetest.New(t, "postgres")
	fs, err := files.NewLocal(t.TempDir())
	storetest.Fatal(t, "store", err)
	put(t, fs, "media/a.pdf", random(t, 5000))
	want := contents(t, fs)
	archive := filepath.Join(t.TempDir(), "files.tar")
	sum, err := backup.Write(ctx, pg, fs, archive)
	if err != nil || sum.Database || sum.Files != 1 {
		t.Fatalf("backup: %+v %v", sum, err)
	}
	storetest.Fatal(t, "delete", fs.Delete(ctx, "media/a.pdf"))
	if sum, err := backup.Restore(ctx, archive, "", fs); err != nil || sum.Files != 1 {
		t.Fatalf("restore: %+v %v", sum, err)
	}
	same(t, contents(t, fs), want)
	if _, err := backup.Restore(ctx, archive, filepath.Join(t.TempDir(), "savivalda.db"), fs); err == nil {
		t.Error("an archive without a database was restored onto SQLite")
	}

	lite := storetest.New(t, "sqlite")
	withDB := filepath.Join(t.TempDir(), "sqlite.tar")
	if _, err := backup.Write(ctx, lite, fs, withDB); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Restore(ctx, withDB, "", fs); err == nil {
		t.Error("an SQLite archive was restored onto PostgreSQL")
	}
}

// TestRestoreOlderBackup: a backup from before files were archived (the
// bare database file) still restores, and leaves the files alone.
func TestRestoreOlderBackup(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t, "sqlite")
	record(t, db, 2)
	old := filepath.Join(t.TempDir(), "old.db")
	storetest.Fatal(t, "backup", db.Backup(ctx, old))
	fs, err := files.NewLocal(t.TempDir())
	storetest.Fatal(t, "store", err)
	put(t, fs, "a.txt", []byte("lieka"))
	dbPath := filepath.Join(t.TempDir(), "savivalda.db")
	sum, err := backup.Restore(ctx, old, dbPath, fs)
	if err != nil || sum.Files != -1 || !sum.Database {
		t.Fatalf("restore: %+v %v", sum, err)
	}
	if n := entries(t, "sqlite:"+dbPath); n != 2 {
		t.Errorf("%d entries", n)
	}
	if got := contents(t, fs); string(got["a.txt"]) != "lieka" {
		t.Errorf("files: %v", got)
	}
}
