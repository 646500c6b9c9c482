package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Migrations are numbered .sql files, applied in name order. All pending ones
// run in one transaction together with the rows that record them, so a failed
// start leaves the schema as it was. One file serves both
// dialects: the tokens {{id}} and {{blob}} are expanded per dialect, and
// everything else is portable SQL. A released migration is never edited.
//
// MigrationFiles is exported so that tests can fingerprint the schema.
//
//go:embed migrations/*.sql
var MigrationFiles embed.FS

// Migrate applies every migration not applied yet and returns their names.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	names, err := fs.Glob(MigrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var applied []string
	err = db.InTx(ctx, func(tx *Tx) error {
		if db.dialect.migrationLock != "" {
			if _, err := tx.ExecContext(ctx, db.dialect.migrationLock); err != nil {
				return fmt.Errorf("lock migrations: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		done := map[string]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT name FROM schema_migrations`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			done[n] = true
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, path := range names {
			name := strings.TrimPrefix(path, "migrations/")
			if done[name] {
				continue
			}
			body, err := MigrationFiles.ReadFile(path)
			if err != nil {
				return err
			}
			for _, stmt := range splitStatements(db.dialect.expandDDL(string(body))) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migration %s: %w", name, err)
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
				name, tx.Now.UnixMilli()); err != nil {
				return err
			}
			applied = append(applied, name)
		}
		return nil
	})
	return applied, err
}

// splitStatements splits a migration on semicolons at line ends; migrations
// contain no procedural code, so this is enough.
func splitStatements(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";\n") {
		var lines []string
		for _, l := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
				lines = append(lines, l)
			}
		}
		if stmt := strings.TrimSuffix(strings.TrimSpace(strings.Join(lines, "\n")), ";"); stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}
