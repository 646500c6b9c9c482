package deadline_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"net/mail"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/outbox/smtptest"
)

// TestReminderReachesSMTPServer: a deadline due soon produces a reminder
// that the outbox worker delivers to a real SMTP server, once.
func TestReminderReachesSMTPServer(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		srv := smtptest.New(t)
		worker := outbox.NewWorker(e.DB, &outbox.SMTPSender{Host: "127.0.0.1", Port: srv.Port, Mode: "none",
			Username: smtptest.User, Password: smtptest.Password}, "noreply@savivaldybe.lt", slog.New(slog.NewTextHandler(io.Discard, nil)))
		open(t, e, "2026-12-14", deadline.Rule{N: 5, Unit: calendar.WorkingDays}, deadline.Person{})
		e.SetNow(vilnius("2026-12-18")) // due 2026-12-21: within two working days
		if err := e.App.Deadlines.Sweep(ctx, sweeper); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := worker.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		got := srv.Messages()
		if len(got) != 1 {
			t.Fatalf("the SMTP server received %d messages, want 1", len(got))
		}
		msg, err := mail.ReadMessage(bytes.NewReader(got[0].Data))
		if err != nil {
			t.Fatal(err)
		}
		subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if got[0].To[0] != "editora@savivaldybe.lt" || !strings.Contains(subject, "Atsakyti gyventojui") {
			t.Errorf("reminder to %v with subject %q", got[0].To, subject)
		}
	})
}
