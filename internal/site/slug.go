package site

import (
	"strings"
	"unicode"
)

var lithuanianLetters = strings.NewReplacer(
	"ą", "a", "č", "c", "ę", "e", "ė", "e", "į", "i", "š", "s", "ų", "u", "ū", "u", "ž", "z",
	"Ą", "a", "Č", "c", "Ę", "e", "Ė", "e", "Į", "i", "Š", "s", "Ų", "u", "Ū", "u", "Ž", "z",
)

// Slugify turns a title into a URL segment: Lithuanian letters without
// diacritics, lower case, words joined by dashes ("Teisės aktai" →
// "teises-aktai").
func Slugify(title string) string {
	s := strings.ToLower(lithuanianLetters.Replace(title))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 80 {
		out = strings.TrimSuffix(out[:80], "-")
	}
	if out == "" {
		out = "puslapis"
	}
	return out
}
