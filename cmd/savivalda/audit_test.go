package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// runCmd runs the program as the shell would, with the database and data
// folder in the test's temporary folder.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, os.Stdin, &out, &errOut)
	return out.String(), errOut.String(), err
}

// tempDB returns flags for a fresh SQLite database and its path.
func tempDB(t *testing.T) (flags []string, path string) {
	dir := t.TempDir()
	path = filepath.Join(dir, "savivalda.db")
	return []string{"-db", "sqlite:" + path, "-data", dir}, path
}

func recordEntries(t *testing.T, path string, n int) {
	t.Helper()
	db := storetest.Open(t, "sqlite:"+path)
	defer db.Close()
	_, err := db.Migrate(context.Background())
	storetest.Fatal(t, "migrate", err)
	for i := 0; i < n; i++ {
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			return audit.Record(context.Background(), tx, audit.Change{Actor: actor.NewJob("test", 0), Action: "test.entry", Summary: "įrašas"})
		})
		storetest.Fatal(t, "record", err)
	}
}

func tamper(t *testing.T, path, query string) {
	t.Helper()
	db := storetest.Open(t, "sqlite:"+path)
	defer db.Close()
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), query)
		return err
	})
	storetest.Fatal(t, query, err)
}

func TestAuditVerify(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		flags, path := tempDB(t)
		recordEntries(t, path, 3)
		out, _, err := runCmd(t, append([]string{"audit", "verify"}, flags...)...)
		if err != nil {
			t.Fatalf("intact chain: %v", err)
		}
		if want := "audit trail intact: 3 entries\n"; out != want {
			t.Errorf("got %q, want %q", out, want)
		}
	})
	t.Run("ErrAltered", func(t *testing.T) {
		flags, path := tempDB(t)
		recordEntries(t, path, 3)
		tamper(t, path, `UPDATE audit_log SET summary = 'kita' WHERE seq = 2`)
		out, _, err := runCmd(t, append([]string{"audit", "verify"}, flags...)...)
		var ue usageError
		if err == nil || errors.As(err, &ue) {
			t.Fatalf("altered chain: got %v, want a failure (exit 1)", err)
		}
		if !strings.Contains(out, "BROKEN at entry 2: content does not match its hash") {
			t.Errorf("output does not name entry 2 and why:\n%s", out)
		}
	})
	t.Run("ErrLastDeleted", func(t *testing.T) {
		flags, path := tempDB(t)
		recordEntries(t, path, 3)
		tamper(t, path, `DELETE FROM audit_log WHERE seq = 3`)
		out, _, err := runCmd(t, append([]string{"audit", "verify"}, flags...)...)
		if err == nil || !strings.Contains(out, "BROKEN at entry 3") {
			t.Errorf("deleted last entry: err %v, output:\n%s", err, out)
		}
	})
	t.Run("ErrUnknownSubcommand", func(t *testing.T) {
		for _, args := range [][]string{{"audit"}, {"audit", "fix"}} {
			_, _, err := runCmd(t, args...)
			var ue usageError
			if !errors.As(err, &ue) {
				t.Errorf("%v: got %v, want a usage error (exit 2)", args, err)
			}
		}
	})
}
