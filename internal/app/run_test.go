package app_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/outbox/smtptest"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// An instance is told to stop while the mail server is still answering a
// delivery. Run returns only after the worker has recorded the outcome, so
// closing the database after Run, as "savivalda serve" does, interrupts
// nothing: the message is recorded as sent.
func TestRunReturnsAfterBackgroundWorkStopped(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := apptest.New(t, dialect)
			srv := smtptest.New(t)
			db := storetest.Open(t, e.DB.Source())
			cfg := &config.Config{DB: db.Source(), DataDir: t.TempDir(), BaseURL: "http://127.0.0.1", MailFrom: "noreply@pirmoji.test",
				SMTPHost: "127.0.0.1", SMTPPort: srv.Port, SMTPMode: "none", SMTPUser: smtptest.User, SMTPPassword: smtptest.Password}
			a, err := app.New(context.Background(), cfg, db, slog.New(slog.DiscardHandler))
			storetest.Fatal(t, "app", err)
			m := outbox.Compose(e.In, "lt", outbox.Recipient{Address: "ona@example.lt", Name: "Ona"}, "Priminimas", []string{"Laba diena."}, nil)
			m.Kind = "deadline.reminder"
			err = e.DB.InTx(context.Background(), func(tx *store.Tx) error { return outbox.Enqueue(context.Background(), tx, m) })
			storetest.Fatal(t, "enqueue", err)

			ctx, stop := context.WithCancel(context.Background())
			returned := make(chan struct{})
			answering := make(chan struct{})
			returnedEarly := false
			srv.SetBeforeReply(func() {
				close(answering)
				<-ctx.Done()
				// A Run that does not wait returns at once; one that waits
				// cannot return before this answer. The grace period can
				// only let a wrong Run pass, never fail a right one.
				select {
				case <-returned:
					returnedEarly = true
				case <-time.After(200 * time.Millisecond):
				}
			})
			go func() {
				a.Run(ctx)
				close(returned)
			}()
			<-answering
			stop()
			<-returned
			storetest.Fatal(t, "close the database", db.Close())

			if returnedEarly {
				t.Error("Run returned while a delivery was still in progress")
			}
			got, err := outbox.FindMessage(context.Background(), e.DB, e.In.ID, m.ID)
			storetest.Fatal(t, "find message", err)
			if got.State != outbox.StateSent {
				t.Errorf("message %s after shutdown, want sent (the server accepted it)", got.State)
			}
		})
	}
}
