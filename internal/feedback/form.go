package feedback

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

// Longest accepted values, in characters; the catalogue's messages state
// them. A description is a few paragraphs, not a document.
const (
	MaxDescription = 5000
	MaxPageAddress = 2000
	MaxName        = institution.MaxNameLength
	MaxEmail       = 254
	MaxPhone       = institution.MaxPhoneLength
	MaxFormatOther = 200
	MaxAnswer      = 20000
	MaxReason      = 1000
)

// Form is what a visitor submits.
type Form struct {
	Kind        string
	PageAddress string
	Description string
	Format      string
	FormatOther string
	Name        string
	Email       string
	Phone       string
	// Website is the honeypot: hidden from people, filled in by bots.
	Website string
}

// normalize trims what was typed and makes it storable: invalid UTF-8 is
// replaced and NUL characters, which PostgreSQL refuses in text, dropped.
func (f *Form) normalize() {
	for _, p := range []*string{&f.Kind, &f.PageAddress, &f.Format, &f.FormatOther, &f.Email, &f.Phone} {
		*p = strings.TrimSpace(clean(*p))
	}
	f.Name = strings.Join(strings.Fields(clean(f.Name)), " ")
	f.Description = strings.TrimSpace(clean(f.Description))
	if Kind(f.Kind) != Alternative {
		f.Format, f.FormatOther = "", ""
	}
	if f.Format != "other" {
		f.FormatOther = ""
	}
}

func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// Validate checks the form; hosts are the site's host names, the only ones
// a page address may name. It returns failures in the order of the form's
// fields, so the error summary follows the page.
func (f *Form) Validate(hosts []string) web.FieldErrors {
	var fe web.FieldErrors
	if !Kind(f.Kind).Valid() {
		fe.Add("kind", "feedback.error.kind")
	}
	if n := utf8.RuneCountInString(f.PageAddress); n > MaxPageAddress {
		fe.Add("page", "feedback.error.page_long", MaxPageAddress)
	} else if _, ok := PageAddress(f.PageAddress, hosts); !ok {
		fe.Add("page", "feedback.error.page")
	}
	switch n := utf8.RuneCountInString(f.Description); {
	case n == 0 && Kind(f.Kind) == Alternative:
		fe.Add("description", "feedback.error.description_alternative")
	case n == 0:
		fe.Add("description", "feedback.error.description")
	case n > MaxDescription:
		fe.Add("description", "feedback.error.description_long", MaxDescription, n)
	}
	if Kind(f.Kind) == Alternative {
		switch {
		case !slices.Contains(Formats, f.Format):
			fe.Add("format", "feedback.error.format")
		case f.Format == "other" && f.FormatOther == "":
			fe.Add("format_other", "feedback.error.format_other")
		case utf8.RuneCountInString(f.FormatOther) > MaxFormatOther:
			fe.Add("format_other", "feedback.error.format_other_long", MaxFormatOther)
		}
	}
	switch {
	case f.Name == "":
		fe.Add("name", "feedback.error.name")
	case utf8.RuneCountInString(f.Name) > MaxName:
		fe.Add("name", "feedback.error.name_long", MaxName)
	}
	switch {
	case f.Email == "":
		fe.Add("email", "feedback.error.email_required")
	case len(f.Email) > MaxEmail || !institution.ValidEmail(f.Email):
		fe.Add("email", "feedback.error.email")
	}
	if f.Phone != "" && !institution.ValidPhone(f.Phone) {
		fe.Add("phone", "feedback.error.phone")
	}
	return fe
}

// PageAddress checks the address of the page a visitor writes about: empty,
// a path on this site ("/paslaugos?x=1"), or an absolute http(s) URL whose
// host is one of hosts. It returns the address as stored. Anything else
// (another site, a javascript: URL, a path that browsers would read as
// another host) is refused, so the staff's link never leads elsewhere.
func PageAddress(raw string, hosts []string) (string, bool) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", true
	}
	for _, r := range s {
		// Browsers drop tabs and newlines from URLs and read a backslash as
		// a slash, so "/\t/evil.example" or "/\evil.example" would leave.
		if r < ' ' || r == 0x7f || r == '\\' {
			return "", false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil || u.Opaque != "" {
		return "", false
	}
	if u.Scheme == "" && u.Host == "" {
		if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
			return "", false
		}
		return s, true
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", false
	}
	host := institution.NormalizeHost(u.Host)
	for _, h := range hosts {
		if h != "" && institution.NormalizeHost(h) == host {
			return s, true
		}
	}
	return "", false
}

// AnswerForm is what staff submit to answer an item.
type AnswerForm struct {
	Answer  string
	Version int64
}

func (f *AnswerForm) validate() web.FieldErrors {
	f.Answer = strings.TrimSpace(clean(f.Answer))
	var fe web.FieldErrors
	switch n := utf8.RuneCountInString(f.Answer); {
	case n == 0:
		fe.Add("answer", "feedback.error.answer")
	case n > MaxAnswer:
		fe.Add("answer", "feedback.error.answer_long", MaxAnswer, n)
	}
	return fe
}

// CloseForm is what staff submit to close an item without an answer.
type CloseForm struct {
	Reason  string
	Version int64
}

func (f *CloseForm) validate() web.FieldErrors {
	f.Reason = strings.TrimSpace(clean(f.Reason))
	var fe web.FieldErrors
	switch n := utf8.RuneCountInString(f.Reason); {
	case n == 0:
		fe.Add("reason", "feedback.error.reason")
	case n > MaxReason:
		fe.Add("reason", "feedback.error.reason_long", MaxReason)
	}
	return fe
}
