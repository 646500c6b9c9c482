package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/demo"
	"github.com/savivalda/savivalda/internal/files"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// TestSeed: the demo municipality arrives with live pages, work in every
// workflow state, an archived page, a second institution and an intact audit
// chain; seeding again changes nothing.
func TestSeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		fileStore, err := files.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		logins, err := demo.Seed(ctx, db, fileStore)
		if err != nil {
			t.Fatal(err)
		}
		if len(logins) < 6 {
			t.Errorf("only %d demo logins", len(logins))
		}
		all, err := institution.FindAll(ctx, db)
		if err != nil || len(all) != 2 {
			t.Fatalf("institutions: %d, %v", len(all), err)
		}
		live, err := site.LivePages(ctx, db, all[0].ID, time.Now())
		if err != nil || len(live) < 10 {
			t.Errorf("live demo pages: %d, %v", len(live), err)
		}
		_, archived, err := site.ArchivedPages(ctx, db, all[0].ID, time.Now(), 0)
		if err != nil || archived != 1 {
			t.Errorf("archived demo pages: %d, %v", archived, err)
		}
		var review, returned int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(CASE WHEN state = 'review' THEN 1 END), COUNT(CASE WHEN state = 'returned' THEN 1 END) FROM page_revisions`).Scan(&review, &returned); err != nil {
			t.Fatal(err)
		}
		if review != 3 || returned != 1 {
			t.Errorf("revisions in review %d (want 3), returned %d (want 1)", review, returned)
		}
		// "Terminai" has something to show: reviews, a legal act to publish,
		// and a missed review whose reminder is in the outbox.
		var open, missed, legal, mails int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(CASE WHEN state = 'open' THEN 1 END), COUNT(CASE WHEN state = 'missed' THEN 1 END),
			COUNT(CASE WHEN module = 'site.legal_act' AND state = 'open' THEN 1 END), (SELECT COUNT(*) FROM outbox_messages)
			FROM deadlines`).Scan(&open, &missed, &legal, &mails); err != nil {
			t.Fatal(err)
		}
		if open < 10 || missed != 1 || legal != 1 || mails == 0 {
			t.Errorf("deadlines: %d open (want ≥ 10), %d missed (want 1), %d legal acts (want 1); %d mails", open, missed, legal, mails)
		}
		// The pages show the library's photos and link to its PDFs, which
		// are public because they do.
		var images, documents, public int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(CASE WHEN kind = 'image' THEN 1 END), COUNT(CASE WHEN kind = 'document' THEN 1 END),
			(SELECT COUNT(DISTINCT mu.media_id) FROM media_uses mu JOIN pages p ON p.live_revision_id = mu.revision_id)
			FROM media_items`).Scan(&images, &documents, &public); err != nil {
			t.Fatal(err)
		}
		if images != 2 || documents != 2 || public != 4 {
			t.Errorf("demo files: %d images, %d documents, %d used by live pages", images, documents, public)
		}
		n, err := audit.Verify(ctx, db)
		if err != nil || n == 0 {
			t.Errorf("audit chain after seeding: %d entries, %v", n, err)
		}
		again, err := demo.Seed(ctx, db, fileStore)
		if err != nil || len(again) != len(logins) {
			t.Errorf("seeding again: %d logins, %v", len(again), err)
		}
		if m, _ := audit.Verify(ctx, db); m != n {
			t.Errorf("seeding again wrote %d audit entries", m-n)
		}
	})
}
