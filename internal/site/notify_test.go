package site_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/notify"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/outbox/smtptest"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

// sent is a queued message as a test reads it.
type sent struct{ to, subject, text string }

// outboxOf lists the queued messages of kind, oldest first.
func outboxOf(t *testing.T, e *apptest.Env, kind string) []sent {
	t.Helper()
	rows, err := e.DB.QueryContext(context.Background(), `SELECT to_address, subject, text_body FROM outbox_messages WHERE kind = ? ORDER BY id`, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []sent
	for rows.Next() {
		var m sent
		if err := rows.Scan(&m.to, &m.subject, &m.text); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// recipients are the addresses of the messages, in order.
func recipients(ms []sent) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.to)
	}
	return out
}

// submitted creates a page as author in section and department and submits
// it; it returns the page and revision ids.
func submitted(t *testing.T, e *apptest.Env, author, section string, dept int64, title string) (pageID, revID int64) {
	t.Helper()
	ctx := context.Background()
	pageID, revID, err := e.App.Site.CreatePage(ctx, e.Users[author].Actor(), e.In,
		form(sectionID(t, e, section), dept, title, "Turinys: "+title, e.DB.Now().AddDate(1, 0, 0)))
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if err := e.App.Site.Submit(ctx, e.Users[author].Actor(), e.In, revID, 1); err != nil {
		t.Fatalf("submit: %v", err)
	}
	return pageID, revID
}

func pageURL(e *apptest.Env, pageID int64) string {
	return fmt.Sprintf("%s/admin/pages/%d", e.App.Config.BaseURL, pageID)
}

// TestSubmittedMaterialGoesToItsReviewers (WEB-19, WEB-20): submitted
// material is mailed to those who will review it — the department's editor,
// the reception editor for a department without one, the legal-acts
// publisher for a legal act — and to no one else: not the author, not
// another department's staff, not the other institution's. The mail links
// to the page under the site's absolute address.
func TestSubmittedMaterialGoesToItsReviewers(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		cases := []struct {
			author, section string
			dept            int64
			want            string
		}{
			{"contributorA", "veiklos-sritys", e.Depts["A"], "editora@savivaldybe.lt"},
			{"contributorC", "veiklos-sritys", e.Depts["C"], "reception@savivaldybe.lt"},
			{"contributorA", "teises-aktai", e.Depts["A"], "legal@savivaldybe.lt"},
		}
		for i, c := range cases {
			title := fmt.Sprintf("Medžiaga %d", i)
			pageID, _ := submitted(t, e, c.author, c.section, c.dept, title)
			all := outboxOf(t, e, "site.submitted")
			got := all[len(all)-1]
			if n := len(all); n != i+1 {
				t.Fatalf("%s: %d notices in all after %d submissions, want one each: %v", title, n, i+1, recipients(all))
			}
			if got.to != c.want {
				t.Errorf("%s by %s: told %s, want %s", title, c.author, got.to, c.want)
			}
			if !strings.Contains(got.subject, title) || !strings.Contains(got.text, "Darbuotojas "+c.author) {
				t.Errorf("%s: subject %q, text %q: want the title and who submitted it", title, got.subject, got.text)
			}
			if !strings.Contains(got.text, pageURL(e, pageID)+"\n") || !strings.HasPrefix(pageURL(e, pageID), "http://") {
				t.Errorf("%s: the mail does not link to %s:\n%s", title, pageURL(e, pageID), got.text)
			}
		}
	})
}

