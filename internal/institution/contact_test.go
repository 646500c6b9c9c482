package institution

import (
	"strings"
	"testing"
)

func TestValidPhone(t *testing.T) {
	for s, want := range map[string]bool{
		"(8 5) 200 0001": true, "+370 5 211 1111": true, "8-427-60001": true, " 852111111 ": true,
		"skambinkite": false, "": false, "12345": false, "370+5211111": false, "8 5 211 1111 (vidinis 12)": false,
		strings.Repeat("1", 41): false,
	} {
		if got := ValidPhone(s); got != want {
			t.Errorf("ValidPhone(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestNameTooLong(t *testing.T) {
	if NameTooLong(strings.Repeat("Ž", 200)) || !NameTooLong(strings.Repeat("a", 201)) {
		t.Error("the limit counts letters, 200 of them")
	}
}
