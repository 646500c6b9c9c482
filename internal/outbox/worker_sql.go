package outbox

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/savivalda/savivalda/internal/store"
)

// Every update after the claim matches the claim's attempt number: once a
// lapsed claim has been taken over, the old worker's updates change nothing.

const noteUnconfirmed = "delivery not confirmed: the worker stopped after handing the message to the server; not resent"

// forgetAfter is how long the row of a worker that stopped for good is
// kept (instances on containers get a new name at each start).
const forgetAfter = 7 * 24 * time.Hour

// heartbeat records that the worker is alive.
func (w *Worker) heartbeat(ctx context.Context) error {
	err := w.db.InTx(ctx, func(tx *store.Tx) error { return w.recordHeartbeat(ctx, tx, false) })
	if err != nil {
		return fmt.Errorf("outbox: heartbeat of worker %s: %w", w.ID, err)
	}
	return nil
}

// recordHeartbeat records the heartbeat in tx. In the worker's first round
// (first) it also forgets the workers long dead that hold no message. The
// caller says which round it is: the beat goroutine must not read started,
// which the claiming goroutine writes.
func (w *Worker) recordHeartbeat(ctx context.Context, tx *store.Tx, first bool) error {
	now := store.Millis(tx.Now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_workers (id, started_at, heartbeat_at) VALUES (?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`, w.ID, now, now); err != nil {
		return err
	}
	if !first {
		return nil
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM outbox_workers WHERE heartbeat_at < ? AND id NOT IN
		(SELECT worker_id FROM outbox_messages WHERE state = 'sending' AND worker_id IS NOT NULL)`,
		store.Millis(tx.Now.Add(-forgetAfter)))
	return err
}

// abandoned selects the "sending" messages whose worker is gone: the lease
// lapsed, the worker's heartbeat is stale, or (in a worker's first round)
// the worker is this one's previous life. Its arguments: now, the ID whose
// claims are this worker's own dead ones ("" after the first round), and
// the instant before which a heartbeat is stale.
const abandoned = `state = 'sending' AND (lease_until < ? OR worker_id = ?
	OR worker_id IN (SELECT id FROM outbox_workers WHERE heartbeat_at < ?))`

// claim records the worker's heartbeat and settles the messages whose
// worker died after recording committed_at: sent, unconfirmed, never
// resent (see the package documentation). Then it takes up to Batch due
// messages: pending ones whose time has come, and abandoned ones whose
// worker died before it committed to delivery. One transaction does all
// of it, so an idle worker takes the write lock once per round.
func (w *Worker) claim(ctx context.Context) (settled int64, claimed []*Message, err error) {
	own := ""
	if !w.started {
		own = w.ID
	}
	err = w.db.InTx(ctx, func(tx *store.Tx) error {
		if err := w.recordHeartbeat(ctx, tx, own != ""); err != nil {
			return fmt.Errorf("heartbeat: %w", err)
		}
		now := store.Millis(tx.Now)
		stale := store.Millis(tx.Now.Add(-w.StaleAfter))
		res, err := tx.ExecContext(ctx, `UPDATE outbox_messages SET state = 'sent', sent_at = ?, lease_until = NULL, last_error = ?
			WHERE `+abandoned+` AND committed_at IS NOT NULL`, now, noteUnconfirmed, now, own, stale)
		if err != nil {
			return fmt.Errorf("settle interrupted deliveries: %w", err)
		}
		if settled, err = res.RowsAffected(); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `UPDATE outbox_messages
			SET state = 'sending', lease_until = ?, attempts = attempts + 1, worker_id = ?
			WHERE id IN (SELECT id FROM outbox_messages
				WHERE (state = 'pending' AND next_attempt_at <= ?)
				   OR (`+abandoned+` AND committed_at IS NULL)
				ORDER BY next_attempt_at, id LIMIT ?`+w.db.SkipLocked()+`)
			RETURNING `+columns,
			store.Millis(tx.Now.Add(w.Lease)), w.ID, now, now, own, stale, w.Batch)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMessage(rows)
			if err != nil {
				return err
			}
			claimed = append(claimed, m)
		}
		return rows.Err()
	})
	if err != nil {
		return 0, nil, fmt.Errorf("outbox: claim messages: %w", err)
	}
	w.started = true
	// RETURNING promises no order; deliver the oldest first.
	sort.Slice(claimed, func(i, j int) bool {
		if !claimed[i].NextAttemptAt.Equal(claimed[j].NextAttemptAt) {
			return claimed[i].NextAttemptAt.Before(claimed[j].NextAttemptAt)
		}
		return claimed[i].ID < claimed[j].ID
	})
	return settled, claimed, nil
}

// errLostClaim: the message's lease lapsed and another worker took it over.
var errLostClaim = errors.New("outbox: claim lost to another worker")

// markCommitted records that the server is about to be told to accept m.
func (w *Worker) markCommitted(ctx context.Context, m *Message) error {
	err := w.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.ExecOne(ctx, `UPDATE outbox_messages SET committed_at = ?
			WHERE id = ? AND state = 'sending' AND attempts = ?`, store.Millis(tx.Now), m.ID, m.Attempts)
	})
	if errors.Is(err, store.ErrConflict) {
		return errLostClaim
	}
	if err != nil {
		return fmt.Errorf("outbox: record commit of message %d: %w", m.ID, err)
	}
	return nil
}

// markSent records the delivery; note says why it is unconfirmed, if it is.
// A message already settled as unconfirmed by another worker is confirmed.
func (w *Worker) markSent(ctx context.Context, m *Message, note string) error {
	return w.update(ctx, m, `UPDATE outbox_messages SET state = 'sent', sent_at = ?, lease_until = NULL, last_error = ?
		WHERE id = ? AND attempts = ? AND state IN ('sending', 'sent')`, store.Millis(w.db.Now()), truncate(note), m.ID, m.Attempts)
}

// markAttempt records a failed attempt: due again at next, or failed for good.
func (w *Worker) markAttempt(ctx context.Context, m *Message, state State, next time.Time, cause error) error {
	return w.update(ctx, m, `UPDATE outbox_messages SET state = ?, next_attempt_at = ?, lease_until = NULL,
		committed_at = NULL, last_error = ? WHERE id = ? AND attempts = ? AND state = 'sending'`,
		string(state), store.Millis(next), truncate(cause.Error()), m.ID, m.Attempts)
}

// release hands back a claimed message that was not attempted (the worker
// is stopping), so that it does not wait for its lease or count an attempt.
func (w *Worker) release(ctx context.Context, m *Message) error {
	return w.update(ctx, m, `UPDATE outbox_messages SET state = 'pending', lease_until = NULL, attempts = attempts - 1
		WHERE id = ? AND attempts = ? AND state = 'sending' AND committed_at IS NULL`, m.ID, m.Attempts)
}

func (w *Worker) update(ctx context.Context, m *Message, query string, args ...any) error {
	err := w.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			w.log.Warn("outbox: message taken over by another worker", "id", m.ID, "attempt", m.Attempts)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("outbox: update message %d: %w", m.ID, err)
	}
	return nil
}

// truncate keeps an error message to a size fit for a table cell.
func truncate(s string) string {
	const max = 1000
	if len(s) <= max {
		return s
	}
	// Cut at a rune boundary.
	for i := max; i > 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return s[:i] + "…"
		}
	}
	return ""
}
