package institution

import (
	"strings"
	"unicode/utf8"
)

// The shared checks of contact details people type on every staff form
// (the page editor's responsible employee, WEB-11; the header, WEB-04;
// staff accounts; the accessibility statement) and on the public feedback
// form, so that one field is judged alike wherever it appears.
const (
	// MaxNameLength bounds a person's name or a title: long enough for any
	// real one, short enough for a header, a list or a letter.
	MaxNameLength = 200
	// MaxPhoneLength bounds a phone number as written, with its spaces.
	MaxPhoneLength = 40
	minPhoneDigits = 6
)

// ValidPhone reports whether s is written as a phone number: digits with
// spaces, parentheses, hyphens and a leading plus, at least six digits, so
// that "+370 5 211 1111" and "(8 5) 200 0001" pass and "skambinkite" does not.
func ValidPhone(s string) bool {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxPhoneLength {
		return false
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '(' || r == ')' || r == '-' || (r == '+' && i == 0):
		default:
			return false
		}
	}
	return digits >= minPhoneDigits
}

// NameTooLong reports whether a name or title is over MaxNameLength
// letters (not bytes: Lithuanian letters take two).
func NameTooLong(s string) bool {
	return utf8.RuneCountInString(strings.TrimSpace(s)) > MaxNameLength
}
