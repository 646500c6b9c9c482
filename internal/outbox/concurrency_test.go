package outbox

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/savivalda/savivalda/internal/outbox/smtptest"

	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// Two instances share one database, each with its own connection pool and
// worker, as two "savivalda serve" processes would: every message is
// delivered exactly once.
func TestTwoWorkersDeliverEachMessageOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		in := mustInstitution(t, db, "sirvintos")
		srv := smtptest.New(t)
		const total = 50
		var msgs []*Message
		for i := range total {
			msgs = append(msgs, reminder(in, fmt.Sprintf("gyventojas%d@example.lt", i)))
		}
		mustEnqueue(t, db, msgs...)

		other := storetest.Open(t, db.Source())
		workers := []*Worker{newTestWorker(db, senderFor(srv)), newTestWorker(other, senderFor(srv))}
		start := make(chan struct{})
		delivered := make([]int, len(workers))
		var wg sync.WaitGroup
		for i, w := range workers {
			w.Batch = 3 // small batches, so the workers interleave
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for {
					n, err := w.RunOnce(ctx)
					if err != nil {
						t.Errorf("worker %d: %v", i, err)
						return
					}
					if n == 0 {
						return
					}
					delivered[i] += n
				}
			}()
		}
		close(start)
		wg.Wait()

		if delivered[0]+delivered[1] != total {
			t.Errorf("workers report %d + %d deliveries, want %d", delivered[0], delivered[1], total)
		}
		counts := srv.CountByMessageID()
		if len(counts) != total {
			t.Errorf("server received %d distinct messages, want %d", len(counts), total)
		}
		for _, m := range msgs {
			if counts[m.MessageID] != 1 {
				t.Errorf("message %d received %d times", m.ID, counts[m.MessageID])
			}
			if got := mustFind(t, db, m); got.State != StateSent || got.Attempts != 1 {
				t.Errorf("message %d: state %s, attempts %d", m.ID, got.State, got.Attempts)
			}
		}
	})
}
