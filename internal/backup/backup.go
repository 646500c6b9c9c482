// Package backup writes and restores one archive of a Savivalda: the SQLite
// database and every file of the file store, so that an operator keeps one
// file per backup. The archive is a plain tar file, readable with ordinary
// tools: a note saying what it is, savivalda.db, then files/KEY for each file. On PostgreSQL the
// database is backed up with pg_dump and the archive holds the files only.
package backup

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/savivalda/savivalda/internal/files"
	"github.com/savivalda/savivalda/internal/store"
)

// Names inside the archive.
const (
	noteEntry  = "savivalda-backup.txt"
	dbEntry    = "savivalda.db"
	filesEntry = "files/"
)

// note is the archive's first entry, for a person opening it and for
// Restore to recognise it.
const note = `Savivalda backup. Restore it with "savivalda restore FILE".
savivalda.db: the SQLite database (absent when the database is PostgreSQL,
which is backed up with pg_dump); files/: the file store's files by key.
`

// Summary says what an archive holds.
type Summary struct {
	Database bool  // the SQLite database is in it
	Files    int   // how many files
	Bytes    int64 // the archive's size
}

// Write writes the archive of db (if SQLite) and fs to path, which must not
// exist. The database copy is one consistent snapshot, taken first; the
// files are read after it, so a file uploaded meanwhile may be in the
// archive without a page using it, which is harmless. The archive appears
// at path only when complete.
func Write(ctx context.Context, db *store.DB, fs files.Store, path string) (Summary, error) {
	var sum Summary
	if _, err := os.Lstat(path); err == nil {
		return sum, fmt.Errorf("backup: %s already exists; choose a new file name", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return sum, fmt.Errorf("backup: %w", err)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".partial-*")
	if err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	tw := tar.NewWriter(f)
	if err := tw.WriteHeader(&tar.Header{Name: noteEntry, Mode: 0o644, Size: int64(len(note)), ModTime: db.Now(), Typeflag: tar.TypeReg}); err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	if _, err := io.WriteString(tw, note); err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}

	if store.SQLitePath(db.Source()) != "" {
		scratch, err := os.MkdirTemp(dir, "."+filepath.Base(path)+".db-*")
		if err != nil {
			return sum, fmt.Errorf("backup: %w", err)
		}
		defer os.RemoveAll(scratch)
		copyPath := filepath.Join(scratch, dbEntry)
		if err := db.Backup(ctx, copyPath); err != nil {
			return sum, err
		}
		if err := addFile(tw, dbEntry, copyPath); err != nil {
			return sum, fmt.Errorf("backup: %w", err)
		}
		sum.Database = true
	}

	err = fs.List(ctx, "", func(key string, _ int64) error {
		src, err := fs.Open(ctx, key)
		if errors.Is(err, files.ErrNotFound) {
			return nil // deleted since the listing
		} else if err != nil {
			return err
		}
		defer src.Close()
		hdr := &tar.Header{Name: filesEntry + key, Mode: 0o640, Size: src.Size(), ModTime: src.ModTime(), Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := io.Copy(tw, src); err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		sum.Files++
		return nil
	})
	if err == nil {
		err = tw.Close()
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		return sum, fmt.Errorf("backup: files: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	sum.Bytes = st.Size()
	// A hard link, unlike rename, fails if path appeared meanwhile.
	if err := os.Link(f.Name(), path); err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	// The new name survives a crash only once its folder is synced.
	d, err := os.Open(dir)
	if err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return sum, fmt.Errorf("backup: sync %s: %w", dir, err)
	}
	return sum, nil
}

func addFile(tw *tar.Writer, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o640, Size: st.Size(), ModTime: st.ModTime(), Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// ErrNotArchive: the file is not an archive Write made.
var ErrNotArchive = errors.New("not a Savivalda backup archive")

// Restore puts the archive at path back: the database at dbPath (empty on
// PostgreSQL, whose database pg_restore restores) and the files into fs,
// which afterwards holds exactly the archive's files. The database in the
// archive is checked, and dbPath found unused, before anything changes; the
// database is swapped in last, once every file is back. A backup made before
// files were archived (a bare SQLite file) restores the database only, and
// Summary.Files is then -1.
//
// Every server must be stopped first.
func Restore(ctx context.Context, path, dbPath string, fs files.Store) (Summary, error) {
	var sum Summary
	f, err := os.Open(path)
	if err != nil {
		return sum, fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	if hdr, err := tr.Next(); err != nil || hdr.Name != noteEntry {
		if dbPath == "" {
			return sum, fmt.Errorf("restore: %s: %w", path, ErrNotArchive)
		}
		// The older backups are the bare database.
		sum.Files = -1
		sum.Database = true
		return sum, store.Restore(ctx, path, dbPath)
	}
	hdr, err := tr.Next()
	if err != nil && err != io.EOF {
		return sum, fmt.Errorf("restore: %s: %w", path, err)
	}
	hasDB := hdr != nil && hdr.Name == dbEntry

	var dbCopy string
	switch {
	case hasDB && dbPath == "":
		return sum, fmt.Errorf("restore: %s holds an SQLite database, but the configured database is PostgreSQL", path)
	case !hasDB && dbPath != "":
		return sum, fmt.Errorf("restore: %s holds no database (it was made on PostgreSQL), but the configured database is SQLite", path)
	case hasDB:
		copyPath, cleanup, uerr := unpackDB(ctx, tr, path, dbPath)
		if uerr != nil {
			return sum, uerr
		}
		defer cleanup()
		dbCopy, sum.Database = copyPath, true
		hdr, err = tr.Next()
	}

	restored := map[string]bool{}
	for ; err == nil; hdr, err = tr.Next() {
		key, ok := strings.CutPrefix(hdr.Name, filesEntry)
		if !ok || hdr.Typeflag != tar.TypeReg || !files.ValidKey(key) {
			return sum, fmt.Errorf("restore: %s: unexpected entry %q", path, hdr.Name)
		}
		if _, err := fs.Put(ctx, key, tr, hdr.Size, ""); err != nil {
			return sum, fmt.Errorf("restore: file %s: %w", key, err)
		}
		restored[key] = true
		sum.Files++
	}
	if err != io.EOF {
		return sum, fmt.Errorf("restore: %s: %w", path, err)
	}
	// Files added since the backup belong to content the restore removes.
	var stale []string
	if err := fs.List(ctx, "", func(key string, _ int64) error {
		if !restored[key] {
			stale = append(stale, key)
		}
		return nil
	}); err != nil {
		return sum, fmt.Errorf("restore: list files: %w", err)
	}
	for _, key := range stale {
		if err := fs.Delete(ctx, key); err != nil {
			return sum, fmt.Errorf("restore: remove %s: %w", key, err)
		}
	}
	if dbCopy != "" {
		if err := store.Restore(ctx, dbCopy, dbPath); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// unpackDB copies the archive's database next to dbPath and checks it, and
// that no server has dbPath open, before the restore changes anything.
func unpackDB(ctx context.Context, tr *tar.Reader, path, dbPath string) (string, func(), error) {
	scratch, err := os.MkdirTemp(filepath.Dir(dbPath), "."+filepath.Base(dbPath)+".restore-*")
	if err != nil {
		return "", nil, fmt.Errorf("restore: %w", err)
	}
	cleanup := func() { os.RemoveAll(scratch) }
	copyPath := filepath.Join(scratch, dbEntry)
	fail := func(err error) (string, func(), error) {
		cleanup()
		return "", nil, fmt.Errorf("restore: %w", err)
	}
	if err := extract(tr, copyPath); err != nil {
		return fail(err)
	}
	if err := store.CheckBackup(ctx, copyPath); err != nil {
		return fail(fmt.Errorf("%s: %w", path, err))
	}
	if err := store.EnsureUnused(ctx, dbPath); err != nil {
		return fail(err)
	}
	return copyPath, cleanup, nil
}

func extract(r io.Reader, path string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
