package outbox

import (
	"bytes"
	"context"
	"errors"
	"html"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/outbox/smtptest"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

func countMessages(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	storetest.Fatal(t, "count", db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM outbox_messages`).Scan(&n))
	return n
}

func TestEnqueueCommitsWithTheChangeAndDelivers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		useClock(db)
		in := mustInstitution(t, db, "sirvintos")
		srv := smtptest.New(t)

		// The change and its email commit together …
		m := reminder(in, "ona@example.lt")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := institution.CreateDepartment(ctx, tx, &institution.Department{InstitutionID: in.ID, Name: "Bendrasis skyrius", Kind: institution.KindDepartment}); err != nil {
				return err
			}
			return Enqueue(ctx, tx, m)
		})
		storetest.Fatal(t, "commit change with email", err)
		// … and a change that rolls back sends nothing.
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if err := Enqueue(ctx, tx, reminder(in, "jonas@example.lt")); err != nil {
				return err
			}
			return errors.New("the change failed")
		})
		if err == nil {
			t.Fatal("rolled-back transaction reported success")
		}
		if got := countMessages(t, db); got != 1 {
			t.Fatalf("stored messages: got %d, want 1 (the rolled-back one must not exist)", got)
		}

		w := newTestWorker(db, senderFor(srv))
		n, err := w.RunOnce(ctx)
		storetest.Fatal(t, "run worker", err)
		if n != 1 {
			t.Fatalf("delivered %d, want 1", n)
		}
		got := srv.Messages()
		if len(got) != 1 {
			t.Fatalf("server received %d messages, want 1", len(got))
		}
		if got[0].From != testFrom || len(got[0].To) != 1 || got[0].To[0] != "ona@example.lt" {
			t.Errorf("envelope: from %q to %v", got[0].From, got[0].To)
		}
		checkReceived(t, got[0].Data, in, m)

		stored := mustFind(t, db, m)
		if stored.State != StateSent || stored.Attempts != 1 || stored.SentAt.IsZero() || stored.LastError != "" {
			t.Errorf("stored after delivery: state %s, attempts %d, sent %v, error %q", stored.State, stored.Attempts, stored.SentAt, stored.LastError)
		}
		if n, err := w.RunOnce(ctx); err != nil || n != 0 || len(srv.Messages()) != 1 {
			t.Errorf("second run: delivered %d (%v), server has %d; want nothing more", n, err, len(srv.Messages()))
		}
	})
}

// checkReceived parses a message as a mail client would and checks what a
// recipient sees.
func checkReceived(t *testing.T, data []byte, in *institution.Institution, m *Message) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	storetest.Fatal(t, "parse message", err)
	h := msg.Header
	if h.Get("Message-ID") != m.MessageID || !strings.HasSuffix(m.MessageID, "@sirvintos.test>") {
		t.Errorf("Message-ID %q, stored %q", h.Get("Message-ID"), m.MessageID)
	}
	dec := new(mime.WordDecoder)
	if subject, err := dec.DecodeHeader(h.Get("Subject")); err != nil || subject != m.Subject {
		t.Errorf("Subject decodes to %q (%v), want %q", subject, err, m.Subject)
	}
	if from, err := h.AddressList("From"); err != nil || from[0].Name != in.Name || from[0].Address != testFrom {
		t.Errorf("From: %v %v", from, err)
	}
	if to, err := h.AddressList("To"); err != nil || to[0].Name != "Ona Žukauskienė" || to[0].Address != "ona@example.lt" {
		t.Errorf("To: %v %v", to, err)
	}
	if h.Get("Reply-To") != "<"+in.Email+">" {
		t.Errorf("Reply-To %q", h.Get("Reply-To"))
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	for k, v := range map[string]string{"MIME-Version": "1.0", "Auto-Submitted": "auto-generated", "Content-Language": "lt"} {
		if h.Get(k) != v {
			t.Errorf("%s: got %q, want %q", k, h.Get(k), v)
		}
	}
	parts := readParts(t, msg)
	for _, ct := range []string{"text/plain", "text/html"} {
		body, ok := parts[ct]
		if !ok {
			t.Errorf("no %s part", ct)
			continue
		}
		for _, want := range []string{in.Name, in.Address, in.Phone, in.Email, "Jūsų prašymo Nr. 42", "/admin/prasymai/42"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s part lacks %q", ct, want)
			}
		}
	}
	if html := parts["text/html"]; !strings.Contains(html, `<html lang="lt">`) || !strings.Contains(html, "<h1") {
		t.Errorf("HTML part lacks lang or heading:\n%s", html)
	}
}

// readParts decodes a multipart/alternative message into its parts by type.
func readParts(t *testing.T, msg *mail.Message) map[string]string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	out := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return out
		}
		storetest.Fatal(t, "read part", err)
		ct, ctParams, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if ctParams["charset"] != "utf-8" || p.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
			t.Errorf("part %s: charset %q, encoding %q", ct, ctParams["charset"], p.Header.Get("Content-Transfer-Encoding"))
		}
		b, err := io.ReadAll(quotedprintable.NewReader(p))
		storetest.Fatal(t, "decode part", err)
		out[ct] = strings.ReplaceAll(string(b), "\r\n", "\n")
		if ct == "text/html" {
			out[ct] = html.UnescapeString(out[ct]) // what a reader sees
		}
	}
}

func TestRetriesWithBackoffThenFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := useClock(db)
		in := mustInstitution(t, db, "sirvintos")
		srv := smtptest.New(t)
		srv.SetTempFail(true)
		w := newTestWorker(db, senderFor(srv))
		w.MaxAttempts = 3
		m := reminder(in, "ona@example.lt")
		mustEnqueue(t, db, m)

		attempt := func(wantAttempts int, wantState State, wantWait time.Duration) {
			t.Helper()
			start := clk.Now()
			n, err := w.RunOnce(ctx)
			storetest.Fatal(t, "run worker", err)
			got := mustFind(t, db, m)
			if n != 0 || got.State != wantState || got.Attempts != wantAttempts {
				t.Fatalf("after attempt %d: delivered %d, state %s, attempts %d; want state %s", wantAttempts, n, got.State, got.Attempts, wantState)
			}
			if !strings.Contains(got.LastError, "451") {
				t.Errorf("last error %q does not carry the server's reply", got.LastError)
			}
			if wantState == StatePending && !got.NextAttemptAt.Equal(start.Add(wantWait)) {
				t.Errorf("next attempt at %v, want %v", got.NextAttemptAt, start.Add(wantWait))
			}
		}
		attempt(1, StatePending, time.Minute)
		// Not due yet: nothing is attempted.
		clk.Add(59 * time.Second)
		if n, err := w.RunOnce(ctx); err != nil || n != 0 || mustFind(t, db, m).Attempts != 1 {
			t.Fatalf("attempted before the backoff ended: %d %v", n, err)
		}
		clk.Add(time.Second)
		attempt(2, StatePending, 5*time.Minute)
		clk.Add(5 * time.Minute)
		attempt(3, StateFailed, 0)
		clk.Add(24 * time.Hour)
		if _, err := w.RunOnce(ctx); err != nil || mustFind(t, db, m).Attempts != 3 {
			t.Fatalf("a failed message was attempted again: %v", err)
		}
		if len(srv.Messages()) != 0 {
			t.Fatalf("server kept a refused message")
		}

		// An administrator sends it again once the server is well.
		srv.SetTempFail(false)
		ona := actor.Actor{Kind: actor.Staff, ID: 7, Name: "Ona Administratorė", InstitutionID: in.ID, Role: actor.RoleAdmin}
		storetest.Fatal(t, "retry", Retry(ctx, db, ona, in.ID, m.ID))
		if got := mustFind(t, db, m); got.State != StatePending || got.LastError != "" {
			t.Errorf("after retry: state %s, error %q", got.State, got.LastError)
		}
		entries, _, err := audit.Find(ctx, db, audit.Filter{InstitutionID: in.ID, Action: "outbox.message.retry", Limit: 10})
		storetest.Fatal(t, "audit", err)
		if len(entries) != 1 || entries[0].Actor != (audit.Who{ID: ona.ID, Name: ona.Name}) || entries[0].ObjectID != m.ID {
			t.Errorf("audit entries: %+v", entries)
		}
		if n, err := w.RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("after retry: delivered %d, %v", n, err)
		}
		if got := mustFind(t, db, m); got.State != StateSent || got.Attempts != 4 {
			t.Errorf("after retry: state %s, attempts %d", got.State, got.Attempts)
		}
		if got := srv.CountByMessageID(); got[m.MessageID] != 1 || len(got) != 1 {
			t.Errorf("server received %v", got)
		}
		if err := Retry(ctx, db, ona, in.ID, m.ID); !errors.Is(err, store.ErrConflict) {
			t.Errorf("retrying a sent message: got %v, want ErrConflict", err)
		}
	})
}

func TestPermanentRefusalFailsAtOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		useClock(db)
		in := mustInstitution(t, db, "sirvintos")
		srv := smtptest.New(t)
		bad, good := reminder(in, smtptest.UnknownRecipient), reminder(in, "ona@example.lt")
		mustEnqueue(t, db, bad, good)
		n, err := newTestWorker(db, senderFor(srv)).RunOnce(ctx)
		storetest.Fatal(t, "run worker", err)
		if n != 1 {
			t.Errorf("delivered %d, want 1 (the other recipient)", n)
		}
		got := mustFind(t, db, bad)
		if got.State != StateFailed || got.Attempts != 1 || !strings.Contains(got.LastError, "550") {
			t.Errorf("refused message: state %s, attempts %d, error %q", got.State, got.Attempts, got.LastError)
		}
		if mustFind(t, db, good).State != StateSent {
			t.Error("one refusal held back another message")
		}
	})
}

func TestUnreachableServerIsRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := useClock(db)
		in := mustInstitution(t, db, "sirvintos")
		// A port nobody listens on.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		storetest.Fatal(t, "listen", err)
		sender := &SMTPSender{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, Mode: "none"}
		l.Close()
		m := reminder(in, "ona@example.lt")
		mustEnqueue(t, db, m)
		_, err = newTestWorker(db, sender).RunOnce(context.Background())
		storetest.Fatal(t, "run worker", err)
		got := mustFind(t, db, m)
		if got.State != StatePending || got.Attempts != 1 || !got.NextAttemptAt.Equal(clk.Now().Add(time.Minute)) || got.LastError == "" {
			t.Errorf("after a refused connection: %+v", got)
		}
	})
}

func TestEnqueueRejectsIncompleteMessages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		in := mustInstitution(t, db, "sirvintos")
		noKind := reminder(in, "ona@example.lt")
		noKind.Kind = ""
		badAddress := reminder(in, "Ona <ona@example.lt>")
		for name, m := range map[string]*Message{"NoKind": noKind, "BadAddress": badAddress} {
			err := db.InTx(context.Background(), func(tx *store.Tx) error { return Enqueue(context.Background(), tx, m) })
			if err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		if !errors.Is(db.InTx(context.Background(), func(tx *store.Tx) error { return Enqueue(context.Background(), tx, badAddress) }), ErrBadAddress) {
			t.Error("a bad address is not ErrBadAddress")
		}
		if got := countMessages(t, db); got != 0 {
			t.Errorf("stored %d messages", got)
		}
	})
}
