package staff

import (
	"embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/savivalda/savivalda/internal/web"
)

// MinPasswordLength is the shortest password accepted, in characters; the
// catalogue's messages state it.
const MinPasswordLength = 12

// maxPasswordLength bounds what is hashed; a passphrase never needs more.
const maxPasswordLength = 1000

//go:embed passwords/*.txt
var passwordLists embed.FS

// commonPasswords are the lists in passwords/, folded like search text.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	files, _ := passwordLists.ReadDir("passwords")
	for _, f := range files {
		b, err := passwordLists.ReadFile("passwords/" + f.Name())
		if err != nil {
			panic("staff: read " + f.Name() + ": " + err.Error())
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line = foldSearch(strings.TrimSpace(line)); line != "" {
				m[line] = true
			}
		}
	}
	return m
}()

// passwordProblem returns the catalogue key of the rule password breaks,
// or "". personal are texts the password must not be made of: the user's
// name and email, the institution's name.
func passwordProblem(password string, personal ...string) string {
	switch n := utf8.RuneCountInString(password); {
	case password == "":
		return "staff.error.password_required"
	case n < MinPasswordLength:
		return "staff.error.password_short"
	case n > maxPasswordLength:
		return "staff.error.password_long"
	case commonPassword(password, personal):
		return "staff.error.password_common"
	}
	return ""
}

// commonPassword reports whether password is one people often choose: a
// listed password, a listed word or a personal word repeated and padded
// with digits or signs ("Vilnius2024!!", "qwertyqwerty"), only the words
// of personal ("JonasJonaitis1", "kelmesavivaldybe"), or digits and signs
// in an easy pattern ("123412341234").
func commonPassword(password string, personal []string) bool {
	p := foldSearch(password)
	if commonPasswords[p] {
		return true
	}
	letters := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return -1
	}, p)
	if letters == "" {
		return easyPattern(p)
	}
	words := personalWords(personal)
	if repeats(letters, func(w string) bool { return commonPasswords[w] || words[w] }) {
		return true
	}
	return madeOf(letters, words)
}

// personalWords splits texts into folded words of three letters or more.
func personalWords(texts []string) map[string]bool {
	words := map[string]bool{}
	for _, t := range texts {
		for _, w := range strings.FieldsFunc(foldSearch(t), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if utf8.RuneCountInString(w) >= 3 {
				words[w] = true
			}
		}
	}
	return words
}

// repeats reports whether s is one word for which known is true, written
// once or several times over.
func repeats(s string, known func(string) bool) bool {
	for n := 1; n <= len(s); n++ {
		if len(s)%n == 0 && strings.Repeat(s[:n], len(s)/n) == s && known(s[:n]) {
			return true
		}
	}
	return false
}

// madeOf reports whether s is a concatenation of words.
func madeOf(s string, words map[string]bool) bool {
	if len(words) == 0 {
		return false
	}
	// ok[i]: s[:i] is made of words.
	ok := make([]bool, len(s)+1)
	ok[0] = true
	for i := 1; i <= len(s); i++ {
		for j := 0; j < i && !ok[i]; j++ {
			ok[i] = ok[j] && words[s[j:i]]
		}
	}
	return ok[len(s)]
}

// easyPattern reports whether s repeats a unit of up to four characters or
// runs up or down the keyboard's digits ("098765432109").
func easyPattern(s string) bool {
	for n := 1; n <= 4 && n < len(s); n++ {
		if len(s)%n == 0 && strings.Repeat(s[:n], len(s)/n) == s {
			return true
		}
	}
	up, down := true, true
	for i := 1; i < len(s); i++ {
		d := (int(s[i]) - int(s[i-1]) + 10) % 10
		up, down = up && d == 1, down && d == 9
	}
	return up || down
}

// checkPasswordRules adds an error for field when password breaks a rule.
func checkPasswordRules(fe *web.FieldErrors, field, password string, personal ...string) {
	if key := passwordProblem(password, personal...); key != "" {
		fe.Add(field, key)
	}
}
