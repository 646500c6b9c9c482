package outbox

import (
	_ "embed"
	"html/template"
	"net/url"
	"strings"

	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
)

// The HTML body: inline styles only, no images or other external resources
// (mail clients block them), and plain structure a screen reader can follow.
//
//go:embed email.html
var emailHTML string

var emailTemplate = template.Must(template.New("email").Parse(emailHTML))

type emailData struct {
	Lang, Subject string
	Paragraphs    []string
	Items         []Link
	Link          *Link
	Name          string
	Contacts      []contact
	Auto          string
}

type contact struct {
	Label, Value string
	Href         template.URL
}

// telURL makes a phone number a link a phone can dial. html/template does
// not trust the tel: scheme, so the number is reduced to digits and a
// leading "+" here, which makes it safe.
func telURL(phone string) template.URL {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return template.URL("tel:" + b.String())
}

// Compose builds a message from the institution in, in the recipient's
// language (Lithuanian unless lang is "en"): the subject as its heading, the
// paragraphs, an optional link, and a footer with the institution's name and
// contacts. The caller sets Kind and enqueues it.
func Compose(in *institution.Institution, lang string, to Recipient, subject string, paragraphs []string, link *Link) *Message {
	return ComposeList(in, lang, to, subject, paragraphs, nil, link)
}

// ComposeList is Compose with a list of links after the paragraphs, one
// per item (a digest of notifications), each with its absolute address.
func ComposeList(in *institution.Institution, lang string, to Recipient, subject string, paragraphs []string, items []Link, link *Link) *Message {
	lang = i18n.Normalize(lang)
	subject = oneLine(subject)
	d := emailData{Lang: lang, Subject: subject, Paragraphs: paragraphs, Items: items, Link: link, Name: in.Name,
		Auto: i18n.T(lang, "outbox.footer.auto")}
	if in.Address != "" {
		d.Contacts = append(d.Contacts, contact{Label: i18n.T(lang, "outbox.footer.address"), Value: in.Address})
	}
	if in.Phone != "" {
		d.Contacts = append(d.Contacts, contact{Label: i18n.T(lang, "outbox.footer.phone"), Value: in.Phone, Href: telURL(in.Phone)})
	}
	if in.Email != "" {
		d.Contacts = append(d.Contacts, contact{Label: i18n.T(lang, "outbox.footer.email"), Value: in.Email,
			Href: template.URL("mailto:" + url.PathEscape(in.Email))})
	}
	var html strings.Builder
	if err := emailTemplate.Execute(&html, d); err != nil {
		// The template is fixed and its data are strings: a failure here is
		// a bug, not a condition to handle.
		panic("outbox: render email: " + err.Error())
	}
	return &Message{
		InstitutionID: in.ID, To: to, FromName: in.Name, ReplyTo: in.Email, Lang: lang, Subject: subject,
		Text: textBody(d), HTML: html.String(), Domain: messageDomain(in, link),
	}
}

// textBody is the plain-text alternative of the same content.
func textBody(d emailData) string {
	var b strings.Builder
	for _, p := range d.Paragraphs {
		b.WriteString(strings.TrimSpace(p))
		b.WriteString("\n\n")
	}
	for _, it := range d.Items {
		b.WriteString("- " + oneLine(it.Text) + "\n  " + it.URL + "\n")
	}
	if len(d.Items) > 0 {
		b.WriteString("\n")
	}
	if d.Link != nil {
		b.WriteString(d.Link.Text + ":\n" + d.Link.URL + "\n\n")
	}
	// "-- " starts a signature, which mail clients dim or fold.
	b.WriteString("-- \n" + d.Name + "\n")
	for _, c := range d.Contacts {
		b.WriteString(c.Label + ": " + c.Value + "\n")
	}
	b.WriteString(d.Auto + "\n")
	return b.String()
}

// messageDomain picks the host the Message-ID names: the site's, taken from
// the link (which points at the site), else the institution's own.
func messageDomain(in *institution.Institution, link *Link) string {
	if link != nil {
		if u, err := url.Parse(link.URL); err == nil && u.Hostname() != "" {
			return u.Hostname()
		}
	}
	if len(in.Hosts) > 0 {
		return in.Hosts[0]
	}
	if _, domain, ok := strings.Cut(in.Email, "@"); ok && domain != "" {
		return domain
	}
	return "localhost"
}
