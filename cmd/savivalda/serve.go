package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/savivalda/savivalda/internal/app"
	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/demo"
	"github.com/savivalda/savivalda/internal/store"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("serve", stderr)
	cfg, err := config.Load(fs, args, os.Getenv)
	if err != nil {
		return usageError(err.Error())
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	slog.SetDefault(log)
	if err := cfg.EnsureDataDir(); err != nil {
		return fmt.Errorf("create data folder: %w", err)
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	var logins []demo.Login
	if cfg.Demo {
		fileStore, err := app.OpenFiles(ctx, cfg)
		if err != nil {
			return err
		}
		if logins, err = demo.Seed(ctx, db, fileStore); err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
		// Seeding hashes the demo passwords with argon2id (19 MiB each);
		// hand that memory back now rather than minutes later.
		debug.FreeOSMemory()
	}
	a, err := app.New(ctx, cfg, db, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// The background work stops before the database closes (the deferred
	// calls run in reverse order): Run returns only when it has stopped.
	bg, stopBG := context.WithCancel(context.Background())
	bgDone := make(chan struct{})
	go func() {
		defer close(bgDone)
		a.Run(bg)
	}()
	defer func() {
		stopBG()
		<-bgDone
	}()

	fmt.Fprintf(stdout, "Savivalda is running at %s (database: %s; files: %s)\n", cfg.BaseURL, db.Dialect(), cfg.Files)
	if len(logins) > 0 {
		fmt.Fprintf(stdout, "Demo staff logins (password for all: %s), staff area at %s/admin:\n", demo.Password, cfg.BaseURL)
		for _, l := range logins {
			fmt.Fprintf(stdout, "  %-34s %s\n", l.Email, l.Role)
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful shutdown: stop accepting, let running requests finish while
	// the background work winds down; the database closes after both.
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	stopBG()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-bgDone
	log.Info("stopped")
	return nil
}
