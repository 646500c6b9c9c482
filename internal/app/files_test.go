package app_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/files"
	"github.com/savivalda/savivalda/internal/files/filestest"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// TestHealthzChecksFiles: an instance whose files are gone reports itself
// unhealthy, so that a load balancer sends visitors elsewhere.
func TestHealthzChecksFiles(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := apptest.New(t, dialect)
			c := e.Visitor()
			if r := c.Get("/healthz"); r.Status != 200 {
				t.Fatalf("healthy: %d %s", r.Status, r.Body)
			}
			if err := os.RemoveAll(filepath.Join(e.App.Config.DataDir, "files")); err != nil {
				t.Fatal(err)
			}
			if r := c.Get("/healthz"); r.Status != 503 || !strings.Contains(r.Body, "file store") {
				t.Errorf("without the files folder: %d %q", r.Status, r.Body)
			}
		})
	}
}

// TestFilesOnS3: the app keeps its files in the configured bucket, and
// refuses to start on a bucket that does not exist.
func TestFilesOnS3(t *testing.T) {
	s3 := filestest.S3Server(t)
	e := apptest.New(t, "sqlite", func(c *config.Config) { c.Files = files.Config{S3: s3} })
	if _, ok := e.App.Files.(*files.S3); !ok {
		t.Fatalf("the app's files are in %T", e.App.Files)
	}
	if r := e.Visitor().Get("/healthz"); r.Status != 200 {
		t.Errorf("healthz: %d %s", r.Status, r.Body)
	}
	missing := s3
	missing.Bucket = "nera"
	cfg := &config.Config{DB: e.DB.Source(), DataDir: t.TempDir(), BaseURL: "http://127.0.0.1", Files: files.Config{S3: missing}}
	_, err := app.New(context.Background(), cfg, e.DB, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), `no bucket "nera"`) {
		t.Errorf("a missing bucket: %v", err)
	}
	wrong := s3
	wrong.SecretKey = "netinkamas"
	cfg.Files = files.Config{S3: wrong}
	if _, err := app.New(context.Background(), cfg, e.DB, slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "signature") {
		t.Errorf("a wrong secret key: %v", err)
	}
}
