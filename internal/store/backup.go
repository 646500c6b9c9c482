package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Backup writes a consistent copy of a running SQLite database to path.
// VACUUM INTO reads one snapshot, so writers carry on meanwhile and the copy
// holds exactly the transactions committed before it began. The copy is
// written under a temporary name and appears at path only when complete; an
// existing file is never overwritten.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != sqliteDialect {
		return errors.New("backup: this is a PostgreSQL database; back it up with pg_dump (see docs/operations.md)")
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	// VACUUM INTO accepts an empty file, so a unique temporary one will do.
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp)

	// The read pool is query_only, which refuses VACUUM, and the write pool's
	// one connection would hold up every writer for the whole copy; a
	// connection of its own reads beside both.
	_, dsn, _ := dialectFor(db.source)
	conn, err := sql.Open("sqlite", sqliteURI(dsn, "_pragma=busy_timeout(10000)"))
	if err != nil {
		return fmt.Errorf("backup: open database: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return fmt.Errorf("backup: copy database: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// A hard link, unlike rename, fails if path appeared meanwhile.
	if err := os.Link(tmp, path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// Restore replaces the SQLite database at dbPath with the backup at
// backupPath. It first copies the backup next to dbPath and checks that
// copy: an intact SQLite database that holds a Savivalda schema. Only then
// does it swap the copy in with one rename, so a failure at any step leaves
// the existing database as it was. The server must be stopped: Restore
// refuses while another connection has dbPath open.
func Restore(ctx context.Context, backupPath, dbPath string) error {
	src, err := os.Open(backupPath)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer src.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(src, head); err != nil || !bytes.Equal(head, sqliteHeader) {
		return fmt.Errorf("restore: %s is not an SQLite database", backupPath)
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("restore: %w", err)
	}

	tmp, err := os.CreateTemp(filepath.Dir(dbPath), "."+filepath.Base(dbPath)+".restore-*")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmpPath := tmp.Name()
	defer removeDatabaseFiles(tmpPath)
	_, err = io.Copy(tmp, src)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("restore: copy %s: %w", backupPath, err)
	}
	if err := CheckBackup(ctx, tmpPath); err != nil {
		return fmt.Errorf("restore: %s: %w", backupPath, err)
	}
	// The new file keeps the old one's permissions rather than the
	// temporary file's owner-only ones.
	if st, err := os.Stat(dbPath); err == nil {
		if err := os.Chmod(tmpPath, st.Mode().Perm()); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}

	if err := EnsureUnused(ctx, dbPath); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// A write-ahead log left beside the old database would be replayed into
	// the new one on its first open, corrupting it.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: remove stale %s: %w", dbPath+suffix, err)
		}
	}
	if err := os.Rename(tmpPath, dbPath); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return syncDir(filepath.Dir(dbPath))
}

// CheckBackup opens a copy of a backup and checks that SQLite finds it
// intact and that it holds migrations, that is, it is a Savivalda database.
func CheckBackup(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", sqliteURI(path, "_pragma=busy_timeout(10000)"))
	if err != nil {
		return err
	}
	defer conn.Close()
	var result string
	if err := conn.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return fmt.Errorf("not a readable SQLite database: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("database damaged: integrity check says %q", result)
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		return errors.New("not a Savivalda database (no applied migrations)")
	}
	return nil
}

// EnsureUnused fails if another connection, such as a running server, has
// the database open. An exclusive lock can be taken only when no one else
// holds the file; the lock is released at once and nothing is written.
func EnsureUnused(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	probe, err := sql.Open("sqlite", sqliteURI(path, "_pragma=busy_timeout(1000)&_pragma=locking_mode(EXCLUSIVE)"))
	if err != nil {
		return err
	}
	defer probe.Close()
	conn, err := probe.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		var e *sqlite.Error
		if errors.As(err, &e) && (e.Code()&0xff == sqlite3.SQLITE_BUSY || e.Code()&0xff == sqlite3.SQLITE_LOCKED) {
			return fmt.Errorf("%s is in use; stop every savivalda server using it first", path)
		}
		// A damaged file cannot be locked as a database, but it is what a
		// restore is for: nobody can be serving it.
		return nil
	}
	_, err = conn.ExecContext(ctx, `COMMIT`)
	return err
}

func removeDatabaseFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(path + suffix)
	}
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes a rename or a new name in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
