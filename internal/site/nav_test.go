package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// A database error while reading the public navigation gives the error page,
// not a page without its menu of mandated sections (WEB-01), and nothing of it is kept in the render
// cache: once the database answers again, visitors get the whole page.
func TestNavigationErrorIsNotCached(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		v := e.Visitor()
		// The cookie policy reads nothing but the navigation from the
		// database, so only the navigation fails.
		renameSections(t, e.DB, "sections", "sections_unreadable")
		broken := v.Get("/slapuku-politika")
		if broken.Status != http.StatusInternalServerError {
			t.Errorf("navigation unreadable: status %d, want 500", broken.Status)
		}
		renameSections(t, e.DB, "sections_unreadable", "sections")
		whole := v.Get("/slapuku-politika")
		if whole.Status != http.StatusOK || !strings.Contains(whole.Body, `<a href="/veiklos-sritys"`) {
			t.Errorf("database back: status %d, navigation shown %v; want 200 with the menu",
				whole.Status, strings.Contains(whole.Body, `<a href="/veiklos-sritys"`))
		}
	})
}

func renameSections(t *testing.T, db *store.DB, from, to string) {
	t.Helper()
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.ExecContext(context.Background(), `ALTER TABLE `+from+` RENAME TO `+to)
		return err
	})
	storetest.Fatal(t, "rename "+from, err)
}
