package outbox

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/textproto"
	"sync"
	"time"

	"github.com/savivalda/savivalda/internal/store"
)

// Worker delivers due messages. Any number of workers, in one process or
// many, may share a database: each message is claimed by one at a time.
// Its clock is the database's (store.DB.Now), so tests move both together.
type Worker struct {
	db     *store.DB
	sender Sender
	from   string
	log    *slog.Logger

	// ID names the worker in the database. Its claims carry it, and its
	// heartbeat says it is alive: when the heartbeat is older than
	// StaleAfter, its "sending" messages are taken over without waiting
	// for their lease. A worker started with the ID of a dead one (the same
	// instance restarted) takes that one's claims over at once. Two live
	// workers must not share an ID. NewWorker gives a random one.
	ID string
	// Heartbeat is how often a running worker records that it is alive;
	// StaleAfter is how old its last heartbeat may be before its claims
	// are taken over (several heartbeats, so a slow database write does
	// not count as a death).
	Heartbeat, StaleAfter time.Duration
	// started: the first round, which takes over the claims of an
	// earlier worker with the same ID, has run.
	started bool

	// MaxAttempts is how many attempts a message gets before it fails.
	MaxAttempts int
	// Backoff is the wait after the first, second … failed attempt; the
	// last entry repeats.
	Backoff []time.Duration
	// Lease is how long a claim lasts even while its worker's heartbeat
	// goes on (a delivery that hangs). It must cover a batch's
	// deliveries; a claim that lapses is taken over, never delivered twice.
	Lease time.Duration
	// Batch is how many messages one claim takes.
	Batch int

	// crash, set by tests, simulates the process dying at a point of a
	// delivery: when it returns true, the worker stops there, recording
	// nothing more and abandoning the connection.
	crash func(p crashPoint) bool
}

type crashPoint int

const (
	// The server has the whole message but not the final "."; committed_at
	// is not recorded yet.
	crashBeforeCommit crashPoint = iota
	// committed_at is recorded; the server still lacks the final ".".
	crashAfterCommit
	// The server accepted the message; "sent" is not recorded yet.
	crashAfterAccept
)

// Defaults of a Worker's settings. Six attempts with this backoff give up
// about 8.5 hours after the first; ten messages at the SMTP sender's
// one-minute timeout fit well within the lease.
const (
	DefaultMaxAttempts = 6
	DefaultLease       = 15 * time.Minute
	DefaultBatch       = 10
	DefaultHeartbeat   = 10 * time.Second
	DefaultStaleAfter  = time.Minute
)

// DefaultBackoff returns the waits after failed attempts: 1 min, 5 min,
// 30 min, 2 h, then 6 h.
func DefaultBackoff() []time.Duration {
	return []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour}
}

// NewWorker returns a worker that sends from the plain address from through
// sender, logging to log (nil: the default logger).
func NewWorker(db *store.DB, sender Sender, from string, log *slog.Logger) *Worker {
	if log == nil {
		log = slog.Default()
	}
	return &Worker{db: db, sender: sender, from: from, log: log, ID: "worker-" + rand.Text(),
		MaxAttempts: DefaultMaxAttempts, Backoff: DefaultBackoff(), Lease: DefaultLease, Batch: DefaultBatch,
		Heartbeat: DefaultHeartbeat, StaleAfter: DefaultStaleAfter}
}

// Run delivers due messages until ctx ends, looking again every interval, or
// at once while batches come back full. Its heartbeat goes on meanwhile,
// also during a long delivery; Run returns when both have stopped.
func (w *Worker) Run(ctx context.Context, interval time.Duration) {
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { w.beat(ctx) })
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		claimed, _, err := w.runOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.log.Error("outbox: deliver messages", "err", err)
		}
		if err == nil && claimed == w.Batch {
			t.Reset(0)
		} else {
			t.Reset(interval)
		}
	}
}

