package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

func TestBackupAndRestore(t *testing.T) {
	flags, path := tempDB(t)
	recordEntries(t, path, 4)
	backup := filepath.Join(t.TempDir(), "savivalda-2025-03-01.db")

	out, _, err := runCmd(t, append(append([]string{"backup"}, flags...), backup)...)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !strings.HasPrefix(out, "backup written to "+backup) {
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
	db := storetest.Open(t, "sqlite:"+newPath)
	if n, err := audit.Verify(context.Background(), db); err != nil || n != 4 {
		t.Errorf("restored database: %d entries, %v; want the 4 backed up", n, err)
	}
	out, _, err = runCmd(t, append([]string{"audit", "verify"}, newFlags...)...)
	if err != nil || out != "audit trail intact: 4 entries\n" {
		t.Errorf("audit verify on the restored database: %q, %v", out, err)
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

func TestRestoreRefusesPostgres(t *testing.T) {
	_, _, err := runCmd(t, "restore", "-db", "postgres://localhost/savivalda", "-data", t.TempDir(), "backup.dump")
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
