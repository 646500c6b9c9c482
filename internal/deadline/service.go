package deadline

import (
	"context"
	"fmt"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/holidays"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// DefaultDueSoon is how many working days before the due date a deadline
// counts as due soon and its reminder goes out.
const DefaultDueSoon = 2

// Service opens, changes and sweeps deadlines.
type Service struct {
	db       *store.DB
	render   *web.Renderer
	baseURL  string
	handlers map[string]Handlers // by module; see access.go
	// DueSoon is the reminder threshold in working days.
	DueSoon int
}

// NewService builds the service. baseURL makes the links in reminders.
func NewService(db *store.DB, rd *web.Renderer, baseURL string, dueSoon int) *Service {
	if dueSoon <= 0 {
		dueSoon = DefaultDueSoon
	}
	if rd != nil {
		rd.Add(templateFiles, "templates/*.html")
	}
	return &Service{db: db, render: rd, baseURL: strings.TrimSuffix(baseURL, "/"), DueSoon: dueSoon, handlers: map[string]Handlers{}}
}

// Calendar is the working-day calendar in force: the law's holidays and the
// extra days the Government declared.
func (s *Service) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	return holidays.Load(ctx, s.db)
}

// calendarIn reads the calendar inside a transaction, on its connection.
func calendarIn(ctx context.Context, tx *store.Tx) (*calendar.Calendar, error) {
	return holidays.Load(ctx, tx)
}

// Today is the current date in Vilnius.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.db.Now(), web.Vilnius) }

// Open starts a deadline inside the caller's transaction; the term counts
// from the day after spec.Start (Civil Code art. 1.117). by is who caused
// it: the person whose step started the term.
func (s *Service) Open(ctx context.Context, tx *store.Tx, by actor.Actor, spec Spec) (*Deadline, error) {
	cal, err := calendarIn(ctx, tx)
	if err != nil {
		return nil, err
	}
	start := calendar.DateOf(spec.Start, web.Vilnius)
	ex, err := Compute(cal, start, spec.Rule, 0)
	if err != nil {
		return nil, fmt.Errorf("compute deadline: %w", err)
	}
	d := &Deadline{InstitutionID: spec.InstitutionID, Module: spec.Module, SubjectType: spec.SubjectType, SubjectID: spec.SubjectID,
		Title: spec.Title, Link: spec.Link, DepartmentID: spec.DepartmentID, ResponsibleID: spec.ResponsibleID, Person: spec.Person,
		StartedAt: spec.Start, StartDate: start, Rule: spec.Rule, Due: ex.Due, State: Open, Version: 1}
	if d.Person.Lang == "" {
		d.Person.Lang = "lt"
	}
	d.ID, err = tx.InsertID(ctx, `INSERT INTO deadlines (institution_id, module, subject_type, subject_id, title, link, department_id,
		responsible_id, person_name, person_email, person_lang, started_at, start_date, rule_n, rule_unit, due_date, state,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)`,
		d.InstitutionID, d.Module, d.SubjectType, d.SubjectID, d.Title, d.Link, nullID(d.DepartmentID), nullID(d.ResponsibleID),
		d.Person.Name, d.Person.Email, d.Person.Lang, store.Millis(d.StartedAt), start.String(), d.Rule.N, d.Rule.Unit.String(),
		d.Due.String(), store.Millis(tx.Now), store.Millis(tx.Now))
	if err != nil {
		return nil, fmt.Errorf("open deadline: %w", err)
	}
	if err := addEvent(ctx, tx, d.ID, Event{Kind: "start", ActorName: by.Name, DueAfter: d.Due.String()}); err != nil {
		return nil, err
	}
	return d, audit.Record(ctx, tx, audit.Change{InstitutionID: d.InstitutionID, Actor: by, Action: "deadline.open",
		ObjectType: "deadline", ObjectID: d.ID, Summary: fmt.Sprintf("Pradėtas terminas „%s“: %s, iki %s", d.Title, d.Rule, d.Due),
		After: map[string]string{"rule": d.Rule.String(), "start": start.String(), "due": d.Due.String()}})
}