// RunOnce settles interrupted deliveries, then claims one batch of due
// messages and attempts each. It returns how many were delivered; failed
// attempts are recorded on the messages, and the error reports only what
// kept the worker from recording.
func (w *Worker) RunOnce(ctx context.Context) (delivered int, err error) {
	_, delivered, err = w.runOnce(ctx)
	return delivered, err
}

func (w *Worker) runOnce(ctx context.Context) (claimed, delivered int, err error) {
	settled, msgs, err := w.claim(ctx)
	if err != nil {
		return 0, 0, err
	}
	if settled > 0 {
		w.log.Warn("outbox: interrupted deliveries marked sent, unconfirmed", "count", settled)
	}
	for i, m := range msgs {
		if ctx.Err() != nil {
			// Stopping: hand back what was not attempted.
			rec := context.WithoutCancel(ctx)
			for _, rest := range msgs[i:] {
				err = errors.Join(err, w.release(rec, rest))
			}
			return len(msgs), delivered, err
		}
		ok, err := w.deliver(ctx, m)
		if err != nil {
			return len(msgs), delivered, err
		}
		if ok {
			delivered++
		}
	}
	return len(msgs), delivered, nil
}

// beat records the heartbeat every Heartbeat until ctx ends.
func (w *Worker) beat(ctx context.Context) {
	t := time.NewTicker(w.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := w.heartbeat(ctx); err != nil && ctx.Err() == nil {
				w.log.Error("outbox: record heartbeat", "worker", w.ID, "err", err)
			}
		}
	}
}

// errCrashed is what a simulated crash returns.
var errCrashed = errors.New("outbox: simulated crash")

func (w *Worker) crashAt(p crashPoint) error {
	if w.crash != nil && w.crash(p) {
		return errCrashed
	}
	return nil
}

// deliver makes one attempt at m and records its outcome. Recording uses a
// context that survives cancellation, so that a stopping worker still
// writes down what happened.
func (w *Worker) deliver(ctx context.Context, m *Message) (bool, error) {
	committed := false
	err := w.sender.Send(ctx, w.from, m, m.Bytes(w.from), func() error {
		if err := w.crashAt(crashBeforeCommit); err != nil {
			return err
		}
		if err := w.markCommitted(ctx, m); err != nil {
			return err
		}
		committed = true
		return w.crashAt(crashAfterCommit)
	})
	rec := context.WithoutCancel(ctx)
	var reply *textproto.Error
	switch {
	case errors.Is(err, errCrashed):
		return false, err
	case errors.Is(err, errLostClaim):
		w.log.Warn("outbox: message taken over by another worker", "id", m.ID, "attempt", m.Attempts)
		return false, nil
	case err == nil:
		if err := w.crashAt(crashAfterAccept); err != nil {
			return false, err
		}
		return true, w.markSent(rec, m, "")
	case committed && !errors.As(err, &reply):
		// The server may have accepted it; the rule is not to resend.
		w.log.Warn("outbox: delivery not confirmed", "id", m.ID, "err", err)
		return false, w.markSent(rec, m, "delivery not confirmed, not resent: "+err.Error())
	}
	state, next := StatePending, w.db.Now().Add(w.backoff(m.Attempts))
	if permanent(err) || m.Attempts >= w.MaxAttempts {
		state = StateFailed
	}
	w.log.Warn("outbox: delivery failed", "id", m.ID, "attempt", m.Attempts, "state", state, "err", err)
	return false, w.markAttempt(rec, m, state, next, err)
}

// backoff is the wait after the attempt-th failed attempt.
func (w *Worker) backoff(attempt int) time.Duration {
	if len(w.Backoff) == 0 {
		return time.Minute
	}
	return w.Backoff[min(attempt, len(w.Backoff))-1]
}

// permanent reports whether the server refused for good (a 5xx reply):
// trying again would only be refused again.
func permanent(err error) bool {
	var reply *textproto.Error
	return errors.As(err, &reply) && reply.Code >= 500 && reply.Code < 600
}
