package media

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// maxSlugLen bounds the readable part of an address.
const maxSlugLen = 80

// Slug turns the name a file was uploaded with into the last segment of its
// address: the base name only (whatever the browser sent before a slash or
// backslash is dropped), letters folded to ASCII ("Tarybos sprendimas Nr.
// 5.pdf" → "tarybos-sprendimas-nr-5.pdf"), every other run of characters a
// dash, the extension kept. The result is never empty, never starts with a
// dot and holds only [a-z0-9.-]; it is not a storage key (keys are ids).
func Slug(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	base, ext := name, ""
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		base, ext = name[:i], fold(name[i+1:])
	}
	if len(ext) > 5 || strings.Contains(ext, "-") {
		base, ext = name, "" // not an extension: part of the name
	}
	s := fold(base)
	if len(s) > maxSlugLen {
		s = strings.TrimRight(s[:maxSlugLen], "-")
	}
	if s == "" {
		s = "failas"
	}
	if ext != "" {
		s += "." + ext
	}
	return s
}

// fold writes s in lower-case ASCII letters and digits, with one dash for
// each run of anything else, and none at either end.
func fold(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue // a diacritic: "ą" is "a" and a combining ogonek
		}
		r = unicode.ToLower(r)
		if r < unicode.MaxASCII && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// Extension is the lower-case extension of an uploaded name ("" if none).
func Extension(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return ""
	}
	return strings.ToLower(name[i+1:])
}
