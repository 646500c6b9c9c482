package site

import (
	"strings"
	"unicode"
)

// A menu title may have at most four significant words (WEB-03). Words that
// carry no meaning of their own do not count: conjunctions (ir, ar, bei, o,
// bet, arba, kad), prepositions (su, be, į, iš, už, ant, apie, per, prie,
// po, nuo, iki, dėl, pas, prieš, tarp, virš, pagal, link, ties), and tokens
// without letters (numbers, dashes). So "Paskatinimai ir apdovanojimai" has
// two significant words and "Biudžeto vykdymo ataskaitų rinkiniai" four.
const maxMenuWords = 4

var insignificantWords = map[string]bool{
	"ir": true, "ar": true, "bei": true, "o": true, "bet": true, "arba": true, "kad": true, "nei": true,
	"su": true, "be": true, "į": true, "iš": true, "už": true, "ant": true, "apie": true, "per": true,
	"prie": true, "po": true, "nuo": true, "iki": true, "dėl": true, "pas": true, "prieš": true,
	"tarp": true, "virš": true, "pagal": true, "link": true, "ties": true,
}

// SignificantWords counts the words of a menu title that count towards the
// limit of WEB-03.
func SignificantWords(title string) int {
	n := 0
	for _, w := range strings.FieldsFunc(title, func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '–' || r == '—' || r == '/' || r == ','
	}) {
		w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		if w == "" || insignificantWords[w] || !strings.ContainsFunc(w, unicode.IsLetter) {
			continue
		}
		n++
	}
	return n
}

// ValidMenuTitle reports whether title fits WEB-03.
func ValidMenuTitle(title string) bool { return SignificantWords(title) <= maxMenuWords }
