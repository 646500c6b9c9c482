package notify

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// The digest goes out once a day from DigestHour, Vilnius time, with what
// was stored before that hour; what comes later waits for the next day.
// A run handles at most digestBatch people and lists at most digestItems
// notices each (the rest stay for the next digest), so one run is short
// whatever has piled up.
const (
	DigestHour  = 7
	digestBatch = 50
	digestItems = 100
)

// SendDigests sends today's digest to everyone with stored notices who has
// not had one today. Each person is handled in one transaction: the claim
// (users.digest_sent_on moved to today by an UPDATE that matches only if
// it was earlier: on PostgreSQL a second instance's UPDATE waits for the
// first to commit and then matches nothing; SQLite has one writer), the
// mail queued in the outbox and the notices it lists deleted, so a digest
// goes out once, and a crash before the commit leaves everything for the
// next run. One person's failure is named in the error and does not stop
// the others.
func (s *Service) SendDigests(ctx context.Context) error {
	now := s.db.Now().In(web.Vilnius)
	cut := time.Date(now.Year(), now.Month(), now.Day(), DigestHour, 0, 0, 0, web.Vilnius)
	if now.Before(cut) {
		return nil
	}
	today := now.Format(time.DateOnly)
	users, err := s.due(ctx, today, cut)
	if err != nil {
		return err
	}
	var failed []error
	for _, k := range users {
		err := s.db.InTx(ctx, func(tx *store.Tx) error { return s.digest(ctx, tx, k, today, cut) })
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			failed = append(failed, fmt.Errorf("digest of user %d: %w", k.user, err))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("digests: %d of %d not sent: %w", len(failed), len(users), errors.Join(failed...))
	}
	return nil
}

type userKey struct{ user, institution int64 }

// due lists the people with notices stored before cut and no digest today.
func (s *Service) due(ctx context.Context, today string, cut time.Time) ([]userKey, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT n.user_id, n.institution_id FROM pending_notifications n
		JOIN users u ON u.id = n.user_id WHERE n.created_at < ? AND u.digest_sent_on < ? ORDER BY n.user_id LIMIT ?`,
		store.Millis(cut), today, digestBatch)
	if err != nil {
		return nil, fmt.Errorf("list digests due: %w", err)
	}
	defer rows.Close()
	var out []userKey
	for rows.Next() {
		var k userKey
		if err := rows.Scan(&k.user, &k.institution); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

type pending struct {
	id        int64
	line, url string
}

func (s *Service) digest(ctx context.Context, tx *store.Tx, k userKey, today string, cut time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE users SET digest_sent_on = ? WHERE id = ? AND digest_sent_on < ?`, today, k.user, today)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // another instance sent it
	}
	u, err := staff.FindUser(ctx, tx, k.institution, k.user)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, line, url FROM pending_notifications WHERE user_id = ? AND created_at < ?
		ORDER BY id LIMIT ?`, u.ID, store.Millis(cut), digestItems)
	if err != nil {
		return err
	}
	var list []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.id, &p.line, &p.url); err != nil {
			rows.Close()
			return err
		}
		list = append(list, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	ids := make([]any, len(list))
	for i, p := range list {
		ids[i] = p.id
	}
	if len(ids) > 0 {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pending_notifications WHERE id IN (`+store.Placeholders(len(ids))+`)`, ids...); err != nil {
			return err
		}
	}
	if !u.Active || len(list) == 0 {
		return nil // a closed account is told nothing; its notices go
	}
	in, err := institution.Find(ctx, tx, u.InstitutionID)
	if err != nil {
		return err
	}
	site, err := institution.SiteURL(ctx, tx, s.baseURL, in.ID)
	if err != nil {
		return err
	}
	lang := u.Lang()
	items := make([]outbox.Link, len(list))
	for i, p := range list {
		items[i] = outbox.Link{Text: p.line, URL: p.url}
	}
	m := outbox.ComposeList(in, lang, outbox.Recipient{Name: u.Name, Address: u.Email}, i18n.T(lang, "notify.digest.subject", len(list)),
		[]string{i18n.T(lang, "notify.digest.intro")}, items, &outbox.Link{URL: site + "/admin", Text: i18n.T(lang, "notify.digest.open")})
	m.Kind = "notify.digest"
	return enqueue(ctx, tx, m)
}
