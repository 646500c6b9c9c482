package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/savivalda/savivalda/internal/app"
	"github.com/savivalda/savivalda/internal/backup"
	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/store"
)

const backupUsage = `Usage: savivalda backup [flags] FILE

Writes one archive to FILE, which must not exist yet: a consistent copy of
the SQLite database and every file of the file store (folder or S3). Safe
while the server runs. On PostgreSQL the archive holds the files only;
back the database up with pg_dump (docs/operations.md).

`

const restoreUsage = `Usage: savivalda restore [flags] FILE

Puts the backup in FILE back: replaces the configured SQLite database,
after checking that the copy in FILE is intact, and makes the configured
file store hold exactly the files in FILE. A backup made by an older
version (the bare database) restores the database only.

STOP EVERY SERVER USING THE DATABASE FIRST. Restore refuses while the
database is open; everything written since the backup is lost.
PostgreSQL: restore the database with pg_restore (docs/operations.md);
restore then puts back the files.

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
	fs, err := app.OpenFiles(ctx, cfg)
	if err != nil {
		return err
	}
	sum, err := backup.Write(ctx, db, fs, file)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s (%d bytes): %s\n", file, sum.Bytes, describe(sum))
	if !sum.Database {
		fmt.Fprintln(stdout, "The PostgreSQL database is not in it: back it up with pg_dump (docs/operations.md).")
	}
	return nil
}

func describe(sum backup.Summary) string {
	var db string
	if sum.Database {
		db = "the database and "
	}
	if sum.Files < 0 {
		return "the database only (a backup from before files were kept); the files were left as they are"
	}
	return fmt.Sprintf("%s%d files", db, sum.Files)
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, file, err := loadFileCommand("restore", restoreUsage, args, stderr)
	if err != nil {
		return err
	}
	path := store.SQLitePath(cfg.DB) // empty on PostgreSQL
	if err := cfg.EnsureDataDir(); err != nil {
		return err
	}
	fs, err := app.OpenFiles(ctx, cfg)
	if err != nil {
		return err
	}
	sum, err := backup.Restore(ctx, file, path, fs)
	if err != nil && path == "" {
		return fmt.Errorf("%w (the PostgreSQL database itself is restored with pg_restore, see docs/operations.md)", err)
	} else if err != nil {
		return err
	}
	to := path
	if to == "" {
		to = "the PostgreSQL database's files"
	}
	fmt.Fprintf(stdout, "restored %s to %s (%s in %s); start the server again\n", file, to, describe(sum), cfg.Files)
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
