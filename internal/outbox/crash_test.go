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

// A worker is killed in the middle of a delivery. Another instance's
// worker on the same database takes its message over once the dead one's
// heartbeat is stale (a minute, not the claim's 15-minute lease); the same
// instance restarted takes it over at once. The SMTP server counts what it
// accepted, by Message-ID: nothing is delivered twice, and a message that
// may have been delivered is flagged, not resent.
func TestCrashDuringDelivery(t *testing.T) {
	points := []struct {
		name  string
		point crashPoint
		// What the server holds after the crash, and at the end.
		afterCrash, atEnd int
		wantAttempts      int
		wantUnconfirmed   bool
	}{
		// The server has the whole message but not the final ".": it drops
		// it, and the message is sent again.
		{name: "BeforeCommitIsResent", point: crashBeforeCommit, afterCrash: 0, atEnd: 1, wantAttempts: 2},
		// The server accepted it; only "sent" was not recorded. It is not
		// sent again, and says it was not confirmed.
		{name: "AfterAcceptIsNotResent", point: crashAfterAccept, afterCrash: 1, atEnd: 1, wantAttempts: 1, wantUnconfirmed: true},
		// The one ambiguous instant: committed_at recorded, the "." not yet
		// sent. The rule is never to send twice, so it is not resent, and
		// administrators see it as unconfirmed.
		{name: "BetweenCommitAndDotIsFlaggedNotResent", point: crashAfterCommit, afterCrash: 0, atEnd: 0, wantAttempts: 1, wantUnconfirmed: true},
	}
	recoveries := []struct {
		name string
		// next is the worker that recovers the message, on its own
		// connections to the database; wait is how long it must wait.
		next func(dead *Worker, db *store.DB, srv *smtptest.Server) *Worker
		wait func(w *Worker) time.Duration
	}{
		{"OtherInstanceAfterStaleHeartbeat",
			func(_ *Worker, db *store.DB, srv *smtptest.Server) *Worker { return newTestWorker(db, senderFor(srv)) },
			func(w *Worker) time.Duration { return w.StaleAfter }},
		{"SameInstanceRestartedAtOnce",
			func(dead *Worker, db *store.DB, srv *smtptest.Server) *Worker {
				w := newTestWorker(db, senderFor(srv))
				w.ID = dead.ID
				return w
			},
			func(*Worker) time.Duration { return 0 }},
	}
	for _, tt := range points {
		for _, rc := range recoveries {
			t.Run(tt.name+"/"+rc.name, func(t *testing.T) {
				storetest.Each(t, func(t *testing.T, db *store.DB) {
					ctx := context.Background()
					other, clk, srv, m := twoInstances(t, db)

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

					next := rc.next(dying, other, srv)
					if wait := rc.wait(next); wait > 0 {
						// While the dead worker's heartbeat is fresh, nobody
						// touches the message.
						clk.Add(wait - time.Second)
						if n, err := next.RunOnce(ctx); err != nil || n != 0 {
							t.Fatalf("before the heartbeat was stale: delivered %d, %v", n, err)
						}
						if got := mustFind(t, db, m); got.State != StateSending {
							t.Fatalf("taken over before the heartbeat was stale: state %s", got.State)
						}
						clk.Add(2 * time.Second)
					}
					if _, err := next.RunOnce(ctx); err != nil {
						t.Fatalf("recovery: %v", err)
					}
					if got := mustFind(t, db, m); got.State != StateSent {
						t.Fatalf("after recovery: state %s, want sent", got.State)
					}
					// And nothing more happens later.
					clk.Add(24 * time.Hour)
					if _, err := next.RunOnce(ctx); err != nil {
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
}

// A worker stalls in the middle of a delivery while another instance's
// worker looks for work. While the stalled worker's heartbeat goes on, its
// claim holds, however long the delivery; once its lease lapses too, the
// other takes the message over, and the stalled one cannot complete it.
func TestStalledWorker(t *testing.T) {
	tests := []struct {
		name string
		// stall runs while the slow worker holds the whole message, before
		// committing; it returns how many the other worker must deliver.
		stall                 func(t *testing.T, clk *clock, slow *Worker) (rivalDelivers int)
		slowDelivers, attempt int
	}{
		{"AliveKeepsItsClaim", func(t *testing.T, clk *clock, slow *Worker) int {
			clk.Add(slow.StaleAfter)
			storetest.Fatal(t, "heartbeat", slow.heartbeat(context.Background()))
			return 0
		}, 1, 1},
		{"LapsedLeaseIsTakenOver", func(_ *testing.T, clk *clock, slow *Worker) int {
			clk.Add(slow.Lease + time.Second)
			return 1
		}, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				other, clk, srv, m := twoInstances(t, db)

				slow, rival := newTestWorker(db, senderFor(srv)), newTestWorker(other, senderFor(srv))
				slow.crash = func(p crashPoint) bool {
					if p == crashBeforeCommit {
						slow.crash = nil
						// Three rounds of stalling, the other worker
						// looking after each.
						for range 3 {
							want := tt.stall(t, clk, slow)
							if n, err := rival.RunOnce(ctx); err != nil || n != want {
								t.Errorf("the other worker: delivered %d, %v; want %d", n, err, want)
								return false
							}
							if want > 0 {
								break
							}
						}
					}
					return false
				}
				if n, err := slow.RunOnce(ctx); err != nil || n != tt.slowDelivers {
					t.Errorf("the stalled worker: delivered %d, %v; want %d", n, err, tt.slowDelivers)
				}
				if got := srv.CountByMessageID()[m.MessageID]; got != 1 {
					t.Errorf("server holds %d copies, want 1", got)
				}
				if got := mustFind(t, db, m); got.State != StateSent || got.Unconfirmed() || got.Attempts != tt.attempt {
					t.Errorf("recorded: state %s, unconfirmed %v, attempts %d; want sent, confirmed, %d",
						got.State, got.Unconfirmed(), got.Attempts, tt.attempt)
				}
			})
		})
	}
}

// The rows of workers that stopped for good (an instance on a container
// gets a new name at each start) are forgotten after a week, unless they
// still hold a message.
func TestDeadWorkersAreForgotten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		other, clk, srv, m := twoInstances(t, db)
		holder := newTestWorker(db, senderFor(srv))
		holder.crash = func(p crashPoint) bool { return p == crashAfterCommit }
		if _, err := holder.RunOnce(ctx); !errors.Is(err, errCrashed) {
			t.Fatalf("the worker did not die: %v", err)
		}
		idle := newTestWorker(db, senderFor(srv))
		storetest.Fatal(t, "idle round", func() error { _, err := idle.RunOnce(ctx); return err }())

		clk.Add(forgetAfter + time.Hour)
		// Settling the held message in the same round frees its worker
		// only for a later start.
		if _, err := newTestWorker(other, senderFor(srv)).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if got := mustFind(t, db, m); got.State != StateSent {
			t.Fatalf("held message: %s", got.State)
		}
		known := func(id string) bool {
			var n int
			err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox_workers WHERE id = ?`, id).Scan(&n)
			storetest.Fatal(t, "count workers", err)
			return n == 1
		}
		if known(idle.ID) {
			t.Error("a worker dead for over a week is still recorded")
		}
		if !known(holder.ID) {
			t.Error("the worker that held a message was forgotten while holding it")
		}
	})
}
