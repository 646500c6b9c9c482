package statement

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/store"
)

const statementColumns = `s.id, s.institution_id, s.scope_kind, s.scope_name_lt, s.scope_name_en, s.scope_url,
	s.compliance, s.standard, s.prepared_on, s.reviewed_on, s.reviewed_by, COALESCE(u.name, ''), s.method, s.assessor,
	s.feedback_name, s.feedback_email, s.feedback_phone, s.enforcement_lt, s.enforcement_en,
	s.authority_name_lt, s.authority_name_en, s.authority_address, s.authority_email, s.authority_phone, s.authority_url,
	s.updated_at, s.version
	FROM accessibility_statements s LEFT JOIN users u ON u.id = s.reviewed_by`

// Find returns the institution's stored statement; store.ErrNotFound when
// none was saved yet.
func Find(ctx context.Context, q store.Queryer, institutionID int64) (*Statement, error) {
	st := &Statement{Stored: true}
	var prepared, reviewed string
	var reviewer sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT `+statementColumns+` WHERE s.institution_id = ?`, institutionID).Scan(
		&st.ID, &st.InstitutionID, &st.ScopeKind, &st.ScopeName.LT, &st.ScopeName.EN, &st.ScopeURL,
		&st.Compliance, &st.Standard, &prepared, &reviewed, &reviewer, &st.ReviewedByName, &st.Method, &st.Assessor,
		&st.FeedbackName, &st.FeedbackEmail, &st.FeedbackPhone, &st.Enforcement.LT, &st.Enforcement.EN,
		&st.AuthorityName.LT, &st.AuthorityName.EN, &st.AuthorityAddress, &st.AuthorityEmail, &st.AuthorityPhone,
		&st.AuthorityURL, store.Time(&st.UpdatedAt), &st.Version)
	if err != nil {
		return nil, fmt.Errorf("find accessibility statement of institution %d: %w", institutionID, err)
	}
	st.ReviewedBy = reviewer.Int64
	if st.PreparedOn, err = calendar.ParseDate(prepared); err != nil {
		return nil, fmt.Errorf("statement %d: prepared on: %w", st.ID, err)
	}
	if st.ReviewedOn, err = calendar.ParseDate(reviewed); err != nil {
		return nil, fmt.Errorf("statement %d: reviewed on: %w", st.ID, err)
	}
	return st, nil
}

// insertStatement saves a new statement; a second one for the institution
// is store.ErrConflict.
func insertStatement(ctx context.Context, tx *store.Tx, st *Statement) error {
	id, err := tx.InsertID(ctx, `INSERT INTO accessibility_statements (institution_id, scope_kind, scope_name_lt, scope_name_en,
		scope_url, compliance, standard, prepared_on, reviewed_on, reviewed_by, method, assessor, feedback_name, feedback_email,
		feedback_phone, enforcement_lt, enforcement_en, authority_name_lt, authority_name_en, authority_address, authority_email,
		authority_phone, authority_url, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		st.InstitutionID, st.ScopeKind, st.ScopeName.LT, st.ScopeName.EN, st.ScopeURL, st.Compliance, st.Standard,
		st.PreparedOn.String(), st.ReviewedOn.String(), nullID(st.ReviewedBy), st.Method, st.Assessor, st.FeedbackName,
		st.FeedbackEmail, st.FeedbackPhone, st.Enforcement.LT, st.Enforcement.EN, st.AuthorityName.LT, st.AuthorityName.EN,
		st.AuthorityAddress, st.AuthorityEmail, st.AuthorityPhone, st.AuthorityURL, store.Millis(tx.Now), store.Millis(tx.Now))
	if err != nil {
		return fmt.Errorf("create accessibility statement: %w", err)
	}
	st.ID, st.Version, st.Stored, st.UpdatedAt = id, 1, true, tx.Now
	return nil
}

// updateStatement saves the edited fields if the statement is still at
// st.Version; otherwise store.ErrConflict.
func updateStatement(ctx context.Context, tx *store.Tx, st *Statement) error {
	err := tx.ExecOne(ctx, `UPDATE accessibility_statements SET scope_kind = ?, scope_name_lt = ?, scope_name_en = ?,
		scope_url = ?, compliance = ?, standard = ?, prepared_on = ?, method = ?, assessor = ?, feedback_name = ?,
		feedback_email = ?, feedback_phone = ?, enforcement_lt = ?, enforcement_en = ?, authority_name_lt = ?,
		authority_name_en = ?, authority_address = ?, authority_email = ?, authority_phone = ?, authority_url = ?,
		updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		st.ScopeKind, st.ScopeName.LT, st.ScopeName.EN, st.ScopeURL, st.Compliance, st.Standard, st.PreparedOn.String(),
		st.Method, st.Assessor, st.FeedbackName, st.FeedbackEmail, st.FeedbackPhone, st.Enforcement.LT, st.Enforcement.EN,
		st.AuthorityName.LT, st.AuthorityName.EN, st.AuthorityAddress, st.AuthorityEmail, st.AuthorityPhone, st.AuthorityURL,
		store.Millis(tx.Now), st.ID, st.Version)
	if err != nil {
		return fmt.Errorf("update accessibility statement %d: %w", st.ID, err)
	}
	st.Version++
	return nil
}

// setReviewed records a review on day by the user.
func setReviewed(ctx context.Context, tx *store.Tx, st *Statement, day calendar.Date, userID int64) error {
	err := tx.ExecOne(ctx, `UPDATE accessibility_statements SET reviewed_on = ?, reviewed_by = ?, updated_at = ?,
		version = version + 1 WHERE id = ? AND version = ?`, day.String(), nullID(userID), store.Millis(tx.Now), st.ID, st.Version)
	if err != nil {
		return fmt.Errorf("review accessibility statement %d: %w", st.ID, err)
	}
	st.ReviewedOn, st.ReviewedBy = day, userID
	st.Version++
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
