package staff

import (
	"strconv"
	"strings"
	"unicode"
)

// ProposeEmail returns the address the staff email rule gives a person
// (WEB-12): vardas.pavarde@domain in lower case without Lithuanian letters,
// with the first given name only and the first part of a double surname
// ("Ona Marija Petraitienė-Kazlauskienė" → ona.petraitiene@…). Namesakes
// get a number from 2 on (vardas.pavarde2@…): taken reports whether an
// address is already used. It returns "" when the name has no given name
// and surname made of letters (or has more than maxNamesakes namesakes).
func ProposeEmail(fullName, domain string, taken func(string) bool) string {
	given, surname := nameParts(fullName)
	if given == "" || surname == "" {
		return ""
	}
	local := given + "." + surname
	domain = strings.ToLower(strings.TrimSpace(domain))
	addr := local + "@" + domain
	for n := 2; taken != nil && taken(addr); n++ {
		if n > maxNamesakes {
			return ""
		}
		addr = local + strconv.Itoa(n) + "@" + domain
	}
	return addr
}

// maxNamesakes bounds the search for a free number: past it, something
// other than namesakes is wrong.
const maxNamesakes = 1000

// nameParts returns the first given name and the first part of the
// surname, folded to ASCII letters. The surname is the last word; a double
// surname is written with a hyphen.
func nameParts(fullName string) (given, surname string) {
	words := strings.Fields(fullName)
	if len(words) < 2 {
		return "", ""
	}
	first := func(w string) string {
		part, _, _ := strings.Cut(w, "-")
		return asciiLetters(part)
	}
	return first(words[0]), first(words[len(words)-1])
}

// asciiLetters folds Lithuanian (and other Latin) letters to ASCII and
// drops everything that is not a letter: "Žemaitė" → "zemaite".
func asciiLetters(s string) string {
	var b strings.Builder
	for _, r := range foldSearch(s) {
		if r = foldLatin(r); r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldLatin maps the accented letters of names that reach a Lithuanian
// register from neighbouring languages (Polish, Latvian, German) to ASCII.
func foldLatin(r rune) rune {
	if r < unicode.MaxASCII {
		return r
	}
	if f, ok := latinFolds[r]; ok {
		return f
	}
	return r
}

var latinFolds = map[rune]rune{
	'ā': 'a', 'á': 'a', 'à': 'a', 'ä': 'a', 'â': 'a', 'ć': 'c', 'ç': 'c', 'ē': 'e', 'é': 'e', 'è': 'e', 'ë': 'e',
	'ģ': 'g', 'ī': 'i', 'í': 'i', 'ï': 'i', 'ķ': 'k', 'ļ': 'l', 'ł': 'l', 'ņ': 'n', 'ń': 'n', 'ñ': 'n', 'ó': 'o',
	'ö': 'o', 'ô': 'o', 'ō': 'o', 'ŗ': 'r', 'ś': 's', 'ß': 's', 'ú': 'u', 'ü': 'u', 'ù': 'u', 'ý': 'y', 'ź': 'z', 'ż': 'z',
}

// EmailDomain returns the part of address after the @, lower-cased.
func EmailDomain(address string) string {
	_, d, _ := strings.Cut(strings.ToLower(strings.TrimSpace(address)), "@")
	return d
}

// onDomains reports whether address is on one of domains or a subdomain of
// one (the library's staff may use biblioteka.savivaldybe.lt).
func onDomains(address string, domains []string) bool {
	d := EmailDomain(address)
	for _, allowed := range domains {
		if d == allowed || strings.HasSuffix(d, "."+allowed) {
			return true
		}
	}
	return false
}
