package deadline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
)

// recipients are the staff who answer for a deadline: the responsible
// employee, else the department's editors where the module lets the
// department act, else the staff of the roles that handle the module
// (Handle) and the administrators — so every reminder reaches someone who
// may act on it.
func (s *Service) recipients(ctx context.Context, tx *store.Tx, d *Deadline) ([]staff.User, error) {
	if d.ResponsibleID != 0 {
		u, err := staff.FindUser(ctx, tx, d.InstitutionID, d.ResponsibleID)
		if err == nil && u.Active {
			return []staff.User{*u}, nil
		}
	}
	h := s.handlers[d.Module]
	if d.DepartmentID != 0 && h.DepartmentActs {
		eds, err := staff.DepartmentEditors(ctx, tx, d.DepartmentID)
		if err != nil || len(eds) > 0 {
			return eds, err
		}
	}
	var out []staff.User
	for _, role := range append(slices.Clone(h.Roles), actor.RoleAdmin) {
		users, _, err := staff.FindUsers(ctx, tx, staff.UserFilter{InstitutionID: d.InstitutionID, Role: role, Limit: 100})
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if u.Active {
				out = append(out, u)
			}
		}
	}
	return out, nil
}

// mail queues one message in the caller's transaction.
func (s *Service) mail(ctx context.Context, tx *store.Tx, d *Deadline, kind, toName, toEmail, lang, subject string, paragraphs []string, link string) error {
	in, err := institution.Find(ctx, tx, d.InstitutionID)
	if err != nil {
		return err
	}
	var l *outbox.Link
	if link != "" {
		site, err := institution.SiteURL(ctx, tx, s.baseURL, in.ID)
		if err != nil {
			return err
		}
		l = &outbox.Link{URL: site + link, Text: i18n.T(lang, "deadline.mail.open")}
	}
	m := outbox.Compose(in, lang, outbox.Recipient{Name: toName, Address: toEmail}, subject, paragraphs, l)
	m.Kind = kind
	err = outbox.Enqueue(ctx, tx, m)
	if errors.Is(err, outbox.ErrBadAddress) {
		// A stored address that cannot receive mail must not undo the
		// change the notice is about; the log says who was not told.
		slog.WarnContext(ctx, "deadline notice not queued: bad address", "deadline", d.ID, "to", toEmail)
		return nil
	}
	return err
}

// msg is one catalogue message with its arguments, written out in each
// recipient's language.
type msg struct {
	key  string
	args []any
}

func (m msg) in(lang string) string { return i18n.T(lang, m.key, m.args...) }

// notifyStaff tells the staff who answer for d, each in the language of
// their account (Lithuanian unless they chose another), with an absolute
// link to where the work is done.
func (s *Service) notifyStaff(ctx context.Context, tx *store.Tx, d *Deadline, kind string, subject msg, paragraphs ...msg) error {
	users, err := s.recipients(ctx, tx, d)
	if err != nil {
		return err
	}
	for _, u := range users {
		lang := u.Lang()
		ps := make([]string, len(paragraphs))
		for i, p := range paragraphs {
			ps[i] = p.in(lang)
		}
		if err := s.mail(ctx, tx, d, kind, u.Name, u.Email, lang, subject.in(lang), ps, d.Link); err != nil {
			return fmt.Errorf("notify %s: %w", u.Email, err)
		}
	}
	return nil
}

// notifyPerson tells the person the term is owed to about an extension,
// a pause or a restart, with the reason, in their language.
func (s *Service) notifyPerson(ctx context.Context, tx *store.Tx, d *Deadline, e Event) error {
	if d.Person.Email == "" {
		return nil
	}
	lang := i18n.Normalize(d.Person.Lang)
	var ps []string
	switch e.Kind {
	case "extend":
		ps = []string{i18n.T(lang, "deadline.mail.person.extended", d.Title, e.DueAfter), i18n.T(lang, "deadline.mail.person.reason", e.Reason)}
	case "pause":
		ps = []string{i18n.T(lang, "deadline.mail.person.paused", d.Title), i18n.T(lang, "deadline.mail.person.reason", e.Reason)}
	case "resume":
		ps = []string{i18n.T(lang, "deadline.mail.person.resumed", d.Title, e.DueAfter)}
	default:
		return nil
	}
	return s.mail(ctx, tx, d, "deadline.person."+e.Kind, d.Person.Name, d.Person.Email, lang,
		i18n.T(lang, "deadline.mail.person.subject", d.Title), ps, "")
}
