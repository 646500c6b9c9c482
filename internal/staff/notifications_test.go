package staff_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// TestNotificationSettings: a member of staff chooses the daily
// digest and English on their own account page; the choice is stored and
// audited. A value not offered is refused with a message, keeps what was
// chosen in the form, and changes nothing.
func TestNotificationSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		c := e.Login("contributorA")
		page := c.Get("/admin/account")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, `<option value="immediate" selected>`) {
			t.Fatalf("account page %d: the default (immediate mail) is not shown as chosen", page.Status)
		}
		bad := c.Post("/admin/account/notifications", url.Values{"notify_mode": {"weekly"}, "mail_lang": {"en"}})
		if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Pasirinkite, kaip pranešti") ||
			!strings.Contains(bad.Body, `<option value="en" selected>`) {
			t.Errorf("a mode not offered: status %d, or no message, or the chosen language lost", bad.Status)
		}
		res := c.Post("/admin/account/notifications", url.Values{"notify_mode": {"daily"}, "mail_lang": {"en"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("save: status %d\n%s", res.Status, res.Body)
		}
		u, err := staff.FindUser(context.Background(), db, e.In.ID, e.Users["contributorA"].ID)
		if err != nil {
			t.Fatal(err)
		}
		if u.NotifyMode != staff.NotifyDaily || u.Lang() != "en" {
			t.Errorf("stored %q, %q; want daily, en", u.NotifyMode, u.Lang())
		}
		entries, n, err := audit.Find(context.Background(), db, audit.Filter{InstitutionID: e.In.ID, Action: "staff.account.notifications"})
		if err != nil || n != 1 || entries[0].Actor.ID != u.ID || entries[0].ObjectID != u.ID {
			t.Fatalf("audit: %d entries (%v), want one by the account's owner about it", n, err)
		}
		if page := c.Get("/admin/account"); !strings.Contains(page.Body, `<option value="daily" selected>`) {
			t.Error("the account page does not show the stored choice")
		}
	})
}
