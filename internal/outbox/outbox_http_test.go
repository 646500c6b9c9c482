package outbox

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/outbox/smtptest"
	"github.com/savivalda/savivalda/internal/web/webtest"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

type outboxSite struct {
	t       *testing.T
	handler http.Handler
}

func (s *outboxSite) do(method, path string, admin bool) *httptest.ResponseRecorder {
	s.t.Helper()
	req := httptest.NewRequest(method, path, nil)
	req.Host = "a.test"
	if admin {
		req.Header.Set(webtest.ActorHeader, "yes")
	}
	w := httptest.NewRecorder()
	s.handler.ServeHTTP(w, req)
	return w
}

func TestAdministratorsPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		useClock(db)
		a, b := mustInstitution(t, db, "a"), mustInstitution(t, db, "b")
		srv := smtptest.New(t)
		sent, refused := reminder(a, "ona@example.lt"), reminder(a, smtptest.UnknownRecipient)
		refused.Subject = "Laiškas, kurio nepavyko išsiųsti"
		other := reminder(b, "jonas@example.lt")
		other.Subject = "Kitos institucijos laiškas"
		mustEnqueue(t, db, sent, refused, other)
		_, err := newTestWorker(db, senderFor(srv)).RunOnce(ctx)
		storetest.Fatal(t, "deliver", err)

		reg, err := institution.NewRegistry(ctx, db, "http://localhost:8080")
		storetest.Fatal(t, "registry", err)
		mux := web.NewMux()
		admin := actor.Actor{Kind: actor.Staff, ID: 1, Name: "Ona Administratorė", InstitutionID: a.ID, Role: actor.RoleAdmin}
		NewHandler(db, web.NewRenderer(), testFrom).Routes(mux, webtest.Guard(&admin))
		site := &outboxSite{t: t, handler: reg.Middleware(mux)}

		t.Run("List", func(t *testing.T) {
			w := site.do("GET", "/admin/outbox", true)
			body := w.Body.String()
			if w.Code != http.StatusOK {
				t.Fatalf("status %d:\n%s", w.Code, body)
			}
			for _, s := range []string{"Rasta laiškų: 2", "Nepavyko išsiųsti laiškų: 1", `href="/admin/outbox?busena=failed"`,
				"Laiškas, kurio nepavyko išsiųsti", "Primename: atsakymo terminas", "550", "ona@example.lt", "Ona Žukauskienė"} {
				if !strings.Contains(body, s) {
					t.Errorf("list lacks %q", s)
				}
			}
			if strings.Contains(body, other.Subject) {
				t.Error("list shows another institution's message")
			}
		})
		t.Run("FailedOnly", func(t *testing.T) {
			body := site.do("GET", "/admin/outbox?busena=failed", true).Body.String()
			if !strings.Contains(body, "Rasta laiškų: 1") || !strings.Contains(body, refused.Subject) || strings.Contains(body, sent.Subject) {
				t.Errorf("the failed filter shows the wrong messages:\n%s", body)
			}
			if !strings.Contains(body, `<strong><span class="sv-tag sv-tag--returned">Nepavyko</span></strong>`) {
				t.Error("a failed message is not marked as failed")
			}
		})
		t.Run("UnknownState", func(t *testing.T) {
			if w := site.do("GET", "/admin/outbox?busena=lost", true); w.Code != http.StatusNotFound {
				t.Errorf("status %d, want 404", w.Code)
			}
		})
		t.Run("Message", func(t *testing.T) {
			w := site.do("GET", fmt.Sprintf("/admin/outbox/%d", refused.ID), true)
			body := w.Body.String()
			if w.Code != http.StatusOK {
				t.Fatalf("status %d", w.Code)
			}
			for _, s := range []string{"Jūsų prašymo Nr. 42", strings.Trim(refused.MessageID, "<>"), "deadline.reminder",
				a.Name + " &lt;" + testFrom + "&gt;", fmt.Sprintf(`action="/admin/outbox/%d/retry"`, refused.ID),
				fmt.Sprintf(`href="/admin/outbox/%d.eml"`, refused.ID),
				// The text scrolls in its frame, so the keyboard must reach it.
				`<h2 id="message-text">`, `tabindex="0" role="region" aria-labelledby="message-text"`} {
				if !strings.Contains(body, s) {
					t.Errorf("message page lacks %q", s)
				}
			}
			if body := site.do("GET", fmt.Sprintf("/admin/outbox/%d", sent.ID), true).Body.String(); strings.Contains(body, "/retry") {
				t.Error("a sent message offers to be sent again")
			}
		})
		t.Run("Download", func(t *testing.T) {
			w := site.do("GET", fmt.Sprintf("/admin/outbox/%d.eml", sent.ID), true)
			if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "message/rfc822" ||
				!strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment") {
				t.Fatalf("status %d, headers %v", w.Code, w.Header())
			}
			msg, err := mail.ReadMessage(bytes.NewReader(w.Body.Bytes()))
			storetest.Fatal(t, "parse download", err)
			if msg.Header.Get("Message-ID") != sent.MessageID {
				t.Errorf("downloaded Message-ID %q", msg.Header.Get("Message-ID"))
			}
		})
		t.Run("AnotherInstitutionsMessage", func(t *testing.T) {
			for _, r := range []struct{ method, path string }{
				{"GET", fmt.Sprintf("/admin/outbox/%d", other.ID)},
				{"GET", fmt.Sprintf("/admin/outbox/%d.eml", other.ID)},
				{"POST", fmt.Sprintf("/admin/outbox/%d/retry", other.ID)},
			} {
				if w := site.do(r.method, r.path, true); w.Code != http.StatusNotFound {
					t.Errorf("%s %s: status %d, want 404", r.method, r.path, w.Code)
				}
			}
		})
		t.Run("NotAdmin", func(t *testing.T) {
			for _, r := range []struct{ method, path string }{
				{"GET", "/admin/outbox"},
				{"GET", fmt.Sprintf("/admin/outbox/%d", refused.ID)},
				{"POST", fmt.Sprintf("/admin/outbox/%d/retry", refused.ID)},
			} {
				if w := site.do(r.method, r.path, false); w.Code != http.StatusForbidden {
					t.Errorf("%s %s: status %d, want 403", r.method, r.path, w.Code)
				}
			}
			if got := mustFind(t, db, refused); got.State != StateFailed {
				t.Errorf("a refused request changed the message: %s", got.State)
			}
		})
		t.Run("Retry", func(t *testing.T) {
			path := fmt.Sprintf("/admin/outbox/%d/retry", refused.ID)
			w := site.do("POST", path, true)
			if w.Code != http.StatusSeeOther || w.Header().Get("Location") != fmt.Sprintf("/admin/outbox/%d", refused.ID) {
				t.Fatalf("status %d, location %q", w.Code, w.Header().Get("Location"))
			}
			if got := mustFind(t, db, refused); got.State != StatePending {
				t.Errorf("after retry: state %s", got.State)
			}
			if w := site.do("POST", path, true); w.Code != http.StatusConflict {
				t.Errorf("retrying a pending message: status %d, want 409", w.Code)
			}
		})
	})
}
