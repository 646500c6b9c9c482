package site

import (
	"html"
	"html/template"
	"strings"
	"time"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/savivalda/savivalda/internal/i18n"
)

// Comparing revisions (WEB-21): a word-level diff of the title, the body's
// source and the metadata the public page shows (WEB-11). The diff itself
// is github.com/sergi/go-diff, a maintained Myers implementation; words are
// made single symbols for it (as its line mode does with lines), so a
// changed word is marked whole and never split into letters.

// DiffOp says what happened to a piece of text.
type DiffOp int

// The diff operations.
const (
	Same DiffOp = iota
	Added
	Removed
)

// DiffPart is a run of text with what happened to it.
type DiffPart struct {
	Op   DiffOp
	Text string
}

// FieldDiff is one compared field.
type FieldDiff struct {
	Label   string // catalogue key of the field's name
	Parts   []DiffPart
	Changed bool
	Long    bool // the body: shown as a block, line breaks kept
}

// words splits s into words and the runs of spaces and punctuation between
// them; joined, they give s back.
func words(s string) []string {
	var out []string
	start := 0
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	prev := -1 // 1 word, 0 other
	for i, r := range s {
		k := 0
		if isWord(r) {
			k = 1
		}
		// Each punctuation or space rune stands alone, so that "a, b" and
		// "a; b" differ in one symbol only.
		if i > start && (k != prev || k == 0) {
			out = append(out, s[start:i])
			start = i
		}
		prev = k
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// symbolOf is the rune that stands for the i-th distinct word: valid
// runes only (from 1, skipping the surrogates), so a text of any length
// within the body limit survives the library's string conversions.
func symbolOf(i int) rune {
	r := rune(i + 1)
	if r >= 0xD800 {
		r += 0x800
	}
	return r
}

// wordIndex is the inverse of symbolOf.
func wordIndex(r rune) int {
	if r >= 0xE000 {
		r -= 0x800
	}
	return int(r) - 1
}

// WordDiff compares two texts word by word.
func WordDiff(a, b string) []DiffPart {
	symbols := map[string]rune{}
	var tokens []string
	encode := func(s string) []rune {
		ws := words(s)
		rs := make([]rune, len(ws))
		for i, w := range ws {
			r, ok := symbols[w]
			if !ok {
				tokens = append(tokens, w)
				r = symbolOf(len(tokens) - 1)
				symbols[w] = r
			}
			rs[i] = r
		}
		return rs
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	// Bounded: two long, very different texts get a coarser comparison
	// rather than holding a request for seconds.
	dmp.DiffTimeout = time.Second
	var out []DiffPart
	for _, d := range dmp.DiffMainRunes(ra, rb, false) {
		var sb strings.Builder
		for _, r := range d.Text {
			sb.WriteString(tokens[wordIndex(r)])
		}
		op := Same
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = Added
		case diffmatchpatch.DiffDelete:
			op = Removed
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += sb.String()
			continue
		}
		out = append(out, DiffPart{Op: op, Text: sb.String()})
	}
	return out
}

// CompareRevisions compares what the public page shows of two revisions:
// from old to new.
func CompareRevisions(old, new *Revision) []FieldDiff {
	fields := []struct {
		label    string
		old, new string
		long     bool
	}{
		{"site.field.title", old.Title, new.Title, false},
		{"site.field.body", old.BodyMD, new.BodyMD, true},
		{"site.field.responsible_name", old.ResponsibleName, new.ResponsibleName, false},
		{"site.field.responsible_phone", old.ResponsiblePhone, new.ResponsiblePhone, false},
		{"site.field.responsible_email", old.ResponsibleEmail, new.ResponsibleEmail, false},
		{"site.field.term_end", old.LastDay(), new.LastDay(), false},
	}
	out := make([]FieldDiff, 0, len(fields))
	for _, f := range fields {
		out = append(out, FieldDiff{Label: f.label, Parts: WordDiff(f.old, f.new), Changed: f.old != f.new, Long: f.long})
	}
	return out
}

// Comparison is a diff ready to show: the changes are marked with <ins> and
// <del> and named in words for screen readers ("Pridėta:", "Pašalinta:"),
// with a visible legend, so that colour is never the only sign (WCAG 1.4.1).
type Comparison struct {
	Fields []FieldDiff
	Lang   string
}

// Changed reports whether anything differs.
func (c *Comparison) Changed() bool {
	for _, f := range c.Fields {
		if f.Changed {
			return true
		}
	}
	return false
}

// HTML is the comparison as a definition list with its legend; every text
// is escaped.
func (c *Comparison) HTML() template.HTML {
	t := func(key string) string { return html.EscapeString(i18n.T(c.Lang, key)) }
	var b strings.Builder
	b.WriteString(`<p class="sv-compare-legend">` + t("site.diff.legend") + ` <ins>` + t("site.diff.added_example") +
		`</ins> <del>` + t("site.diff.removed_example") + `</del></p>`)
	if !c.Changed() {
		b.WriteString(`<p>` + t("site.diff.none") + `</p>`)
		return template.HTML(b.String())
	}
	b.WriteString(`<dl class="sv-compare">`)
	for _, f := range c.Fields {
		b.WriteString(`<dt>` + t(f.Label))
		if !f.Changed {
			b.WriteString(` <span class="sv-hint">(` + t("site.diff.unchanged") + `)</span>`)
		}
		b.WriteString(`</dt><dd`)
		if f.Long {
			b.WriteString(` class="sv-compare__long"`)
		}
		b.WriteString(`>`)
		for _, p := range f.Parts {
			text := html.EscapeString(p.Text)
			switch p.Op {
			case Added:
				b.WriteString(`<ins><span class="sv-visually-hidden">` + t("site.diff.added") + ` </span>` + text + `</ins>`)
			case Removed:
				b.WriteString(`<del><span class="sv-visually-hidden">` + t("site.diff.removed") + ` </span>` + text + `</del>`)
			default:
				b.WriteString(text)
			}
		}
		b.WriteString(`</dd>`)
	}
	b.WriteString(`</dl>`)
	return template.HTML(b.String())
}
