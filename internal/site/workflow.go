package site

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Each exported method here is one transaction: the change, its audit entry
// (X-02, WEB-24) and, when the public site changes, the render cache bump
// commit together or not at all. A form carries the version it was opened
// on; a stale or replayed form changes nothing and gets store.ErrConflict.

// revisionSnapshot is what the audit trail keeps of a revision.
type revisionSnapshot struct {
	Title            string `json:"title"`
	Body             string `json:"body"`
	ResponsibleName  string `json:"responsible_name"`
	ResponsiblePhone string `json:"responsible_phone"`
	ResponsibleEmail string `json:"responsible_email"`
	TermEnd          string `json:"term_end"`
	State            State  `json:"state"`
}

func snapshotOf(r *Revision) *revisionSnapshot {
	if r == nil {
		return nil
	}
	return &revisionSnapshot{r.Title, r.BodyMD, r.ResponsibleName, r.ResponsiblePhone, r.ResponsibleEmail, web.LastDay(r.TermEnd), r.State}
}

// CreatePage starts a new page in a section with its first revision as a
// draft, and returns the page and revision ids.
func (s *Service) CreatePage(ctx context.Context, by actor.Actor, in *institution.Institution, f *PageForm) (pageID, revID int64, err error) {
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		fe := f.Validate(tx.Now, true)
		sec, err := findSectionTx(ctx, tx, in.ID, f.SectionID)
		if errors.Is(err, store.ErrNotFound) {
			if fe.For("section_id") == nil {
				fe.Add("section_id", "site.error.section_required")
			}
		} else if err != nil {
			return err
		}
		if by.Role.NeedsDepartment() {
			f.DepartmentID = by.DepartmentID // staff of a department write for it
		}
		if f.DepartmentID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM departments WHERE institution_id = ? AND id = ?`,
				in.ID, f.DepartmentID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				fe.Add("department_id", "site.error.department_invalid")
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if !canEdit(by, in.ID, f.DepartmentID, sec.LegalActs) {
			return web.ErrForbidden
		}
		path, err := uniquePath(ctx, tx, in.ID, sec.Path+"/"+Slugify(f.Title))
		if err != nil {
			return err
		}
		term, _ := f.TermEndInstant()
		// A new page comes last in its section's menu (order.go).
		pageID, err = tx.InsertID(ctx, `INSERT INTO pages (institution_id, section_id, department_id, path, position, term_end, created_by, created_at)
			VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 10 FROM pages WHERE section_id = ?), ?, ?, ?)`,
			in.ID, sec.ID, nullID(f.DepartmentID), path, sec.ID, store.Millis(term), by.ID, store.Millis(tx.Now))
		if err != nil {
			return fmt.Errorf("create page: %w", err)
		}
		rev, err := s.insertRevision(ctx, tx, in.ID, pageID, by, f)
		if err != nil {
			return err
		}
		revID = rev.ID
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: in.ID, Actor: by, Action: "site.page.create", ObjectType: "page", ObjectID: pageID,
			Summary: fmt.Sprintf("Sukurtas puslapio „%s“ juodraštis (%s)", rev.Title, path), After: snapshotOf(rev),
		})
	})
	return pageID, revID, err
}

// insertRevision adds the page's next revision, a draft of f by by.
func (s *Service) insertRevision(ctx context.Context, tx *store.Tx, inst, pageID int64, by actor.Actor, f *PageForm) (*Revision, error) {
	var number int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(number), 0) + 1 FROM page_revisions WHERE page_id = ?`, pageID).Scan(&number); err != nil {
		return nil, err
	}
	html, files, err := s.renderBody(ctx, tx, inst, f.Body)
	if err != nil {
		return nil, fmt.Errorf("render page body: %w", err)
	}
	term, _ := f.TermEndInstant()
	r := &Revision{PageID: pageID, Number: number, Title: strings.TrimSpace(f.Title), BodyMD: f.Body, BodyHTML: html,
		ResponsibleName: strings.TrimSpace(f.ResponsibleName), ResponsiblePhone: strings.TrimSpace(f.ResponsiblePhone),
		ResponsibleEmail: strings.TrimSpace(f.ResponsibleEmail), TermEnd: term, State: StateDraft, AuthorID: by.ID, Version: 1}
	r.ID, err = tx.InsertID(ctx, `INSERT INTO page_revisions (page_id, number, title, body_md, body_html, responsible_name,
		responsible_phone, responsible_email, term_end, state, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, pageID, number, r.Title, r.BodyMD, r.BodyHTML, r.ResponsibleName,
		r.ResponsiblePhone, r.ResponsibleEmail, store.Millis(term), r.State, by.ID, store.Millis(tx.Now), store.Millis(tx.Now))
	if err != nil {
		return nil, fmt.Errorf("create revision: %w", err)
	}
	return r, s.recordUses(ctx, tx, by, inst, pageID, r.ID, files)
}

// SaveRevision saves an edit of a page. With a revision open in the workflow
// it updates that one (a returned revision goes back to draft; one in review
// may be corrected only by someone who can publish it). Without one it
// starts a new draft revision, while the live revision stays published.
func (s *Service) SaveRevision(ctx context.Context, by actor.Actor, in *institution.Institution, pageID int64, f *PageForm) (revID int64, err error) {
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := FindPage(ctx, tx, in.ID, pageID)
		if err != nil {
			return err
		}
		if !canEdit(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
			return web.ErrForbidden
		}
		if err := f.Validate(tx.Now, false).Err(); err != nil {
			return err
		}
		open, err := openRevision(ctx, tx, p.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			if f.Version != 0 || f.Base != p.LiveRevisionID {
				// The form was opened on a revision since published or
				// replaced: saving would bring old content back.
				return store.ErrConflict
			}
			rev, err := s.insertRevision(ctx, tx, in.ID, p.ID, by, f)
			if err != nil {
				return err
			}
			revID = rev.ID
			return audit.Record(ctx, tx, audit.Change{
				InstitutionID: in.ID, Actor: by, Action: "site.revision.create", ObjectType: "page", ObjectID: p.ID,
				Summary: fmt.Sprintf("Pradėta nauja puslapio „%s“ versija Nr. %d", rev.Title, rev.Number), After: snapshotOf(rev),
			})
		case err != nil:
			return err
		}
		if open.State == StateReview && !canPublish(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
			return web.ErrForbidden
		}
		if f.Version != open.Version {
			return store.ErrConflict
		}
		html, files, err := s.renderBody(ctx, tx, in.ID, f.Body)
		if err == nil {
			err = s.recordUses(ctx, tx, by, in.ID, p.ID, open.ID, files)
		}
		if err != nil {
			return err
		}
		before := snapshotOf(open)
		term, _ := f.TermEndInstant()
		state := open.State
		if state == StateReturned {
			state = StateDraft
		}
		if err := tx.ExecOne(ctx, `UPDATE page_revisions SET title = ?, body_md = ?, body_html = ?, responsible_name = ?,
			responsible_phone = ?, responsible_email = ?, term_end = ?, state = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, strings.TrimSpace(f.Title), f.Body, html, strings.TrimSpace(f.ResponsibleName),
			strings.TrimSpace(f.ResponsiblePhone), strings.TrimSpace(f.ResponsibleEmail), store.Millis(term), state,
			store.Millis(tx.Now), open.ID, open.Version); err != nil {
			return err
		}
		after, err := FindRevision(ctx, tx, in.ID, open.ID)
		if err != nil {
			return err
		}
		revID = open.ID
		return audit.Record(ctx, tx, audit.Change{
			InstitutionID: in.ID, Actor: by, Action: "site.revision.edit", ObjectType: "page", ObjectID: p.ID,
			Summary: fmt.Sprintf("Redaguota puslapio „%s“ versija Nr. %d", after.Title, after.Number),
			Before:  before, After: snapshotOf(after),
		})
	})
	return revID, err
}

