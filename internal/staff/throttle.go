package staff

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/savivalda/savivalda/internal/store"
)

// Failed logins are counted in the database, so the limits hold across
// every instance. After accountLimit failures within failureWindow an
// account is refused for failureWindow, even with the right password; a
// client is refused after clientLimit (it may be guessing many accounts).
// Refused attempts are not counted, so an attacker cannot keep an employee
// locked out for longer than the window.
const (
	failureWindow    = 15 * time.Minute
	accountLimit     = 5
	clientLimit      = 20
	failureRetention = 24 * time.Hour
)

// throttledError: too many failures; logging in is possible again at Until.
type throttledError struct{ Until time.Time }

func (e *throttledError) Error() string {
	return "login throttled until " + e.Until.Format(time.RFC3339)
}

// accountKey names an account for throttling; it need not exist, so that
// attempts on unknown addresses are throttled alike.
func accountKey(institutionID int64, email string) string {
	return strconv.FormatInt(institutionID, 10) + ":" + email
}

// reserveAttempt lets an attempt go ahead only within the limits, and then
// records it as a failure at once, before the password is hashed: the check
// and the record are one transaction, taken in turn for each key (see
// lockThrottleKeys), so concurrent attempts are limited exactly as
// sequential ones are. A successful login removes the record again
// (clearFailures). It returns when the account or the client may try
// again, or the zero time and the reservation's id when the attempt was
// reserved.
func reserveAttempt(ctx context.Context, db *store.DB, account, client string) (time.Time, int64, error) {
	var until time.Time
	var id int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		until, id, err = reserveInTx(ctx, tx, account, client)
		return err
	})
	return until, id, err
}

// reserveInTx is reserveAttempt inside the caller's transaction.
func reserveInTx(ctx context.Context, tx *store.Tx, account, client string) (time.Time, int64, error) {
	if err := lockThrottleKeys(ctx, tx, account, client); err != nil {
		return time.Time{}, 0, err
	}
	a, err := lockedUntil(ctx, tx, `SELECT at FROM login_failures WHERE account = ? AND at > ? ORDER BY at DESC LIMIT ?`, account, accountLimit, tx.Now)
	if err != nil {
		return time.Time{}, 0, err
	}
	c, err := lockedUntil(ctx, tx, `SELECT at FROM login_failures WHERE client = ? AND at > ? ORDER BY at DESC LIMIT ?`, client, clientLimit, tx.Now)
	if err != nil {
		return time.Time{}, 0, err
	}
	if c.After(a) {
		return c, 0, nil
	}
	if !a.IsZero() {
		return a, 0, nil
	}
	id, err := tx.InsertID(ctx, `INSERT INTO login_failures (account, client, at) VALUES (?, ?, ?)`,
		account, client, store.Millis(tx.Now))
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("record login attempt: %w", err)
	}
	return time.Time{}, id, nil
}

// releaseAttempt takes back one reserved attempt that turned out right
// while the login goes on (a password before its TOTP code): it no longer
// counts, but earlier failures still do until the login is complete.
func releaseAttempt(ctx context.Context, tx *store.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE id = ?`, id); err != nil {
		return fmt.Errorf("release login attempt: %w", err)
	}
	return nil
}

// lockThrottleKeys upserts the attempt's two keys, which on PostgreSQL
// row-locks them until the transaction ends, so a second attempt on the
// same account or from the same client waits for the first one's
// reservation. Keys are locked in sorted order, so that two attempts
// never wait for each other.
func lockThrottleKeys(ctx context.Context, tx *store.Tx, account, client string) error {
	keys := []string{"account:" + account, "client:" + client}
	slices.Sort(keys)
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_throttle_keys (throttle_key, touched_at) VALUES (?, ?)
			ON CONFLICT (throttle_key) DO UPDATE SET touched_at = excluded.touched_at`, k, store.Millis(tx.Now)); err != nil {
			return fmt.Errorf("lock login throttle: %w", err)
		}
	}
	return nil
}

// lockedUntil applies one limit: when the key's last limit failures all
// fell within failureWindow, it is locked for failureWindow after the last
// of them. Only those failures can matter, so only the last two windows are
// read.
func lockedUntil(ctx context.Context, tx *store.Tx, query, key string, limit int, now time.Time) (time.Time, error) {
	rows, err := tx.QueryContext(ctx, query, key, store.Millis(now.Add(-2*failureWindow)), limit)
	if err != nil {
		return time.Time{}, fmt.Errorf("read failed logins: %w", err)
	}
	defer rows.Close()
	var times []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(store.Time(&at)); err != nil {
			return time.Time{}, fmt.Errorf("read failed logins: %w", err)
		}
		times = append(times, at)
	}
	if err := rows.Err(); err != nil {
		return time.Time{}, fmt.Errorf("read failed logins: %w", err)
	}
	if len(times) < limit || times[0].Sub(times[limit-1]) > failureWindow {
		return time.Time{}, nil
	}
	if until := times[0].Add(failureWindow); until.After(now) {
		return until, nil
	}
	return time.Time{}, nil
}

// clearFailures forgets an account's failures after it logged in, the
// attempt's own reservation among them.
func clearFailures(ctx context.Context, tx *store.Tx, account string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE account = ?`, account); err != nil {
		return fmt.Errorf("clear failed logins: %w", err)
	}
	return nil
}

// retryTime is when to tell a person to try again: the minute after until,
// in Vilnius time, so that the time shown is never too early.
func retryTime(until time.Time, loc *time.Location) string {
	return until.Add(time.Minute - time.Nanosecond).Truncate(time.Minute).In(loc).Format("15:04")
}
