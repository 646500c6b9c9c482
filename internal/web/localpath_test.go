package web

import (
	"net/url"
	"strings"
	"testing"
)

// site is the page a link is followed from in these tests.
var site = &url.URL{Scheme: "https", Host: "www.savivaldybe.lt", Path: "/skyrius/puslapis"}

// browserHost is the host a browser lands on when it follows ref from site:
// net/url's reading of ref after what browsers do first (drop leading and
// trailing spaces and controls, drop tabs and newlines, read "\" as "/").
// A reference that net/url cannot parse is treated as leaving.
func browserHost(ref string) (scheme, host string) {
	ref = strings.TrimFunc(ref, func(r rune) bool { return r <= ' ' })
	ref = strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(ref)
	u, err := url.Parse(ref)
	if err != nil {
		return "?", "unparsable"
	}
	u = site.ResolveReference(u)
	return u.Scheme, u.Host
}

var tricks = []string{
	"/archyvas", "/archyvas?puslapis=2#x", "/", "", "archyvas", "//evil.example", "///evil.example", `/\evil.example`,
	`\\evil.example`, "/\t/evil.example", "/\n/evil.example", " //evil.example", "https://evil.example", "https:evil.example",
	"http:/evil.example", "HTTPS://evil.example", "/%09/evil.example", "/%2F/evil.example", "javascript:alert(1)", "mailto:a@b.lt",
	"/a/..//evil.example", "\x00//evil.example", "/\x7f/evil.example",
}

// FuzzLocalPath: whatever a request carries, LocalPath returns either it
// or the fallback, and a browser sent to the result stays on the site.
func FuzzLocalPath(f *testing.F) {
	for _, s := range tricks {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := LocalPath(s, "/admin")
		if got != s && got != "/admin" {
			t.Fatalf("LocalPath(%q) = %q: neither the input nor the fallback", s, got)
		}
		if scheme, host := browserHost(got); scheme != site.Scheme || host != site.Host {
			t.Fatalf("LocalPath(%q) = %q, which a browser reads as %s://%s", s, got, scheme, host)
		}
		if !strings.HasPrefix(got, "/") {
			t.Fatalf("LocalPath(%q) = %q is not a path", s, got)
		}
	})
}

// FuzzOffSite: a link OffSite lets pass as local never takes a browser to
// another host (EPS-15: links that leave the site are marked).
func FuzzOffSite(f *testing.F) {
	for _, s := range tricks {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		if OffSite(ref) {
			return
		}
		scheme, host := browserHost(ref)
		if host != site.Host && (host != "" || scheme == "http" || scheme == "https") {
			t.Fatalf("OffSite(%q) = false, but a browser reads it as %s://%s", ref, scheme, host)
		}
	})
}

func TestLocalPath(t *testing.T) {
	for s, want := range map[string]string{
		"/admin/users?q=ona": "/admin/users?q=ona", "/%09/x": "/%09/x", "/\t/evil.example": "/admin", "//evil.example": "/admin",
		`/\evil.example`: "/admin", "https://evil.example/": "/admin", "admin": "/admin", "": "/admin",
	} {
		if got := LocalPath(s, "/admin"); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestOffSite(t *testing.T) {
	for ref, want := range map[string]bool{
		"/kontaktai": false, "#turinys": false, "kontaktai": false, "?puslapis=2": false, "mailto:info@savivaldybe.lt": false,
		"https://www.registrucentras.lt": true, "//evil.example": true, `\\evil.example`: true, `/\evil.example`: true,
		"https:evil.example": true, "http:/evil.example": true, "/\t/evil.example": true, " //evil.example": true,
	} {
		if got := OffSite(ref); got != want {
			t.Errorf("OffSite(%q) = %v, want %v", ref, got, want)
		}
	}
}