// revisionOfPage loads a revision of the institution and its page, for the
// caller to check its policy on (in its transaction, when it changes them).
func revisionOfPage(ctx context.Context, q queryer, inst, revID int64) (*Revision, *Page, error) {
	r, err := FindRevision(ctx, q, inst, revID)
	if err != nil {
		return nil, nil, err
	}
	p, err := FindPage(ctx, q, inst, r.PageID)
	if err != nil {
		return nil, nil, err
	}
	return r, p, nil
}

// transition moves a revision from one state to another when rule allows,
// with one audit entry; the caller adds what else the step changes.
func (s *Service) transition(ctx context.Context, by actor.Actor, in *institution.Institution, revID, version int64,
	from []State, rule func(actor.Actor, int64, int64, bool) bool, then func(tx *store.Tx, p *Page, r *Revision) (audit.Change, error)) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		r, p, err := revisionOfPage(ctx, tx, in.ID, revID)
		if err != nil {
			return err
		}
		if !rule(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
			return web.ErrForbidden
		}
		allowed := false
		for _, st := range from {
			allowed = allowed || r.State == st
		}
		if !allowed || r.Version != version {
			return store.ErrConflict
		}
		c, err := then(tx, p, r)
		if err != nil {
			return err
		}
		c.InstitutionID, c.Actor, c.ObjectType, c.ObjectID = in.ID, by, "page", p.ID
		return audit.Record(ctx, tx, c)
	})
}

