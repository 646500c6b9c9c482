// Package store opens the database (SQLite or PostgreSQL), applies migrations
// and gives the domain packages one way to run SQL on either dialect.
//
// Domain packages write portable SQL with "?" placeholders; store rebinds them
// for PostgreSQL. Everything that differs between the dialects lives in
// dialect.go.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DB is an open database. Reads go to a pool; on SQLite, writes go to a
// separate single-connection pool so that writers queue in Go instead of
// failing with SQLITE_BUSY.
type DB struct {
	read    *sql.DB
	write   *sql.DB
	dialect *dialect
	source  string

	// Now returns the current time; tests replace it to move the clock.
	Now func() time.Time
}

// Open opens the database named by source: "sqlite:PATH" or a
// "postgres://" URL. It does not migrate; call Migrate.
func Open(ctx context.Context, source string) (*DB, error) {
	d, dsn, err := dialectFor(source)
	if err != nil {
		return nil, err
	}
	db := &DB{dialect: d, source: source, Now: time.Now}
	if db.read, db.write, err = d.open(dsn); err != nil {
		return nil, fmt.Errorf("open %s database: %w", d.name, err)
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", d.name, err)
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.read.Close()
	if db.write != db.read {
		err = errors.Join(err, db.write.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Dialect names the backend: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.name }

// Source is the string the database was opened with.
func (db *DB) Source() string { return db.source }

// QueryContext runs a read query on the read pool.
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, db.dialect.rebind(query), args...)
}

// QueryRowContext runs a single-row read query on the read pool.
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *Row {
	return &Row{db.read.QueryRowContext(ctx, db.dialect.rebind(query), args...), db.dialect}
}

// Row is the result of a single-row query.
type Row struct {
	row     *sql.Row
	dialect *dialect
}

// Scan copies the row into dest; no row is ErrNotFound.
func (r *Row) Scan(dest ...any) error { return r.dialect.translate(r.row.Scan(dest...)) }

// Tx is a write transaction. Now is fixed once per transaction so that every
// row it writes carries the same timestamp.
type Tx struct {
	tx      *sql.Tx
	dialect *dialect
	Now     time.Time
	onDone  []func()
}

// InTx runs fn in a write transaction and commits it when fn returns nil.
// Functions registered with AfterCommit run once the commit has succeeded.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	tx := &Tx{tx: sqlTx, dialect: db.dialect, Now: db.Now().UTC().Truncate(time.Millisecond)}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", db.dialect.translate(err))
	}
	for _, f := range tx.onDone {
		f()
	}
	return nil
}

// AfterCommit registers f to run after the transaction commits; it does not
// run if the transaction rolls back.
func (tx *Tx) AfterCommit(f func()) { tx.onDone = append(tx.onDone, f) }

// ExecContext runs a statement. Driver errors are translated to ErrConflict
// and friends.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := tx.tx.ExecContext(ctx, tx.dialect.rebind(query), args...)
	return res, tx.dialect.translate(err)
}

// QueryContext runs a query inside the transaction.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := tx.tx.QueryContext(ctx, tx.dialect.rebind(query), args...)
	return rows, tx.dialect.translate(err)
}

// QueryRowContext runs a single-row query inside the transaction.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *Row {
	return &Row{tx.tx.QueryRowContext(ctx, tx.dialect.rebind(query), args...), tx.dialect}
}

// InsertID runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) InsertID(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
		return 0, err
	}
	return id, nil
}

// ExecOne runs a statement that must change exactly one row; zero rows means
// the row is gone or was changed meanwhile, reported as ErrConflict.
func (tx *Tx) ExecOne(ctx context.Context, query string, args ...any) error {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return ErrConflict
	}
	return nil
}

// Placeholders returns "?, ?, ?" for n arguments, for IN lists.
func Placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// Queryer is a *DB or a *Tx. Reads that a transaction also needs take one,
// so that inside a transaction they use its connection: reading through the
// pool while holding a transaction could, under load, wait for a connection
// that only this transaction's commit would free.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *Row
}

// IDSet runs a query whose rows are one id each and returns the ids as a
// set.
func IDSet(ctx context.Context, q Queryer, query string, args ...any) (map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
