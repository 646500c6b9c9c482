package staff

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

// While a new account's password is being hashed, the database takes other
// writes: argon2id runs before the transaction, not while it holds
// SQLite's single writer. (Were the hash inside it, the write below would
// wait for a hash that waits for the test: the test would hang.)
func TestPasswordIsHashedOutsideTheTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		in := &institution.Institution{Slug: "kelme", Name: "Kelmės rajono savivaldybė", ShortName: "Kelmė", LegalForm: "Savivaldybė",
			Address: "Vytauto g. 1", LegalCode: "188754378", Register: "JAR", Phone: "+370 427 69 004", Email: "info@kelme.lt",
			ControllerName: "Kelmė", ControllerCode: "188754378", ControllerAddress: "Vytauto g. 1", ControllerEmail: "info@kelme.lt",
			ControllerPhone: "+370 427 69 004", DPOEmail: "dap@kelme.lt", StructureProfile: "2024", IsDefault: true}
		admin := &User{Email: "ona@kelme.lt", Name: "Ona Petraitienė", Role: actor.RoleAdmin}
		pw, err := NewPassword("žalia-girios-eglė")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			if _, err := institution.Create(ctx, tx, in); err != nil {
				return err
			}
			admin.InstitutionID = in.ID
			_, err := CreateUser(ctx, tx, actor.NewJob("test", 0), admin, pw)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		s := NewService(db, web.NewRenderer(), "http://kelme.lt")

		// Take every hashing slot, so that the form's hash waits.
		for range cap(hashSlots) {
			hashSlots <- struct{}{}
		}
		form := url.Values{"email": {"jonas.jonaitis@kelme.lt"}, "name": {"Jonas Jonaitis"}, "role": {"admin"}, "password": {"kita-girios-eglė"}}
		r := httptest.NewRequest(http.MethodPost, "/admin/users/new", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r = r.WithContext(WithUser(institution.WithInstitution(ctx, in), admin))
		w := httptest.NewRecorder()
		done := make(chan struct{})
		go func() {
			defer close(done)
			s.handleUserCreate(w, r)
		}()
		for !hashing() {
			runtime.Gosched()
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE users SET phone = ? WHERE id = ?`, "+370 427 69 005", admin.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for range cap(hashSlots) {
			<-hashSlots
		}
		<-done
		if w.Code != http.StatusSeeOther {
			t.Fatalf("create: got %d, want 303; body %s", w.Code, w.Body)
		}
	})
}

// hashing reports whether a goroutine waits for a hashing slot.
func hashing() bool {
	buf := make([]byte, 1<<20)
	return strings.Contains(string(buf[:runtime.Stack(buf, true)]), "staff.derive(")
}