// Submit hands a draft to review. The reviewers are the department's editors,
// or the reception editor where the department has none (WEB-20).
func (s *Service) Submit(ctx context.Context, by actor.Actor, in *institution.Institution, revID, version int64) error {
	return s.transition(ctx, by, in, revID, version, []State{StateDraft, StateReturned}, canEdit,
		func(tx *store.Tx, p *Page, r *Revision) (audit.Change, error) {
			err := tx.ExecOne(ctx, `UPDATE page_revisions SET state = 'review', submitted_at = ?, updated_at = ?, version = version + 1
				WHERE id = ? AND version = ?`, store.Millis(tx.Now), store.Millis(tx.Now), r.ID, r.Version)
			if err == nil && p.LegalActs {
				err = s.startLegalActTerm(ctx, tx, by, p, r.Title)
			}
			if err == nil {
				err = s.notifySubmitted(ctx, tx, by, p, r)
			}
			return audit.Change{Action: "site.revision.submit",
				Summary: fmt.Sprintf("Puslapio „%s“ versija Nr. %d pateikta peržiūrai", r.Title, r.Number),
				Before:  map[string]State{"state": r.State}, After: map[string]State{"state": StateReview}}, err
		})
}

// Publish approves a revision in review: it goes live at once, replacing the
// live revision, with its publication term; the publisher becomes
// responsible for it (WEB-24).
func (s *Service) Publish(ctx context.Context, by actor.Actor, in *institution.Institution, revID, version int64) error {
	return s.transition(ctx, by, in, revID, version, []State{StateReview}, canPublish,
		func(tx *store.Tx, p *Page, r *Revision) (audit.Change, error) {
			if !r.TermEnd.After(tx.Now) {
				return audit.Change{}, web.FieldErrors{{Field: "term_end", Key: "site.error.term_past"}}
			}
			if p.LiveRevisionID != 0 {
				if _, err := tx.ExecContext(ctx, `UPDATE page_revisions SET state = 'superseded', version = version + 1 WHERE id = ?`, p.LiveRevisionID); err != nil {
					return audit.Change{}, err
				}
			}
			if err := dropSchedule(ctx, tx, p); err != nil {
				return audit.Change{}, err
			}
			if err := tx.ExecOne(ctx, `UPDATE page_revisions SET state = 'published', reviewer_id = ?, reviewed_at = ?, updated_at = ?,
				version = version + 1 WHERE id = ? AND version = ?`, by.ID, store.Millis(tx.Now), store.Millis(tx.Now), r.ID, r.Version); err != nil {
				return audit.Change{}, err
			}
			if err := tx.ExecOne(ctx, `UPDATE pages SET live_revision_id = ?, published_at = COALESCE(published_at, ?), updated_at = ?,
				published_by = ?, term_end = ?, archived_at = NULL, unpublished_at = NULL, unpublish_reason = '', version = version + 1
				WHERE id = ?`, r.ID, store.Millis(tx.Now), store.Millis(tx.Now), by.ID, store.Millis(r.TermEnd), p.ID); err != nil {
				return audit.Change{}, err
			}
			var before *revisionSnapshot
			if p.LiveRevisionID != 0 {
				old, err := FindRevision(ctx, tx, in.ID, p.LiveRevisionID)
				if err != nil {
					return audit.Change{}, err
				}
				before = snapshotOf(old)
			}
			if err := s.deadlines.Meet(ctx, tx, by, ModuleLegalAct, "page", p.ID); err != nil {
				return audit.Change{}, err
			}
			if err := s.startReviewTerm(ctx, tx, by, p, r.Title); err != nil {
				return audit.Change{}, err
			}
			if err := s.notifyScheduled(ctx, tx, by, p, r, tx.Now); err != nil {
				return audit.Change{}, err
			}
			after := snapshotOf(r)
			after.State = StatePublished
			return audit.Change{Action: "site.revision.publish",
				Summary: fmt.Sprintf("Paskelbta puslapio „%s“ versija Nr. %d (%s)", r.Title, r.Number, p.Path),
				Before:  before, After: after}, s.cache.Bump(ctx, tx)
		})
}