// TestReturnAndPublicationTellTheAuthor (WEB-21, WEB-24): a return reaches
// the author with its reason, a publication tells them it is live; the
// reviewer taking the step is not told of it, and an editor who publishes
// their own material is told nothing.
func TestReturnAndPublicationTellTheAuthor(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		svc, editor := e.App.Site, e.Users["editorA"].Actor()
		pageID, revID := submitted(t, e, "contributorA", "veiklos-sritys", e.Depts["A"], "Socialinės paslaugos")
		if err := svc.Return(ctx, editor, e.In, revID, 2, "Trūksta darbo laiko."); err != nil {
			t.Fatal(err)
		}
		returned := outboxOf(t, e, "site.returned")
		if len(returned) != 1 || returned[0].to != "contributora@savivaldybe.lt" {
			t.Fatalf("return notices: %v, want one to the author", recipients(returned))
		}
		if !strings.Contains(returned[0].text, "Trūksta darbo laiko.") || !strings.Contains(returned[0].text, pageURL(e, pageID)) {
			t.Errorf("the return notice lacks the reason or the absolute link:\n%s", returned[0].text)
		}
		if err := svc.Submit(ctx, e.Users["contributorA"].Actor(), e.In, revID, 3); err != nil {
			t.Fatal(err)
		}
		if err := svc.Publish(ctx, editor, e.In, revID, 4); err != nil {
			t.Fatal(err)
		}
		published := outboxOf(t, e, "site.published")
		if len(published) != 1 || published[0].to != "contributora@savivaldybe.lt" || !strings.Contains(published[0].subject, "Socialinės paslaugos") {
			t.Fatalf("publication notices: %+v, want one to the author", published)
		}

		// Approved to go live later: the author is told when.
		_, later := submitted(t, e, "contributorA", "veiklos-sritys", e.Depts["A"], "Vasaros renginiai")
		at := e.DB.Now().Add(48 * time.Hour).Truncate(time.Minute)
		if err := svc.Schedule(ctx, editor, e.In, later, 2, at.In(web.Vilnius).Format("2006-01-02T15:04")); err != nil {
			t.Fatal(err)
		}
		scheduled := outboxOf(t, e, "site.scheduled")
		if len(scheduled) != 1 || scheduled[0].to != "contributora@savivaldybe.lt" || !strings.Contains(scheduled[0].text, web.FormatDateTime(at)) {
			t.Fatalf("scheduling notices: %+v, want one to the author with the time", scheduled)
		}

		before := len(outboxOf(t, e, "site.submitted"))
		_, own := submitted(t, e, "editorA", "veiklos-sritys", e.Depts["A"], "Redaktoriaus naujiena")
		if err := svc.Publish(ctx, editor, e.In, own, 2); err != nil {
			t.Fatal(err)
		}
		for _, m := range append(outboxOf(t, e, "site.submitted")[before:], outboxOf(t, e, "site.published")[1:]...) {
			if m.to == "editora@savivaldybe.lt" {
				t.Errorf("the editor was told of their own step: %q", m.subject)
			}
		}
	})
}

