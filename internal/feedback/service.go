package feedback

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Service is the feedback channel.
type Service struct {
	db        *store.DB
	render    *web.Renderer
	deadlines *deadline.Service
	// Limit submissions per Window from one client; see takeSlot.
	Limit  int
	Window time.Duration
}

// NewService builds the service and registers its page templates (rd may
// be nil for work without pages, such as seeding the demo).
func NewService(db *store.DB, rd *web.Renderer, deadlines *deadline.Service) *Service {
	if rd != nil {
		rd.Add(templateFiles, "templates/*.html")
	}
	for _, m := range []string{ModuleFeedback, ModuleAlternative} {
		deadlines.Handle(m, deadline.Handlers{Roles: handlerRoles})
	}
	return &Service{db: db, render: rd, deadlines: deadlines, Limit: DefaultLimit, Window: DefaultWindow}
}

// handlerRoles answer accessibility feedback besides administrators: the
// reception editor, who takes in what residents send (WEB-36).
var handlerRoles = []actor.Role{actor.RoleReception}

// CanHandle: administrators and the reception editor read and answer the
// feedback queue; items hold residents' names and addresses.
func CanHandle(a actor.Actor) bool { return a.IsStaff(actor.RoleAdmin) || a.IsStaff(handlerRoles...) }

// mayHandle refuses anyone CanHandle does not admit in institution in.
func mayHandle(by actor.Actor, in *institution.Institution) error {
	if !CanHandle(by) || in == nil || by.InstitutionID != in.ID {
		return web.ErrForbidden
	}
	return nil
}

// ErrDiscarded: the honeypot was filled in, so a bot sent the form. Nothing
// is stored; the bot is answered as if it had succeeded.
var ErrDiscarded = errors.New("feedback discarded: honeypot filled")

// visitor is the audit trail's actor for what arrives through the public
// form. The person's name is not recorded there: the audit trail is
// append-only, and personal data must stay erasable.
const visitorName = "Lankytojas (viešoji forma)"

// Sender is who submits a form: Client is their network address for the
// rate limit, Lang the language they are answered in.
type Sender struct {
	Client, Lang string
}

// Submit registers a visitor's item: it takes a registration number, opens
// the deadline, records it in the audit trail and queues the
// acknowledgement email, in one transaction. It returns web.FieldErrors for
// invalid input, *LimitError when the client has sent too much, and
// ErrDiscarded when the honeypot was filled in.
func (s *Service) Submit(ctx context.Context, in *institution.Institution, f Form, from Sender) (*Item, error) {
	if f.Website != "" {
		if err := s.purgeRates(ctx); err != nil {
			return nil, err
		}
		err := s.db.InTx(ctx, func(tx *store.Tx) error { return s.takeSlot(ctx, tx, from.Client) })
		var limited *LimitError
		if err != nil && !errors.As(err, &limited) {
			return nil, err
		}
		return nil, ErrDiscarded
	}
	f.normalize()
	if fe := f.Validate(in.SiteHosts()); len(fe) > 0 {
		return nil, fe
	}
	if err := s.purgeRates(ctx); err != nil {
		return nil, err
	}
	var it *Item
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := s.takeSlot(ctx, tx, from.Client); err != nil {
			return err
		}
		var err error
		it, err = s.register(ctx, tx, in, f, i18n.Normalize(from.Lang), tx.Now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// register stores a valid form received at, opens its deadline, audits it
// and queues the acknowledgement, in the caller's transaction.
func (s *Service) register(ctx context.Context, tx *store.Tx, in *institution.Institution, f Form, lang string, at time.Time) (*Item, error) {
	number, err := nextNumber(ctx, tx, in.ID, calendar.DateOf(at, web.Vilnius).Year)
	if err != nil {
		return nil, err
	}
	it := &Item{InstitutionID: in.ID, Number: number, Receipt: newReceipt(), Kind: Kind(f.Kind), PageAddress: f.PageAddress,
		Description: f.Description, Format: f.Format, FormatOther: f.FormatOther, Name: f.Name, Email: f.Email,
		Phone: f.Phone, Lang: lang, CreatedAt: at, State: New, Version: 1}
	if err := insert(ctx, tx, it); err != nil {
		return nil, err
	}
	visitor := actor.NewVisitor(visitorName, in.ID)
	responsible, err := statementResponsible(ctx, tx, in.ID)
	if err != nil {
		return nil, err
	}
	d, err := s.deadlines.Open(ctx, tx, visitor, deadline.Spec{InstitutionID: in.ID, Module: it.Kind.Module(), SubjectType: SubjectType,
		SubjectID: it.ID, Title: it.Title(), Link: StaffLink(it.ID), Start: at, Rule: it.Kind.Term(), ResponsibleID: responsible,
		Person: deadline.Person{Name: it.Name, Email: it.Email, Lang: it.Lang}})
	if err != nil {
		return nil, fmt.Errorf("open deadline of %s: %w", it.Number, err)
	}
	if err := setDeadline(ctx, tx, it.ID, d.ID); err != nil {
		return nil, err
	}
	it.DeadlineID, it.Due, it.DeadlineState = d.ID, d.Due, d.State
	if err := audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: visitor, Action: "accessibility.feedback.submit",
		ObjectType: SubjectType, ObjectID: it.ID, Summary: fmt.Sprintf("Užregistruota: %s; atsakyti iki %s", it.Title(), d.Due),
		After: map[string]string{"number": it.Number, "kind": string(it.Kind), "due": d.Due.String()}}); err != nil {
		return nil, err
	}
	if err := acknowledge(ctx, tx, in, it); err != nil {
		return nil, err
	}
	return it, nil
}

