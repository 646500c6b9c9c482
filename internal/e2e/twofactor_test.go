package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/browsertest"
)

// A staff member turns on two-factor login from their own page, reading the
// key off the page as they would type it into their phone, logs out, and
// logs in again with the password and the code (EPS-13).
func TestTwoFactorLogin(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL

	logIn(t, b, "editora@savivaldybe.lt")
	b.ClickLink("Dviejų veiksnių patvirtinimas")
	b.ClickButton("Įjungti dviejų veiksnių patvirtinimą")
	var qrWidth int
	b.Eval(`document.querySelector("img.sv-qr").naturalWidth`, &qrWidth)
	if qrWidth == 0 {
		t.Fatal("the QR code image does not load")
	}
	secret := enterKey(t, b)

	b.Fill("code", phoneCode(t, secret, time.Now()))
	b.ClickButton("Įjungti")
	if codes := strings.Fields(b.Text("#recovery-codes")); len(codes) != 10 {
		t.Fatalf("recovery codes shown: %q, want 10", codes)
	}
	b.ClickLink("Tęsti")
	if !strings.Contains(b.PageText(), "Nepanaudotų atsarginių kodų: 10.") {
		t.Fatalf("after enrolment the page says:\n%s", b.PageText())
	}
	b.ClickButton("Atsijungti")

	b.Navigate("/admin/login")
	b.Fill("email", "editora@savivaldybe.lt")
	b.Fill("password", apptest.Password)
	b.ClickButton("Prisijungti")
	if !strings.HasPrefix(b.Path(), "/admin/login/code?") {
		t.Fatalf("after the password: at %s, want the code page\n%s", b.Path(), b.PageText())
	}
	// The enrolment's code cannot be used again, so type the next one,
	// which the server accepts as its clock may be a step behind the phone's.
	b.Fill("code", phoneCode(t, secret, time.Now().Add(30*time.Second)))
	b.ClickButton("Patvirtinti")
	if b.Path() != "/admin" || !strings.Contains(b.PageText(), "Darbuotojas editorA") {
		t.Fatalf("after the code: at %s\n%s", b.Path(), b.PageText())
	}
}

// enterKey reads the TOTP key shown for entering by hand.
func enterKey(t testing.TB, b *browsertest.Browser) string {
	t.Helper()
	key := strings.ReplaceAll(b.Text("#totp-secret"), " ", "")
	if len(key) != 32 {
		t.Fatalf("TOTP key on the page: %q, want 32 base32 letters", key)
	}
	return key
}

// phoneCode is the code an authenticator app shows at the time.
func phoneCode(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}
