package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/store"
)

const backupUsage = `Usage: savivalda backup [flags] FILE

Writes a consistent copy of the SQLite database to FILE, which must not
exist yet. Safe while the server runs. PostgreSQL: use pg_dump instead
(docs/operations.md).

`

const restoreUsage = `Usage: savivalda restore [flags] FILE

Replaces the configured SQLite database with the backup in FILE, after
checking that FILE is an intact Savivalda database.

STOP EVERY SERVER USING THE DATABASE FIRST. Restore refuses while the
database is open; everything written since the backup is lost.
PostgreSQL: use pg_restore instead (docs/operations.md).

`

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, file, err := loadFileCommand("backup", backupUsage, args, stderr)
	if err != nil {
		return err
	}
	if p := store.SQLitePath(cfg.DB); p != "" {
		// Opening a missing SQLite file would create an empty database and
		// back that up.
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("backup: no database at %s: %w", p, err)
		}
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, file); err != nil {
		return err
	}
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s (%d bytes)\n", file, st.Size())
	return nil
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, file, err := loadFileCommand("restore", restoreUsage, args, stderr)
	if err != nil {
		return err
	}
	path := store.SQLitePath(cfg.DB)
	if path == "" {
		return errors.New("restore: the database is PostgreSQL; restore it with pg_restore (see docs/operations.md)")
	}
	if err := cfg.EnsureDataDir(); err != nil {
		return err
	}
	if err := store.Restore(ctx, file, path); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s to %s; start the server again\n", file, path)
	return nil
}

// loadFileCommand reads the flags of a command that takes one FILE.
func loadFileCommand(name, usage string, args []string, stderr io.Writer) (*config.Config, string, error) {
	fs := flags(name, stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	cfg, err := config.Load(fs, args, os.Getenv)
	if err != nil {
		return nil, "", usageError(err.Error())
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return nil, "", usageError(fmt.Sprintf("%s: give exactly one FILE", name))
	}
	return cfg, fs.Arg(0), nil
}
