package e2e_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/browsertest"
)

// A staff member who forgot the password gets a link by email, sets a new
// password through it and logs in with it.
func TestForgottenPasswordJourney(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	const email, password = "editora@savivaldybe.lt", "ruduo-ant-nemuno-kranto"

	b.Navigate("/admin/login")
	b.ClickLink("Pamiršote slaptažodį? Atsiųsime nuorodą naujam nustatyti")
	b.Fill("email", email)
	b.ClickButton("Siųsti nuorodą")
	if got := b.Text("main .sv-notice"); !strings.Contains(got, "Jei adresu "+email+" yra darbuotojo paskyra") {
		t.Fatalf("after asking for the link: %q", got)
	}

	// The outbox delivers the email (to the data folder's mail directory,
	// as an installation without a mail server does).
	if _, err := e.App.Mailer.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	link := linkInMail(t, filepath.Join(e.App.Config.DataDir, "mail"), email)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	b.Navigate(u.Path)
	if got := b.Text("main h1"); got != "Naujas slaptažodis" {
		t.Fatalf("the link opens %q (%s)", got, b.Path())
	}
	b.Fill("password", "trumpas")
	b.ClickButton("Nustatyti slaptažodį")
	if got := b.Text(".sv-error-summary"); !strings.Contains(got, "ne trumpesnis nei 12 simbolių") {
		t.Errorf("a short password: %q", got)
	}
	b.Fill("password", password)
	b.ClickButton("Nustatyti slaptažodį")
	if got := b.Text(".sv-banner"); got != "Naujas slaptažodis nustatytas. Prisijunkite su juo." {
		t.Errorf("after setting the password: %q (%s)", got, b.Path())
	}

	b.Fill("email", email)
	b.Fill("password", password)
	b.ClickButton("Prisijungti")
	if b.Path() != "/admin" {
		t.Fatalf("login with the new password ends on %s:\n%s", b.Path(), b.PageText())
	}
	// The link works once.
	b.Navigate(u.Path)
	if got := b.Text("main"); !strings.Contains(got, "Ši nuoroda nebegalioja") {
		t.Errorf("the used link: %q", got)
	}
	if errs := b.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// linkInMail returns the reset link of the email to address in dir's .eml
// files, read as a mail program would.
func linkInMail(t *testing.T, dir, address string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no email in %s: %v", dir, err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if to, _ := mail.ParseAddress(m.Header.Get("To")); to == nil || to.Address != address {
			continue
		}
		_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		mr := multipart.NewReader(m.Body, params["boundary"])
		for {
			p, err := mr.NextPart() // decodes quoted-printable
			if err != nil {
				break
			}
			body, _ := io.ReadAll(p)
			if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
				if link := regexp.MustCompile(`https?://\S+/admin/password/reset/\S+`).FindString(string(body)); link != "" {
					return link
				}
			}
		}
	}
	t.Fatalf("no reset link in the email to %s", address)
	return ""
}
