package outbox

import (
	"context"
	"flag"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

func TestFileSenderWritesParseableEML(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clk := useClock(db)
		in := mustInstitution(t, db, "sirvintos")
		dir := filepath.Join(t.TempDir(), "mail")
		m := reminder(in, "ona@example.lt")
		mustEnqueue(t, db, m)

		// The first worker dies after writing the file, before recording
		// it; the next one writes the same file again.
		w := newTestWorker(db, &FileSender{Dir: dir})
		w.crash = func(p crashPoint) bool { return p == crashAfterAccept }
		if _, err := w.RunOnce(ctx); err == nil {
			t.Fatal("the worker did not die")
		}
		clk.Add(DefaultLease + time.Second)
		if n, err := newTestWorker(db, &FileSender{Dir: dir}).RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("delivered %d, %v", n, err)
		}

		entries, err := os.ReadDir(dir)
		storetest.Fatal(t, "read mail folder", err)
		if len(entries) != 1 || entries[0].Name() != FileName(m) {
			t.Fatalf("mail folder holds %v, want just %s", entries, FileName(m))
		}
		f, err := os.Open(filepath.Join(dir, FileName(m)))
		storetest.Fatal(t, "open .eml", err)
		defer f.Close()
		msg, err := mail.ReadMessage(f)
		storetest.Fatal(t, "parse .eml", err)
		if msg.Header.Get("Message-ID") != m.MessageID {
			t.Errorf("Message-ID %q, want %q", msg.Header.Get("Message-ID"), m.MessageID)
		}
		if parts := readParts(t, msg); parts["text/plain"] != m.Text {
			t.Errorf("text part differs from the stored text:\n%s", parts["text/plain"])
		}
		if got := mustFind(t, db, m); got.State != StateSent || got.Unconfirmed() {
			t.Errorf("recorded: state %s, error %q", got.State, got.LastError)
		}
	})
}

func TestNewSenderFollowsConfig(t *testing.T) {
	load := func(env map[string]string) *config.Config {
		t.Helper()
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c, err := config.Load(fs, nil, func(k string) string { return env[k] })
		storetest.Fatal(t, "load config", err)
		return c
	}
	c := load(map[string]string{"SAVIVALDA_DATA": "/srv/sv"})
	if f, ok := NewSender(c).(*FileSender); !ok || f.Dir != "/srv/sv/mail" {
		t.Errorf("without an SMTP host: %#v, want files in /srv/sv/mail", NewSender(c))
	}
	if c.MailFrom != "noreply@localhost" {
		t.Errorf("default sender %q", c.MailFrom)
	}
	c = load(map[string]string{"SAVIVALDA_SMTP_HOST": "smtp.example.lt", "SAVIVALDA_SMTP_USER": "svc",
		"SAVIVALDA_SMTP_PASSWORD": "x", "SAVIVALDA_BASE_URL": "https://www.sirvintos.lt"})
	s, ok := NewSender(c).(*SMTPSender)
	if !ok || s.Host != "smtp.example.lt" || s.Port != 587 || s.Mode != "starttls" || s.Username != "svc" || s.Password != "x" {
		t.Errorf("with an SMTP host: %#v", NewSender(c))
	}
	if c.MailFrom != "noreply@www.sirvintos.lt" {
		t.Errorf("default sender %q, want noreply@ the base URL's host", c.MailFrom)
	}
	for _, bad := range []map[string]string{
		{"SAVIVALDA_SMTP_PORT": "smtp"}, {"SAVIVALDA_SMTP_MODE": "ssl"}, {"SAVIVALDA_MAIL_FROM": "Savivalda <x@y.lt>"},
	} {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		if _, err := config.Load(fs, nil, func(k string) string { return bad[k] }); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}