// Return sends a revision in review back to its author with the reason it
// does not meet the requirements (WEB-21).
func (s *Service) Return(ctx context.Context, by actor.Actor, in *institution.Institution, revID, version int64, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.transition(ctx, by, in, revID, version, []State{StateReview}, canPublish,
		func(tx *store.Tx, p *Page, r *Revision) (audit.Change, error) {
			if reason == "" {
				return audit.Change{}, web.FieldErrors{{Field: "reason", Key: "site.error.return_reason_required"}}
			}
			err := tx.ExecOne(ctx, `UPDATE page_revisions SET state = 'returned', return_reason = ?, reviewer_id = ?, reviewed_at = ?,
				updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, reason, by.ID, store.Millis(tx.Now),
				store.Millis(tx.Now), r.ID, r.Version)
			if err == nil {
				err = recordReturn(ctx, tx, by, r, reason)
			}
			if err == nil {
				err = s.notifyReturned(ctx, tx, by, p, r, reason)
			}
			return audit.Change{Action: "site.revision.return",
				Summary: fmt.Sprintf("Puslapio „%s“ versija Nr. %d grąžinta autoriui: %s", r.Title, r.Number, reason),
				Before:  map[string]State{"state": r.State}, After: map[string]string{"state": string(StateReturned), "reason": reason}}, err
		})
}

// pageChange runs a page-level step (unpublish, term extension) under rule.
func (s *Service) pageChange(ctx context.Context, by actor.Actor, in *institution.Institution, pageID, version int64,
	rule func(actor.Actor, int64, int64, bool) bool, then func(tx *store.Tx, p *Page) (audit.Change, error)) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := FindPage(ctx, tx, in.ID, pageID)
		if err != nil {
			return err
		}
		if !rule(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
			return web.ErrForbidden
		}
		if p.Version != version {
			return store.ErrConflict
		}
		c, err := then(tx, p)
		if err != nil {
			return err
		}
		c.InstitutionID, c.Actor, c.ObjectType, c.ObjectID = in.ID, by, "page", p.ID
		if err := audit.Record(ctx, tx, c); err != nil {
			return err
		}
		return s.cache.Bump(ctx, tx)
	})
}

// Unpublish takes a page off the live site and out of the archive, with the
// reason (WEB-21: non-compliant content).
func (s *Service) Unpublish(ctx context.Context, by actor.Actor, in *institution.Institution, pageID, version int64, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.pageChange(ctx, by, in, pageID, version, canUnpublish, func(tx *store.Tx, p *Page) (audit.Change, error) {
		if reason == "" {
			return audit.Change{}, web.FieldErrors{{Field: "reason", Key: "site.error.unpublish_reason_required"}}
		}
		if p.LiveRevisionID == 0 || !p.UnpublishedAt.IsZero() {
			return audit.Change{}, store.ErrConflict
		}
		err := tx.ExecOne(ctx, `UPDATE pages SET unpublished_at = ?, unpublish_reason = ?, version = version + 1 WHERE id = ? AND version = ?`,
			store.Millis(tx.Now), reason, p.ID, p.Version)
		if err == nil {
			err = dropSchedule(ctx, tx, p)
		}
		if err == nil {
			err = s.deadlines.Close(ctx, tx, by, ModuleReview, "page", p.ID, "Puslapis pašalintas iš svetainės")
		}
		return audit.Change{Action: "site.page.unpublish", Summary: fmt.Sprintf("Puslapis %s pašalintas iš svetainės: %s", p.Path, reason),
			Before: map[string]string{"state": "published"}, After: map[string]string{"state": "unpublished", "reason": reason}}, err
	})
}

// ExtendTerm sets a new last day of publication, later or earlier than the
// old one. A page archived because its term ended comes back to the live
// site (WEB-23).
func (s *Service) ExtendTerm(ctx context.Context, by actor.Actor, in *institution.Institution, pageID, version int64, lastDayOfTerm string) error {
	end, ok := termEndOf(lastDayOfTerm)
	return s.pageChange(ctx, by, in, pageID, version, canPublish, func(tx *store.Tx, p *Page) (audit.Change, error) {
		if !ok {
			return audit.Change{}, web.FieldErrors{{Field: "term_end", Key: "site.error.term_invalid"}}
		}
		if !end.After(tx.Now) {
			return audit.Change{}, web.FieldErrors{{Field: "term_end", Key: "site.error.term_past"}}
		}
		err := tx.ExecOne(ctx, `UPDATE pages SET term_end = ?, archived_at = NULL, version = version + 1 WHERE id = ? AND version = ?`,
			store.Millis(end), p.ID, p.Version)
		if err == nil && p.LiveRevisionID != 0 {
			// Extending the term is a review of the content (WEB-10).
			var live *Revision
			if live, err = FindRevision(ctx, tx, in.ID, p.LiveRevisionID); err == nil {
				err = s.startReviewTerm(ctx, tx, by, p, live.Title)
			}
		}
		change := termChangeOf(p.TermEnd, end)
		return audit.Change{Action: change.action, Summary: fmt.Sprintf(change.summary, p.Path, web.LastDay(end)),
			Before: map[string]string{"term_end": web.LastDay(p.TermEnd)}, After: map[string]string{"term_end": web.LastDay(end)}}, err
	})
}

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

// ConfirmCurrent records that a live page's content was reviewed and is
// still current (WEB-10): its review deadline is met and the next starts.
func (s *Service) ConfirmCurrent(ctx context.Context, by actor.Actor, in *institution.Institution, pageID, version int64) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := FindPage(ctx, tx, in.ID, pageID)
		if err != nil {
			return err
		}
		if !canPublish(by, p.InstitutionID, p.DepartmentID, p.LegalActs) {
			return web.ErrForbidden
		}
		if p.Version != version || !p.Live(tx.Now) {
			return store.ErrConflict
		}
		live, err := FindRevision(ctx, tx, in.ID, p.LiveRevisionID)
		if err != nil {
			return err
		}
		if err := s.startReviewTerm(ctx, tx, by, p, live.Title); err != nil {
			return err
		}
		if err := tx.ExecOne(ctx, `UPDATE pages SET version = version + 1 WHERE id = ? AND version = ?`, p.ID, p.Version); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: by, Action: "site.page.review",
			ObjectType: "page", ObjectID: p.ID, Summary: fmt.Sprintf("Patvirtinta, kad puslapio „%s“ turinys aktualus", live.Title)})
	})
}

// archiver is the job that archives pages whose term ended, as the audit
// trail names it.
const archiver = "publikavimo terminų pabaiga"

// ArchiveExpired records the move to the archive of every page whose term
// has ended (WEB-23). Pages leave the live site at the term's end whether or
// not this has run; this marks them, audits the step once (the UPDATE's
// condition makes a page archived by one instance invisible to the others)
// and tells every instance to drop cached pages. A page with a revision
// scheduled to replace it is left to PublishDue, which records what the
// public sees from the go-live time.
func (s *Service) ArchiveExpired(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, p.institution_id, p.path, r.title FROM pages p
		JOIN page_revisions r ON r.id = p.live_revision_id
		WHERE p.archived_at IS NULL AND p.unpublished_at IS NULL AND p.term_end <= ? AND p.go_live_at IS NULL`, store.Millis(s.db.Now()))
	if err != nil {
		return fmt.Errorf("find expired pages: %w", err)
	}
	type expired struct {
		id, inst    int64
		path, title string
	}
	var list []expired
	for rows.Next() {
		var e expired
		if err := rows.Scan(&e.id, &e.inst, &e.path, &e.title); err != nil {
			rows.Close()
			return err
		}
		list = append(list, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range list {
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE pages SET archived_at = ?, version = version + 1
				WHERE id = ? AND archived_at IS NULL AND unpublished_at IS NULL AND term_end <= ? AND go_live_at IS NULL`, store.Millis(tx.Now), e.id, store.Millis(tx.Now))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another instance got there first, or the term was extended
			}
			job := actor.NewJob(archiver, e.inst)
			if err := s.deadlines.Close(ctx, tx, job, ModuleReview, "page", e.id, "Baigėsi publikavimo terminas"); err != nil {
				return err
			}
			if err := addArchiveRedirect(ctx, tx, &Page{InstitutionID: e.inst, Path: e.path}, job); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Change{InstitutionID: e.inst, Actor: job, Action: "site.page.archive",
				ObjectType: "page", ObjectID: e.id,
				Summary: fmt.Sprintf("Baigėsi puslapio „%s“ publikavimo terminas: perkeltas į archyvą", e.title)}); err != nil {
				return err
			}
			return s.cache.Bump(ctx, tx)
		})
		if err != nil {
			return fmt.Errorf("archive page %d: %w", e.id, err)
		}
	}
	return nil
}
