package feedback

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// The rate limit: a client may submit Limit items per Window. The count is
// kept in the database so that it holds across instances, in fixed windows
// (a burst across a window's end can reach twice the limit, which is still
// far from a flood). Only stored submissions and honeypot hits count: a
// person correcting a mistake in the form is not held back.
const (
	DefaultLimit  = 5
	DefaultWindow = time.Hour
)

// LimitError: the client has submitted too much; it may try again at Until.
type LimitError struct{ Until time.Time }

func (e *LimitError) Error() string {
	return "feedback rate limit until " + e.Until.Format(time.RFC3339)
}

// takeSlot counts one submission of client in the current window and
// fails with *LimitError when that goes over the limit (the caller rolls
// back, so refused attempts are not counted). The upsert locks the row, so
// concurrent submissions from one client are counted one after another.
func (s *Service) takeSlot(ctx context.Context, tx *store.Tx, client string) error {
	if client == "" {
		return nil
	}
	window := tx.Now.Truncate(s.Window)
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO feedback_rate (client, window_start, submissions) VALUES (?, ?, 1)
		ON CONFLICT (client, window_start) DO UPDATE SET submissions = feedback_rate.submissions + 1
		RETURNING submissions`, client, store.Millis(window)).Scan(&n)
	if err != nil {
		return fmt.Errorf("count submission: %w", err)
	}
	if n > s.Limit {
		return &LimitError{Until: window.Add(s.Window)}
	}
	return nil
}

// purgeRates forgets the counts of past windows, which hold network
// addresses that are no longer needed. It runs in a transaction of
// its own, before a submission's, so that a submission locks only its own
// client's row.
func (s *Service) purgeRates(ctx context.Context) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM feedback_rate WHERE window_start < ?`, store.Millis(tx.Now.Truncate(s.Window)))
		if err != nil {
			return fmt.Errorf("forget old submission counts: %w", err)
		}
		return nil
	})
}

// ClientKey is the client's address as the rate limit counts it.
func ClientKey(r *http.Request) string { return web.ClientAddr(r) }
