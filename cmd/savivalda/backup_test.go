package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/files"
	"github.com/savivalda/savivalda/internal/files/filestest"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

func TestBackupAndRestore(t *testing.T) {
	flags, path := tempDB(t)
	recordEntries(t, path, 4)
	// The default file store: the folder files in the data folder.
	pdf := []byte("%PDF-1.7 tarybos sprendimas")
	local, err := files.NewLocal(filepath.Join(filepath.Dir(path), "files"))
	storetest.Fatal(t, "files", err)
	_, err = local.Put(context.Background(), "media/sprendimas.pdf", bytes.NewReader(pdf), 1<<20, "application/pdf")
	storetest.Fatal(t, "put", err)
	backup := filepath.Join(t.TempDir(), "savivalda-2025-03-01.tar")

	out, _, err := runCmd(t, append(append([]string{"backup"}, flags...), backup)...)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !strings.HasPrefix(out, "backup written to "+backup) || !strings.Contains(out, "the database and 1 files") {
		t.Errorf("backup said %q", out)
	}
	if _, _, err := runCmd(t, append(append([]string{"backup"}, flags...), backup)...); err == nil {
		t.Error("a second backup overwrote the first")
	}

	// Restore onto a new machine's empty data folder.
	newFlags, newPath := tempDB(t)
	out, _, err = runCmd(t, append(append([]string{"restore"}, newFlags...), backup)...)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if !strings.Contains(out, "restored "+backup+" to "+newPath) {
		t.Errorf("restore said %q", out)
	}
	if got, err := os.ReadFile(filepath.Join(filepath.Dir(newPath), "files", "media", "sprendimas.pdf")); err != nil || !bytes.Equal(got, pdf) {
		t.Errorf("restored file: %q %v", got, err)
	}
	db := storetest.Open(t, "sqlite:"+newPath)
	if n, err := audit.Verify(context.Background(), db); err != nil || n != 4 {
		t.Errorf("restored database: %d entries, %v; want the 4 backed up", n, err)
	}
	out, _, err = runCmd(t, append([]string{"audit", "verify"}, newFlags...)...)
	if err != nil || out != "audit trail intact: 4 entries\n" {
		t.Errorf("audit verify on the restored database: %q, %v", out, err)
	}
}

// TestRestoreIntoS3: restore fills the configured S3 bucket, its keys
// given in the variables.
func TestRestoreIntoS3(t *testing.T) {
	flags, path := tempDB(t)
	recordEntries(t, path, 1)
	local, err := files.NewLocal(filepath.Join(filepath.Dir(path), "files"))
	storetest.Fatal(t, "files", err)
	_, err = local.Put(context.Background(), "media/a.jpg", strings.NewReader("nuotrauka"), 1<<20, "image/jpeg")
	storetest.Fatal(t, "put", err)
	archive := filepath.Join(t.TempDir(), "b.tar")
	if _, _, err := runCmd(t, append(append([]string{"backup"}, flags...), archive)...); err != nil {
		t.Fatal(err)
	}

	s3 := filestest.S3Server(t)
	t.Setenv("SAVIVALDA_S3_ACCESS_KEY", s3.AccessKey)
	t.Setenv("SAVIVALDA_S3_SECRET_KEY", s3.SecretKey)
	newFlags, _ := tempDB(t)
	newFlags = append(newFlags, "-files", "s3://"+s3.Endpoint+"/"+s3.Bucket+"?tls=false")
	out, _, err := runCmd(t, append(append([]string{"restore"}, newFlags...), archive)...)
	if err != nil || !strings.Contains(out, "the database and 1 files in S3 http://"+s3.Endpoint) {
		t.Fatalf("restore: %q %v", out, err)
	}
	bucket, err := files.NewS3(s3)
	storetest.Fatal(t, "s3", err)
	f, err := bucket.Open(context.Background(), "media/a.jpg")
	storetest.Fatal(t, "open", err)
	defer f.Close()
	if got, err := io.ReadAll(f); err != nil || string(got) != "nuotrauka" {
		t.Errorf("the file in the bucket: %q %v", got, err)
	}
}

func TestBackupRestoreUsage(t *testing.T) {
	flags, _ := tempDB(t)
	var ue usageError
	for _, args := range [][]string{
		append([]string{"backup"}, flags...),
		append([]string{"restore"}, flags...),
		append(append([]string{"restore"}, flags...), "a.db", "b.db"),
	} {
		_, errOut, err := runCmd(t, args...)
		if !errors.As(err, &ue) {
			t.Errorf("%v: got %v, want a usage error (exit 2)", args, err)
		}
		if args[0] == "restore" && !strings.Contains(errOut, "STOP EVERY SERVER") {
			t.Errorf("restore usage does not warn to stop the server:\n%s", errOut)
		}
	}
}

// TestRestoreRefusesPostgres: a pg_dump file given to restore on PostgreSQL
// is refused with a pointer to pg_restore.
func TestRestoreRefusesPostgres(t *testing.T) {
	dump := filepath.Join(t.TempDir(), "backup.dump")
	if err := os.WriteFile(dump, []byte("PGDMP\x01\x0f"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCmd(t, "restore", "-db", "postgres://localhost/savivalda", "-data", t.TempDir(), dump)
	if err == nil || !strings.Contains(err.Error(), "pg_restore") {
		t.Errorf("got %v, want a pointer to pg_restore", err)
	}
}

func TestBackupMissingDatabase(t *testing.T) {
	flags, path := tempDB(t)
	_, _, err := runCmd(t, append(append([]string{"backup"}, flags...), filepath.Join(t.TempDir(), "b.db"))...)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v, want an error naming the missing database", err)
	}
}
