// Package notify tells staff of the workflow steps that concern them
// (WEB-20, WEB-21): material to review, material returned, published or
// scheduled. Each person chooses (internal/staff, NotifyMode) a mail for
// every step, queued in the outbox in the transaction of the step, or one
// daily digest: the notice is then stored in pending_notifications and the
// digest job (digest.go) sends them together. Every link is absolute, under
// the institution's own site address, because mail is read outside the
// site.
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
)

// Service sends notices and digests.
type Service struct {
	db      *store.DB
	baseURL string
}

// New builds the service; baseURL is the configured public address, from
// which each institution's site address is derived.
func New(db *store.DB, baseURL string) *Service {
	return &Service{db: db, baseURL: strings.TrimSuffix(baseURL, "/")}
}

// Notice is one step to tell people about.
type Notice struct {
	// Kind names the notice in the outbox ("site.submitted").
	Kind string
	// Key prefixes its catalogue messages: Key+".subject" and Key+".body"
	// for a mail of its own, Key+".line" for its line in a digest, each
	// formatted with Args.
	Key  string
	Args []any
	// Reason, if any, is quoted as typed (why material was returned).
	Reason string
	// Path is where to act, under the site: "/admin/pages/5".
	Path string
}

// Send tells each of to about n inside the caller's transaction, in their
// language and as they chose: a mail now, or a line of their next digest.
// by, the person whose step it is, is never told of their own step;
// inactive accounts and accounts of another institution are skipped. A
// nil Service tells no one: the demo seed runs the workflow that way.
func (s *Service) Send(ctx context.Context, tx *store.Tx, by actor.Actor, institutionID int64, to []staff.User, n Notice) error {
	if s == nil {
		return nil
	}
	var in *institution.Institution
	var site string
	seen := map[int64]bool{}
	for _, u := range to {
		if seen[u.ID] || !u.Active || u.InstitutionID != institutionID || (by.IsStaff() && by.ID == u.ID) {
			continue
		}
		seen[u.ID] = true
		if in == nil {
			var err error
			if in, err = institution.Find(ctx, tx, institutionID); err != nil {
				return err
			}
			if site, err = institution.SiteURL(ctx, tx, s.baseURL, institutionID); err != nil {
				return err
			}
		}
		lang := u.Lang()
		url := site + n.Path
		if u.NotifyMode == staff.NotifyDaily {
			line := i18n.T(lang, n.Key+".line", n.Args...)
			if n.Reason != "" {
				line = i18n.T(lang, "notify.line_reason", line, n.Reason)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO pending_notifications (institution_id, user_id, kind, line, url, created_at)
				VALUES (?, ?, ?, ?, ?, ?)`, institutionID, u.ID, n.Kind, line, url, store.Millis(tx.Now)); err != nil {
				return fmt.Errorf("store notice for user %d: %w", u.ID, err)
			}
			continue
		}
		ps := []string{i18n.T(lang, n.Key+".body", n.Args...)}
		if n.Reason != "" {
			ps = append(ps, i18n.T(lang, "notify.reason", n.Reason))
		}
		ps = append(ps, i18n.T(lang, "notify.settings"))
		m := outbox.Compose(in, lang, outbox.Recipient{Name: u.Name, Address: u.Email}, i18n.T(lang, n.Key+".subject", n.Args...), ps,
			&outbox.Link{URL: url, Text: i18n.T(lang, "notify.open")})
		m.Kind = n.Kind
		if err := enqueue(ctx, tx, m); err != nil {
			return err
		}
	}
	return nil
}

// enqueue queues m; a stored address that cannot receive mail must not
// undo the step the notice is about, so it is logged and skipped.
func enqueue(ctx context.Context, tx *store.Tx, m *outbox.Message) error {
	err := outbox.Enqueue(ctx, tx, m)
	if errors.Is(err, outbox.ErrBadAddress) {
		slog.WarnContext(ctx, "notice not queued: bad address", "kind", m.Kind, "to", m.To.Address)
		return nil
	}
	return err
}
