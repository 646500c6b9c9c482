package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/store"
)

// openDB loads the configuration for a tool command and opens the database
// it names, migrated.
func openDB(ctx context.Context, name string, args []string, stderr io.Writer) (*config.Config, *store.DB, []string, error) {
	fs := flags(name, stderr)
	cfg, err := config.Load(fs, args, os.Getenv)
	if err != nil {
		return nil, nil, nil, usageError(err.Error())
	}
	if err := cfg.EnsureDataDir(); err != nil {
		return nil, nil, nil, err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, nil, nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, nil, err
	}
	return cfg, db, fs.Args(), nil
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("migrate", stderr)
	cfg, err := config.Load(fs, args, os.Getenv)
	if err != nil {
		return usageError(err.Error())
	}
	if err := cfg.EnsureDataDir(); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(stdout, "The database is up to date.")
	}
	for _, m := range applied {
		fmt.Fprintln(stdout, "applied", m)
	}
	return nil
}
