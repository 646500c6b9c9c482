package site

import "time"

// termChange is how a new publication term compares with the old one, in
// the words the audit trail and the editor's message use: a shortened term
// must not read "extended" (WEB-23, X-02).
type termChange struct {
	action  string // audit action code
	summary string // audit summary: page path, new last day
	flash   string // catalogue key of the editor's message
}

func termChangeOf(old, end time.Time) termChange {
	switch {
	case end.After(old):
		return termChange{"site.page.extend", "Puslapio %s publikavimo terminas pratęstas iki %s", "site.flash.extended"}
	case end.Before(old):
		return termChange{"site.page.shorten", "Puslapio %s publikavimo terminas sutrumpintas iki %s", "site.flash.shortened"}
	}
	return termChange{"site.page.term_confirm", "Puslapio %s publikavimo terminas nepakeistas: iki %s", "site.flash.term_kept"}
}
