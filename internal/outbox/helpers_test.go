package outbox

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/outbox/smtptest"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// clock is the test's time, shared by the database and its workers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func useClock(dbs ...*store.DB) *clock {
	c := &clock{t: time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC)}
	for _, db := range dbs {
		db.Now = c.Now
	}
	return c
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const testFrom = "noreply@sirvintos.test"

func quietLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

func newTestWorker(db *store.DB, s Sender) *Worker { return NewWorker(db, s, testFrom, quietLog()) }

// mustInstitution creates an institution reached at host <slug>.test.
func mustInstitution(t *testing.T, db *store.DB, slug string) *institution.Institution {
	t.Helper()
	in := &institution.Institution{Slug: slug, Name: "Širvintų rajono savivaldybės administracija " + slug,
		ShortName: slug, LegalForm: "Biudžetinė įstaiga", Address: "Vilniaus g. 61, LT-19118 Širvintos",
		LegalCode: "188712295", Register: "Juridinių asmenų registras", Phone: "+370 382 51 051",
		Email: "info@" + slug + ".test", ControllerName: "Administracija", ControllerCode: "188712295",
		ControllerAddress: "Vilniaus g. 61, Širvintos", ControllerEmail: "info@" + slug + ".test",
		ControllerPhone: "+370 382 51 051", DPOEmail: "dap@" + slug + ".test", StructureProfile: "test",
		Hosts: []string{slug + ".test"}}
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		in.ID, err = institution.Create(context.Background(), tx, in)
		return err
	})
	storetest.Fatal(t, "create institution", err)
	return in
}

// reminder composes the kind of message the deadlines send.
func reminder(in *institution.Institution, to string) *Message {
	m := Compose(in, "lt", Recipient{Address: to, Name: "Ona Žukauskienė"},
		"Primename: atsakymo terminas baigiasi rytoj – prašymas Nr. 42",
		[]string{"Laba diena,", "Jūsų prašymo Nr. 42 atsakymo terminas – 2025-03-04."},
		&Link{Text: "Peržiūrėti prašymą", URL: "https://" + in.Slug + ".test/admin/prasymai/42"})
	m.Kind = "deadline.reminder"
	return m
}

// mustEnqueue stores messages in one transaction.
func mustEnqueue(t *testing.T, db *store.DB, msgs ...*Message) {
	t.Helper()
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		for _, m := range msgs {
			if err := Enqueue(context.Background(), tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	storetest.Fatal(t, "enqueue", err)
}

// mustFind reads a message as stored.
func mustFind(t *testing.T, db *store.DB, m *Message) *Message {
	t.Helper()
	got, err := FindMessage(context.Background(), db, m.InstitutionID, m.ID)
	storetest.Fatal(t, "find message "+strconv.FormatInt(m.ID, 10), err)
	return got
}

// senderFor is the SMTPSender a deployment would configure for srv.
func senderFor(srv *smtptest.Server) *SMTPSender {
	return &SMTPSender{Host: "127.0.0.1", Port: srv.Port, Mode: "none", Username: smtptest.User, Password: smtptest.Password}
}

// twoInstances sets up a crash test: one message queued on db, a mail
// server, and other, a second connection pool on db as a second instance
// has, both on the test's clock.
func twoInstances(t *testing.T, db *store.DB) (other *store.DB, clk *clock, srv *smtptest.Server, m *Message) {
	t.Helper()
	other = storetest.Open(t, db.Source())
	clk = useClock(db, other)
	srv = smtptest.New(t)
	m = reminder(mustInstitution(t, db, "sirvintos"), "ona@example.lt")
	mustEnqueue(t, db, m)
	return other, clk, srv, m
}
