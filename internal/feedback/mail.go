package feedback

import (
	"context"
	"strings"

	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// The acknowledgement carries the registration number and the due date but
// none of the text the visitor typed: the form takes any address, and it
// must not become a way to send someone else arbitrary text.
func acknowledge(ctx context.Context, tx *store.Tx, in *institution.Institution, it *Item) error {
	lang := it.Lang
	ps := []string{i18n.T(lang, "feedback.mail.ack."+string(it.Kind), web.FormatDate(it.CreatedAt), it.Number)}
	if it.Kind == Alternative && it.Format != "other" {
		ps = append(ps, i18n.T(lang, "feedback.mail.ack.format", FormatLabel(lang, it.Format, "")))
	}
	ps = append(ps, i18n.T(lang, "feedback.mail.ack.due", it.Due.String(), it.Kind.Term().N))
	if in.Email != "" {
		ps = append(ps, i18n.T(lang, "feedback.mail.ack.more", in.Email, it.Number))
	}
	m := outbox.Compose(in, lang, outbox.Recipient{Address: it.Email},
		i18n.T(lang, "feedback.mail.ack.subject."+string(it.Kind), it.Number), ps, nil)
	m.Kind = "feedback.acknowledgement"
	return outbox.Enqueue(ctx, tx, m)
}

// sendAnswer queues staff's answer to the person, in their language.
func sendAnswer(ctx context.Context, tx *store.Tx, in *institution.Institution, it *Item, answer string) error {
	lang := it.Lang
	ps := append([]string{i18n.T(lang, "feedback.mail.answer.greeting")}, Paragraphs(answer)...)
	ps = append(ps, i18n.T(lang, "feedback.mail.answer.ref."+string(it.Kind), web.FormatDate(it.CreatedAt), it.Number))
	m := outbox.Compose(in, lang, outbox.Recipient{Address: it.Email, Name: it.Name},
		i18n.T(lang, "feedback.mail.answer.subject."+string(it.Kind), it.Number), ps, nil)
	m.Kind = "feedback.answer"
	return outbox.Enqueue(ctx, tx, m)
}

// Paragraphs splits typed text into its non-empty lines, for pages and
// emails that show it as paragraphs.
func Paragraphs(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// FormatLabel names the format asked for, in lang; "other" is what the
// person wrote.
func FormatLabel(lang, format, other string) string {
	if format == "other" && other != "" {
		return other
	}
	if format == "" {
		return ""
	}
	return i18n.T(lang, "feedback.format."+format)
}
