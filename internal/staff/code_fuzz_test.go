package staff

import (
	"encoding/json"
	"testing"
	"time"
	"unicode/utf8"
)

// What a person types into the code field is outside input: whatever it is,
// normalising is stable, only six ASCII digits count as an app's code, and
// checking it against a secret neither panics nor accepts a non-code.
func FuzzCode(f *testing.F) {
	for _, s := range []string{"123 456", "abcde-fghjk", "ABCDE FGHJK", "", "１２３４５６", "12345", "1234567", "\t000000\n"} {
		f.Add(s)
	}
	secret, err := newTOTPSecret()
	if err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, typed string) {
		n := normalizeCode(typed)
		if normalizeCode(n) != n {
			t.Fatalf("normalizeCode(%q) = %q, not stable", typed, n)
		}
		if isTOTPCode(n) {
			if len(n) != 6 || !utf8.ValidString(n) {
				t.Fatalf("%q taken for an app's code", n)
			}
			matchStep(secret, n, now)
		} else if _, ok := matchStep(secret, n, now); ok {
			t.Fatalf("%q, not six digits, matched a step", n)
		}
	})
}

// An ID token's claims come from outside: only a JSON true, or the string
// "true" that some providers send, verifies an address.
func FuzzOIDCClaims(f *testing.F) {
	for _, s := range []string{`{"email":"a@b.lt","email_verified":true}`, `{"email_verified":"true"}`,
		`{"email_verified":false}`, `{"email_verified":"yes"}`, `{"email_verified":1}`, `{"amr":["pwd","mfa"]}`, `{}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var c oidcClaims
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return
		}
		v := string(c.EmailVerified)
		if c.verified() != (v == "true" || v == `"true"`) {
			t.Fatalf("email_verified %s: verified() = %v", v, c.verified())
		}
	})
}