// Meet records, inside the caller's transaction, that the duty behind the
// subject's open deadlines of module was done. Done after the due date, the
// deadline stays missed.
func (s *Service) Meet(ctx context.Context, tx *store.Tx, by actor.Actor, module, subjectType string, subjectID int64) error {
	open, err := list(ctx, tx, `SELECT `+columns+joins+` WHERE d.module = ? AND d.subject_type = ? AND d.subject_id = ?
		AND d.state IN ('open', 'missed') AND d.met_at IS NULL`, module, subjectType, subjectID)
	if err != nil {
		return err
	}
	today := calendar.DateOf(tx.Now, web.Vilnius)
	for _, d := range open {
		state := Met
		if today.After(d.Due) {
			state = Missed
		}
		if err := tx.ExecOne(ctx, `UPDATE deadlines SET state = ?, met_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			state, store.Millis(tx.Now), store.Millis(tx.Now), d.ID, d.Version); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, d.ID, Event{Kind: "met", ActorName: by.Name, DueBefore: d.Due.String()}); err != nil {
			return err
		}
		summary := fmt.Sprintf("Terminas „%s“ įvykdytas laiku", d.Title)
		if state == Missed {
			summary = fmt.Sprintf("Terminas „%s“ įvykdytas pavėluotai (terminas buvo %s)", d.Title, d.Due)
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: d.InstitutionID, Actor: by, Action: "deadline.met",
			ObjectType: "deadline", ObjectID: d.ID, Summary: summary}); err != nil {
			return err
		}
	}
	return nil
}

// ExtendForm is what staff submit to extend a deadline.
type ExtendForm struct {
	N       int
	Unit    string
	Reason  string
	Version int64
}

// Extend replaces the rule with a longer one counted from the same start
// (for example a data-subject request extended to two months) and tells the
// person concerned why.
func (s *Service) Extend(ctx context.Context, by actor.Actor, id int64, f ExtendForm) error {
	var fe web.FieldErrors
	unit, err := calendar.ParseUnit(f.Unit)
	if err != nil {
		fe.Add("unit", "deadline.error.unit")
	}
	if f.N < 1 || f.N > 366 {
		fe.Add("n", "deadline.error.n")
	}
	if strings.TrimSpace(f.Reason) == "" {
		fe.Add("reason", "deadline.error.reason_required")
	}
	return s.change(ctx, by, id, f.Version, func(tx *store.Tx, d *Deadline) (Event, error) {
		if err := fe.Err(); err != nil {
			return Event{}, err
		}
		// The calendar is read in the transaction, so that a day off added
		// meanwhile either moves this deadline too or waits for it.
		cal, err := calendarIn(ctx, tx)
		if err != nil {
			return Event{}, err
		}
		rule := Rule{N: f.N, Unit: unit}
		ex, err := Compute(cal, d.StartDate, rule, d.PausedDays)
		if err != nil {
			return Event{}, err
		}
		if !ex.Due.After(d.Due) {
			return Event{}, web.FieldErrors{{Field: "n", Key: "deadline.error.not_longer", Args: []any{d.Due.String()}}}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deadlines SET rule_n = ?, rule_unit = ?, due_date = ? WHERE id = ?`,
			rule.N, rule.Unit.String(), ex.Due.String(), d.ID); err != nil {
			return Event{}, err
		}
		return Event{Kind: "extend", Reason: strings.TrimSpace(f.Reason), DueBefore: d.Due.String(), DueAfter: ex.Due.String()}, nil
	})
}

// Pause stops the clock while the institution waits for the person (for
// example for a missing document), with the reason.
func (s *Service) Pause(ctx context.Context, by actor.Actor, id, version int64, reason string) error {
	today := s.Today()
	return s.change(ctx, by, id, version, func(tx *store.Tx, d *Deadline) (Event, error) {
		if strings.TrimSpace(reason) == "" {
			return Event{}, web.FieldErrors{{Field: "pause_reason", Key: "deadline.error.reason_required"}}
		}
		if d.Paused() || d.State != Open {
			return Event{}, store.ErrConflict
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deadlines SET paused_since = ? WHERE id = ?`, today.String(), d.ID); err != nil {
			return Event{}, err
		}
		return Event{Kind: "pause", Reason: strings.TrimSpace(reason), DueBefore: d.Due.String()}, nil
	})
}

// Resume starts the clock again; the due date moves on by the days it was
// stopped.
func (s *Service) Resume(ctx context.Context, by actor.Actor, id, version int64) error {
	today := s.Today()
	return s.change(ctx, by, id, version, func(tx *store.Tx, d *Deadline) (Event, error) {
		if !d.Paused() {
			return Event{}, store.ErrConflict
		}
		cal, err := calendarIn(ctx, tx)
		if err != nil {
			return Event{}, err
		}
		days := d.PausedSince.DaysUntil(today)
		ex, err := Compute(cal, d.StartDate, d.Rule, d.PausedDays+days)
		if err != nil {
			return Event{}, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deadlines SET paused_since = NULL, paused_days = ?, due_date = ? WHERE id = ?`,
			d.PausedDays+days, ex.Due.String(), d.ID); err != nil {
			return Event{}, err
		}
		return Event{Kind: "resume", Days: days, DueBefore: d.Due.String(), DueAfter: ex.Due.String()}, nil
	})
}

