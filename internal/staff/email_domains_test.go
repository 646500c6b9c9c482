package staff

import (
	"strings"
	"testing"
)

// What an administrator types as mail domains either is refused or gives
// valid lower-case domains that read back the same.
func FuzzParseDomains(f *testing.F) {
	for _, s := range []string{"kelme.lt", "kelme.lt, @Kelmes-sav.LT\nbiblioteka.kelme.lt", "ne domenas", "-a.lt", "a..lt", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		domains, ok := parseDomains(text)
		if !ok {
			return
		}
		for _, d := range domains {
			if !ValidDomain(d) || d != strings.ToLower(d) {
				t.Fatalf("%q: accepted %q", text, d)
			}
		}
		again, ok := parseDomains(strings.Join(domains, "\n"))
		if !ok || strings.Join(again, " ") != strings.Join(domains, " ") {
			t.Fatalf("%q: %q reads back as %q", text, domains, again)
		}
	})
}

func TestOnDomains(t *testing.T) {
	domains := []string{"kelme.lt"}
	for addr, want := range map[string]bool{
		"ona.petraitiene@kelme.lt": true, "ona@biblioteka.kelme.lt": true, "ona@gmail.com": false,
		"ona@notkelme.lt": false, "ona@kelme.lt.evil.example": false,
	} {
		if got := onDomains(addr, domains); got != want {
			t.Errorf("%s: got %v, want %v", addr, got, want)
		}
	}
}
