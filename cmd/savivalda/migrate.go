package main

import (
	"context"
	"flag"
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
	cfg, err := loadConfig(fs, args)
	if err != nil {
		return nil, nil, nil, err
	}
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	return cfg, db, fs.Args(), nil
}

// loadConfig parses args with the common flags added to fs, which may
// already hold the command's own; fs.Args() then holds the rest.
func loadConfig(fs *flag.FlagSet, args []string) (*config.Config, error) {
	cfg, err := config.Load(fs, args, os.Getenv)
	if err != nil {
		return nil, usageError(err.Error())
	}
	return cfg, nil
}

// openMigrated opens the configured database and applies pending migrations.
func openMigrated(ctx context.Context, cfg *config.Config) (*store.DB, error) {
	if err := cfg.EnsureDataDir(); err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
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
