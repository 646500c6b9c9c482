// Package storetest gives every test a fresh, migrated database of either
// kind: an SQLite file in the test's temporary folder, or a PostgreSQL
// database copied from a template that is migrated once.
//
// PostgreSQL is found at SAVIVALDA_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/test). When it is unreachable the
// PostgreSQL subtests skip, saying so, except under CI=true, where they fail.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/savivalda/savivalda/internal/store"
)

// Dialects are the backends every storage test runs on.
var Dialects = []string{"sqlite", "postgres"}

// Each runs fn as one subtest per dialect, each on a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, New(t, d))
		})
	}
}

// New returns a fresh migrated database of the given dialect, closed when the
// test ends.
func New(tb testing.TB, dialect string) *store.DB {
	tb.Helper()
	var source string
	switch dialect {
	case "sqlite":
		source = "sqlite:" + filepath.Join(tb.TempDir(), "test.db")
	case "postgres":
		source = newPostgresDatabase(tb)
	default:
		tb.Fatalf("unknown dialect %q", dialect)
	}
	db := Open(tb, source)
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return db
}

// Open opens an existing database (for example a second instance on the
// same PostgreSQL database), closed when the test ends.
func Open(tb testing.TB, source string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), source)
	if err != nil {
		tb.Fatalf("open %s: %v", source, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// PostgresURL is the server the PostgreSQL tests use.
func PostgresURL() string {
	if u := os.Getenv("SAVIVALDA_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// newPostgresDatabase creates a database from the migrated template and drops
// it when the test ends.
func newPostgresDatabase(tb testing.TB) string {
	tb.Helper()
	admin, err := sql.Open("pgx", PostgresURL())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL is required in CI but unreachable at %s: %v", PostgresURL(), err)
		}
		tb.Skipf("PostgreSQL unreachable at %s (%v): skipping; set SAVIVALDA_TEST_POSTGRES or start PostgreSQL to run these tests", PostgresURL(), err)
	}
	defer admin.Close()

	templateOnce.Do(func() { templateName, templateErr = ensureTemplate(admin) })
	if templateErr != nil {
		tb.Fatalf("prepare PostgreSQL template: %v", templateErr)
	}
	name := "sv_test_" + randomSuffix()
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + templateName); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		a, err := sql.Open("pgx", PostgresURL())
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	})
	return withDatabase(PostgresURL(), name)
}

// ensureTemplate creates, once per set of migrations, a migrated template
// database. Its name carries a hash of the migrations, so a changed
// migration gets a new template and test binaries running in parallel share
// one.
func ensureTemplate(admin *sql.DB) (string, error) {
	name := "sv_tmpl_" + migrationsHash()
	var exists bool
	if err := admin.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	// Another test binary may be building the same template: serialise on an
	// advisory lock held by this connection.
	ctx := context.Background()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(4857302)`); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(4857302)`)
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)`, name).Scan(&exists); err != nil || exists {
		return name, err
	}
	building := name + "_build"
	_, _ = conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`)
	if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+building); err != nil {
		return "", err
	}
	db, err := store.Open(ctx, withDatabase(PostgresURL(), building))
	if err != nil {
		return "", err
	}
	_, err = db.Migrate(ctx)
	db.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, `ALTER DATABASE `+building+` RENAME TO `+name); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, `ALTER DATABASE `+name+` WITH is_template TRUE`); err != nil {
		return "", err
	}
	return name, nil
}

func migrationsHash() string {
	h := sha256.New()
	_ = fs.WalkDir(store.MigrationFiles, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(store.MigrationFiles, path)
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func withDatabase(rawURL, name string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u.Path = "/" + name
	return u.String()
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}

// Fatal fails the test on err, naming what was being done.
func Fatal(tb testing.TB, what string, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(fmt.Errorf("%s: %w", what, err))
	}
}