// change runs one staff step on an open deadline: the check that by may
// act on it, the update, its event, the audit entry and the notice to the
// person concerned, in one transaction.
func (s *Service) change(ctx context.Context, by actor.Actor, id, version int64, step func(tx *store.Tx, d *Deadline) (Event, error)) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		d, err := s.find(ctx, tx, by, id)
		if err != nil {
			return err
		}
		if !s.CanAct(by, d) {
			return web.ErrForbidden
		}
		if d.Version != version || d.State != Open {
			return store.ErrConflict
		}
		e, err := step(tx, d)
		if err != nil {
			return err
		}
		if err := tx.ExecOne(ctx, `UPDATE deadlines SET updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			store.Millis(tx.Now), d.ID, d.Version); err != nil {
			return err
		}
		e.ActorName = by.Name
		if err := addEvent(ctx, tx, d.ID, e); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: d.InstitutionID, Actor: by, Action: "deadline." + e.Kind,
			ObjectType: "deadline", ObjectID: d.ID, Summary: summaryOf(d, e),
			Before: map[string]string{"due": e.DueBefore}, After: map[string]string{"due": e.DueAfter, "reason": e.Reason}}); err != nil {
			return err
		}
		return s.notifyPerson(ctx, tx, d, e)
	})
}

func summaryOf(d *Deadline, e Event) string {
	switch e.Kind {
	case "extend":
		return fmt.Sprintf("Terminas „%s“ pratęstas iki %s: %s", d.Title, e.DueAfter, e.Reason)
	case "pause":
		return fmt.Sprintf("Terminas „%s“ sustabdytas: %s", d.Title, e.Reason)
	case "resume":
		return fmt.Sprintf("Terminas „%s“ vėl skaičiuojamas po %d d. pertraukos, baigiasi %s", d.Title, e.Days, e.DueAfter)
	}
	return fmt.Sprintf("Terminas „%s“: %s", d.Title, e.Kind)
}

// Get returns the deadline id for a to read: store.ErrNotFound when it is
// not there or not theirs to see, so that its existence is not told.
func (s *Service) Get(ctx context.Context, a actor.Actor, id int64) (*Deadline, error) {
	return s.find(ctx, s.db, a, id)
}

func (s *Service) find(ctx context.Context, q store.Queryer, a actor.Actor, id int64) (*Deadline, error) {
	d, err := Find(ctx, q, a.InstitutionID, id)
	if err != nil {
		return nil, err
	}
	if !s.CanSee(a, d) {
		return nil, store.ErrNotFound
	}
	return d, nil
}

// List is the "Terminai" page's list for a: only deadlines CanSee admits.
func (s *Service) List(ctx context.Context, a actor.Actor, f Filter) ([]*Deadline, int, error) {
	if !a.IsStaff() {
		return nil, 0, web.ErrForbidden
	}
	f.InstitutionID = a.InstitutionID
	f.visible, f.visibleArgs = s.visibleTo(a)
	return FindAll(ctx, s.db, f)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Close ends, inside the caller's transaction, the subject's open deadlines
// of module that no longer apply (the page left the site), with the reason.
// They count as met: nothing is owed any more.
func (s *Service) Close(ctx context.Context, tx *store.Tx, by actor.Actor, module, subjectType string, subjectID int64, reason string) error {
	open, err := list(ctx, tx, `SELECT `+columns+joins+` WHERE d.module = ? AND d.subject_type = ? AND d.subject_id = ? AND d.state = 'open'`,
		module, subjectType, subjectID)
	if err != nil {
		return err
	}
	for _, d := range open {
		if err := tx.ExecOne(ctx, `UPDATE deadlines SET state = 'met', met_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			store.Millis(tx.Now), store.Millis(tx.Now), d.ID, d.Version); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, d.ID, Event{Kind: "closed", ActorName: by.Name, Reason: reason, DueBefore: d.Due.String()}); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: d.InstitutionID, Actor: by, Action: "deadline.closed",
			ObjectType: "deadline", ObjectID: d.ID, Summary: fmt.Sprintf("Terminas „%s“ baigtas: %s", d.Title, reason),
			After: map[string]string{"reason": reason}}); err != nil {
			return err
		}
	}
	return nil
}