// Answer sends staff's answer to the person and records it: the answer,
// who and when, the item answered, its deadline met, an audit entry and
// the email, in one transaction. A stale form (version) or an item no
// longer new is store.ErrConflict and changes nothing; another
// institution's item is store.ErrNotFound.
func (s *Service) Answer(ctx context.Context, by actor.Actor, in *institution.Institution, id int64, f AnswerForm) error {
	return s.settle(ctx, by, in, id, f.Version, f.validate(), func(tx *store.Tx, it *Item) error {
		if err := markAnswered(ctx, tx, it, f.Answer, by.ID); err != nil {
			return err
		}
		if err := s.deadlines.Meet(ctx, tx, by, it.Kind.Module(), SubjectType, it.ID); err != nil {
			return fmt.Errorf("meet deadline of %s: %w", it.Number, err)
		}
		if err := audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: by, Action: "accessibility.feedback.answer",
			ObjectType: SubjectType, ObjectID: it.ID, Summary: it.Title() + ": išsiųstas atsakymas",
			Before: map[string]string{"state": string(New)}, After: map[string]string{"state": string(Answered)}}); err != nil {
			return err
		}
		return sendAnswer(ctx, tx, in, it, f.Answer)
	})
}

// Close closes an item without an answer (a duplicate, say), with the
// reason. The person is not written to; the deadline ends with the same
// reason. Errors as for Answer.
func (s *Service) Close(ctx context.Context, by actor.Actor, in *institution.Institution, id int64, f CloseForm) error {
	return s.settle(ctx, by, in, id, f.Version, f.validate(), func(tx *store.Tx, it *Item) error {
		if err := markClosed(ctx, tx, it, f.Reason, by.ID); err != nil {
			return err
		}
		if err := s.deadlines.Close(ctx, tx, by, it.Kind.Module(), SubjectType, it.ID, f.Reason); err != nil {
			return fmt.Errorf("close deadline of %s: %w", it.Number, err)
		}
		return audit.Record(ctx, tx, audit.Change{InstitutionID: in.ID, Actor: by, Action: "accessibility.feedback.close",
			ObjectType: SubjectType, ObjectID: it.ID, Summary: fmt.Sprintf("%s: uždaryta be atsakymo. Priežastis: %s", it.Title(), f.Reason),
			Before: map[string]string{"state": string(New)}, After: map[string]string{"state": string(Closed), "reason": f.Reason}})
	})
}

// settle runs one staff step on an item in one transaction: the actor's
// right, the item loaded, the form's mistakes (fe) refused, then step on
// the item as the form saw it (version).
func (s *Service) settle(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64,
	fe web.FieldErrors, step func(tx *store.Tx, it *Item) error) error {
	if err := mayHandle(by, in); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		it, err := Find(ctx, tx, in.ID, id)
		if err != nil {
			return err
		}
		if len(fe) > 0 {
			return fe
		}
		it.Version = version
		return step(tx, it)
	})
}

// StaffLink is the staff page of an item.
func StaffLink(id int64) string {
	return "/admin/prieinamumas/atsiliepimai/" + strconv.FormatInt(id, 10)
}

// statementResponsible is who answers accessibility feedback: the employee
// responsible for the accessibility statement (the administrator who last
// reviewed it), else nobody in person, and the reception editors get the
// reminders (deadline recipients).
func statementResponsible(ctx context.Context, tx *store.Tx, institutionID int64) (int64, error) {
	var id sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT s.reviewed_by FROM accessibility_statements s JOIN users u ON u.id = s.reviewed_by
		WHERE s.institution_id = ? AND u.active = ?`, institutionID, true).Scan(&id)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("find the statement's responsible employee: %w", err)
	}
	return id.Int64, nil
}