// TestDailyDigest: a person who chose the daily digest gets no mail per
// step; the next morning one digest lists every step with its absolute
// link, in their language, once — also when two instances send digests at
// the same moment — and what comes after the digest hour waits for the
// next day's.
func TestDailyDigest(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		day := func(d, hm string) time.Time {
			at, err := time.ParseInLocation("2006-01-02 15:04", "2026-12-"+d+" "+hm, web.Vilnius)
			if err != nil {
				t.Fatal(err)
			}
			return at
		}
		e.SetNow(day("02", "10:00"))
		contributor := e.Users["contributorA"].Actor()
		if err := e.App.Staff.SetNotifications(ctx, contributor, staff.NotificationSettings{Mode: staff.NotifyDaily, Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		editor := e.Users["editorA"].Actor()
		p1, r1 := submitted(t, e, "contributorA", "veiklos-sritys", e.Depts["A"], "Pirmasis puslapis")
		p2, r2 := submitted(t, e, "contributorA", "veiklos-sritys", e.Depts["A"], "Antrasis puslapis")
		if err := e.App.Site.Return(ctx, editor, e.In, r1, 2, "Pataisykite adresą."); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Publish(ctx, editor, e.In, r2, 2); err != nil {
			t.Fatal(err)
		}
		for _, kind := range []string{"site.returned", "site.published"} {
			if got := outboxOf(t, e, kind); len(got) != 0 {
				t.Errorf("%s mailed at once to someone who chose the digest: %v", kind, recipients(got))
			}
		}

		e.SetNow(day("03", "06:59"))
		if err := e.App.Notify.SendDigests(ctx); err != nil {
			t.Fatal(err)
		}
		if got := outboxOf(t, e, "notify.digest"); len(got) != 0 {
			t.Fatalf("a digest before the digest hour: %v", recipients(got))
		}

		// Two instances at the same moment, each with its own connections.
		e.SetNow(day("03", "07:05"))
		other := storetest.Open(t, e.DB.Source())
		other.Now = e.DB.Now
		var wg sync.WaitGroup
		for _, n := range []*notify.Service{e.App.Notify, notify.New(other, e.App.Config.BaseURL)} {
			wg.Go(func() {
				if err := n.SendDigests(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if err := e.App.Notify.SendDigests(ctx); err != nil {
			t.Fatal(err)
		}
		digests := outboxOf(t, e, "notify.digest")
		if len(digests) != 1 || digests[0].to != "contributora@savivaldybe.lt" {
			t.Fatalf("digests: %v, want one to the contributor", recipients(digests))
		}
		d := digests[0]
		if !strings.Contains(d.subject, "Daily digest") {
			t.Errorf("digest subject %q is not in the account's language (English)", d.subject)
		}
		for _, want := range []string{"Pirmasis puslapis", "Pataisykite adresą.", pageURL(e, p1) + "\n", "Antrasis puslapis", pageURL(e, p2) + "\n"} {
			if !strings.Contains(d.text, want) {
				t.Errorf("the digest lacks %q:\n%s", want, d.text)
			}
		}

		// After today's digest: tomorrow's.
		e.SetNow(day("03", "08:00"))
		if err := e.App.Site.Submit(ctx, contributor, e.In, r1, 3); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Return(ctx, editor, e.In, r1, 4, "Dar kartą."); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Notify.SendDigests(ctx); err != nil {
			t.Fatal(err)
		}
		if got := outboxOf(t, e, "notify.digest"); len(got) != 1 {
			t.Fatalf("a second digest the same day: %v", recipients(got))
		}
		e.SetNow(day("04", "07:00"))
		if err := e.App.Notify.SendDigests(ctx); err != nil {
			t.Fatal(err)
		}
		digests = outboxOf(t, e, "notify.digest")
		if len(digests) != 2 || !strings.Contains(digests[1].text, "Dar kartą.") || strings.Contains(digests[1].text, "Antrasis puslapis") {
			t.Fatalf("the next day's digest should list only the new step: %+v", digests)
		}
	})
}

// TestNoticeReachesSMTPServer: a submission's notice is delivered by the
// outbox worker to a real SMTP server, to the reviewer, with the page's
// absolute address.
func TestNoticeReachesSMTPServer(t *testing.T) {
	each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		srv := smtptest.New(t)
		worker := outbox.NewWorker(e.DB, &outbox.SMTPSender{Host: "127.0.0.1", Port: srv.Port, Mode: "none",
			Username: smtptest.User, Password: smtptest.Password}, "noreply@savivaldybe.lt", slog.New(slog.NewTextHandler(io.Discard, nil)))
		pageID, _ := submitted(t, e, "contributorA", "veiklos-sritys", e.Depts["A"], "Vaikų darželiai")
		for range 2 {
			if _, err := worker.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		got := srv.Messages()
		if len(got) != 1 || !slices.Equal(got[0].To, []string{"editora@savivaldybe.lt"}) {
			t.Fatalf("the SMTP server received %d messages (%v), want one to the editor", len(got), got)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(got[0].Data))
		if err != nil {
			t.Fatal(err)
		}
		subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if !strings.Contains(subject, "Vaikų darželiai") {
			t.Errorf("subject %q", subject)
		}
		if !bytes.Contains(got[0].Data, []byte(pageURL(e, pageID))) {
			t.Errorf("the delivered mail does not carry %s", pageURL(e, pageID))
		}
	})
}
