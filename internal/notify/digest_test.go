package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

// TestDigestClaimedOnce: two instances that both listed a person as due
// before either sent the digest (the race the claim exists for) send one
// digest between them, with every stored notice, and the notices are gone.
func TestDigestClaimedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 3, 7, 30, 0, 0, web.Vilnius)
		db.Now = func() time.Time { return now }
		s := New(db, "https://www.savivaldybe.lt")
		pw, err := staff.NewPassword("testinis-slaptazodis")
		if err != nil {
			t.Fatal(err)
		}
		var u staff.User
		err = db.InTx(ctx, func(tx *store.Tx) error {
			in := &institution.Institution{Slug: "s", Name: "Savivaldybė", ShortName: "Savivaldybė", LegalCode: "111111111",
				Email: "info@savivaldybe.lt", IsDefault: true}
			if _, err := institution.Create(ctx, tx, in); err != nil {
				return err
			}
			u = staff.User{InstitutionID: in.ID, Email: "ona@savivaldybe.lt", Name: "Ona Onaitė", Role: actor.RoleAdmin, Active: true}
			if _, err := staff.CreateUser(ctx, tx, actor.NewJob("testas", in.ID), &u, pw); err != nil {
				return err
			}
			u.NotifyMode = staff.NotifyDaily // as if she had chosen it: Send goes by the account it is given
			for _, title := range []string{"Pirmas", "Antras"} {
				tx.Now = now.Add(-time.Hour)
				if err := s.Send(ctx, tx, actor.NewJob("testas", in.ID), in.ID, []staff.User{u},
					Notice{Kind: "test", Key: "site.notice.published", Args: []any{title, "Jonas"}, Path: "/admin/pages/1"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		today := now.Format(time.DateOnly)
		cut := time.Date(2026, 12, 3, DigestHour, 0, 0, 0, web.Vilnius)
		keys, err := s.due(ctx, today, cut)
		if err != nil || len(keys) != 1 {
			t.Fatalf("due: %v, %v; want the one person", keys, err)
		}
		for range 2 { // each instance with the list it read
			for _, k := range keys {
				if err := db.InTx(ctx, func(tx *store.Tx) error { return s.digest(ctx, tx, k, today, cut) }); err != nil {
					t.Fatal(err)
				}
			}
		}
		// A notice stored after the digest hour waits for tomorrow.
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return s.Send(ctx, tx, actor.NewJob("testas", u.InstitutionID), u.InstitutionID, []staff.User{u},
				Notice{Kind: "test", Key: "site.notice.published", Args: []any{"Trečias", "Jonas"}, Path: "/admin/pages/2"})
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SendDigests(ctx); err != nil {
			t.Fatal(err)
		}
		var digests, left int
		var text string
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*), MAX(text_body) FROM outbox_messages WHERE kind = 'notify.digest'`).Scan(&digests, &text); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pending_notifications`).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if digests != 1 || left != 1 {
			t.Fatalf("%d digests sent and %d notices left; want one digest and tomorrow's notice left", digests, left)
		}
		for _, want := range []string{"Pirmas", "Antras", "https://www.savivaldybe.lt/admin/pages/1"} {
			if !strings.Contains(text, want) {
				t.Errorf("the digest lacks %q:\n%s", want, text)
			}
		}
	})
}
