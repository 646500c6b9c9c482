package outbox

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/outbox/smtptest"

	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// A worker is killed in the middle of a delivery; a new worker (a restarted
// process) takes over once the dead one's lease lapses. The SMTP server
// counts what it accepted, by Message-ID.
func TestCrashDuringDelivery(t *testing.T) {
	tests := []struct {
		name  string
		point crashPoint
		// What the server holds after the crash, and at the end.
		afterCrash, atEnd int
		wantAttempts      int
		wantUnconfirmed   bool
	}{
		// The server has the whole message but not the final ".": it drops
		// it, and the restarted worker sends it again.
		{name: "BeforeCommitIsResent", point: crashBeforeCommit, afterCrash: 0, atEnd: 1, wantAttempts: 2},
		// The server accepted it; only "sent" was not recorded. It is not
		// sent again, and says it was not confirmed.
		{name: "AfterAcceptIsNotResent", point: crashAfterAccept, afterCrash: 1, atEnd: 1, wantAttempts: 1, wantUnconfirmed: true},
		// The one ambiguous instant: committed_at recorded, the "." not yet
		// sent. The rule is never to send twice, so it is not resent, and
		// administrators see it as unconfirmed.
		{name: "BetweenCommitAndDotIsFlaggedNotResent", point: crashAfterCommit, afterCrash: 0, atEnd: 0, wantAttempts: 1, wantUnconfirmed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				clk := useClock(db)
				in := mustInstitution(t, db, "sirvintos")
				srv := smtptest.New(t)
				m := reminder(in, "ona@example.lt")
				mustEnqueue(t, db, m)

				dying := newTestWorker(db, senderFor(srv))
				dying.crash = func(p crashPoint) bool { return p == tt.point }
				if _, err := dying.RunOnce(ctx); !errors.Is(err, errCrashed) {
					t.Fatalf("the worker did not die: %v", err)
				}
				if got := srv.CountByMessageID()[m.MessageID]; got != tt.afterCrash {
					t.Fatalf("server holds %d copies after the crash, want %d", got, tt.afterCrash)
				}
				if got := mustFind(t, db, m); got.State != StateSending {
					t.Fatalf("after the crash: state %s, want sending", got.State)
				}

				restarted := newTestWorker(db, senderFor(srv))
				// While the dead worker's lease lasts, nobody touches the message.
				clk.Add(restarted.Lease - time.Second)
				if n, err := restarted.RunOnce(ctx); err != nil || n != 0 {
					t.Fatalf("before the lease lapsed: delivered %d, %v", n, err)
				}
				if got := mustFind(t, db, m); got.State != StateSending {
					t.Fatalf("taken over before the lease lapsed: state %s", got.State)
				}
				clk.Add(2 * time.Second)
				if _, err := restarted.RunOnce(ctx); err != nil {
					t.Fatalf("after restart: %v", err)
				}
				// And nothing more happens later.
				clk.Add(24 * time.Hour)
				if _, err := restarted.RunOnce(ctx); err != nil {
					t.Fatalf("a day later: %v", err)
				}

				if got := srv.CountByMessageID()[m.MessageID]; got != tt.atEnd {
					t.Errorf("server holds %d copies, want %d", got, tt.atEnd)
				}
				got := mustFind(t, db, m)
				if got.State != StateSent || got.Attempts != tt.wantAttempts || got.Unconfirmed() != tt.wantUnconfirmed {
					t.Errorf("recorded: state %s, attempts %d, unconfirmed %v (%q); want sent, %d, %v",
						got.State, got.Attempts, got.Unconfirmed(), got.LastError, tt.wantAttempts, tt.wantUnconfirmed)
				}
				if tt.wantUnconfirmed && !strings.Contains(got.LastError, "not confirmed") {
					t.Errorf("the note does not say delivery is unconfirmed: %q", got.LastError)
				}
			})
		})
	}
}

// A worker whose lease lapsed while it was still working loses the message
// to the worker that took it over, and cannot complete it.
func TestLapsedClaimCannotCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := useClock(db)
		in := mustInstitution(t, db, "sirvintos")
		srv := smtptest.New(t)
		m := reminder(in, "ona@example.lt")
		mustEnqueue(t, db, m)

		slow, fast := newTestWorker(db, senderFor(srv)), newTestWorker(db, senderFor(srv))
		slow.crash = func(p crashPoint) bool {
			if p == crashBeforeCommit {
				// The slow worker stalls here long enough for its lease to
				// lapse and the other worker to deliver the message.
				clk.Add(slow.Lease + time.Second)
				slow.crash = nil
				if n, err := fast.RunOnce(ctx); err != nil || n != 1 {
					t.Errorf("take-over: delivered %d, %v", n, err)
				}
			}
			return false
		}
		if n, err := slow.RunOnce(ctx); err != nil || n != 0 {
			t.Errorf("the slow worker: delivered %d, %v; want 0, nil", n, err)
		}
		if got := srv.CountByMessageID()[m.MessageID]; got != 1 {
			t.Errorf("server holds %d copies, want 1", got)
		}
		if got := mustFind(t, db, m); got.State != StateSent || got.Unconfirmed() || got.Attempts != 2 {
			t.Errorf("recorded: state %s, unconfirmed %v, attempts %d", got.State, got.Unconfirmed(), got.Attempts)
		}
	})
}
