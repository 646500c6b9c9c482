package web

import (
	"net/url"
	"strings"
)

// LocalPath returns s when a browser sent there stays on this site: a path
// that starts with a single "/" ("/admin/users?q=ona"). Anything else gives
// fallback: another site ("https://…", "//…"), a path a browser reads as one
// ("/\evil.example"; "/\t/evil.example", as browsers drop tabs and newlines
// from addresses), or no path at all. It is the one check of every "return
// to" address a request carries (the login's next, the language switch's
// grizti).
func LocalPath(s, fallback string) string {
	if s == "" || s[0] != '/' || strings.HasPrefix(s, "//") {
		return fallback
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f || c == '\\' {
			return fallback
		}
	}
	if _, err := url.Parse(s); err != nil {
		return fallback // "/%zz": no address a browser could be sent to as it is
	}
	return s
}

// OffSite reports whether a link on one of the site's pages may lead to
// another host: it names one ("https://…", "//…"), or a browser reads it so
// ("\\evil.example", "https:evil.example", "/\t/evil.example"). Links to the
// site's own address written in full count as off-site too: a page cannot
// tell which host names are its own.
func OffSite(ref string) bool {
	s := asBrowserReads(ref)
	u, err := url.Parse(s)
	return err != nil || u.Host != "" || u.Scheme == "http" || u.Scheme == "https" || strings.HasPrefix(s, "//")
}

// asBrowserReads is a link as a browser's URL parser sees it: without
// leading and trailing spaces and control characters, without tabs and
// newlines anywhere, and with backslashes read as slashes (as they are in
// http and https addresses).
func asBrowserReads(ref string) string {
	ref = strings.TrimFunc(ref, func(r rune) bool { return r <= ' ' })
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return -1
		case '\\':
			return '/'
		}
		return r
	}, ref)
}
