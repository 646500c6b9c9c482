package staff

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// EmailDomains returns the mail domains an institution's staff accounts
// may use (WEB-12): those configured, or else the domain of the
// institution's own address.
func EmailDomains(ctx context.Context, db store.Queryer, institutionID int64) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT domain FROM staff_email_domains WHERE institution_id = ? ORDER BY domain`, institutionID)
	if err != nil {
		return nil, fmt.Errorf("staff email domains of institution %d: %w", institutionID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, fmt.Errorf("staff email domains of institution %d: %w", institutionID, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("staff email domains of institution %d: %w", institutionID, err)
	}
	if len(out) > 0 {
		return out, nil
	}
	var email string
	if err := db.QueryRowContext(ctx, `SELECT email FROM institutions WHERE id = ?`, institutionID).Scan(&email); err != nil {
		return nil, fmt.Errorf("address of institution %d: %w", institutionID, err)
	}
	if d := EmailDomain(email); d != "" {
		out = append(out, d)
	}
	return out, nil
}

// checkEmailDomain adds an error when u's address is not on one of its
// institution's mail domains: a work account must not live in a private
// mailbox (gmail.com …), which the institution cannot close when the
// employee leaves.
func checkEmailDomain(ctx context.Context, tx *store.Tx, fe *web.FieldErrors, u *User) error {
	if fe.For("email") != nil {
		return nil
	}
	domains, err := EmailDomains(ctx, tx, u.InstitutionID)
	if err != nil {
		return err
	}
	if len(domains) > 0 && !onDomains(u.Email, domains) {
		fe.Add("email", "staff.error.email_domain")
	}
	return nil
}

// parseDomains reads the domains an administrator typed, one per line or
// separated by spaces or commas.
func parseDomains(text string) (domains []string, ok bool) {
	for _, d := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		d = strings.TrimPrefix(d, "@")
		if !ValidDomain(d) {
			return nil, false
		}
		if !slices.Contains(domains, d) {
			domains = append(domains, d)
		}
	}
	slices.Sort(domains)
	return domains, true
}

// ValidDomain accepts a host name with at least two labels of letters,
// digits and hyphens.
func ValidDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// SetEmailDomains replaces the mail domains of the staff accounts of a's
// institution with those in text (WEB-12); only its administrators may.
// Returns web.FieldErrors (field "domains") for text that is not a list of
// domains. Existing accounts keep their addresses.
func (s *Service) SetEmailDomains(ctx context.Context, a actor.Actor, text string) error {
	if !CanManageUsers(a) {
		return web.ErrForbidden
	}
	domains, ok := parseDomains(text)
	if !ok {
		return web.FieldErrors{{Field: "domains", Key: "staff.error.domains_invalid"}}
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		before, err := EmailDomains(ctx, tx, a.InstitutionID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff_email_domains WHERE institution_id = ?`, a.InstitutionID); err != nil {
			return fmt.Errorf("set staff email domains: %w", err)
		}
		for _, d := range domains {
			if _, err := tx.ExecContext(ctx, `INSERT INTO staff_email_domains (institution_id, domain) VALUES (?, ?)`, a.InstitutionID, d); err != nil {
				return fmt.Errorf("set staff email domains: %w", err)
			}
		}
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: a.InstitutionID, Actor: a, Action: "staff.email_domains",
			ObjectType: "institution", ObjectID: a.InstitutionID,
			Summary: "Darbuotojų el. pašto domenai: " + strings.Join(domains, ", "), Before: before, After: domains,
		})
	})
}
