package feedback

import (
	"cmp"
	"context"
	"net/http"
	"slices"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

// QueuePath is the staff queue.
const QueuePath = "/admin/prieinamumas/atsiliepimai"

// Row is an item as the queue shows it.
type Row struct {
	*Item
	Urgency deadline.Urgency
}

type queuePage struct {
	web.Page
	Rows                  []Row
	Pager                 web.Pager
	State, Kind, Order    string
	States, Kinds, Orders []web.Option
	DueSoon               int
}

// allStates is the filter value that lists items in every state.
const allStates = "visos"

// handleQueue lists the items: by default the new ones, the soonest due
// first, each with its due date marked in words when it is near or past.
func (s *Service) handleQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if !s.handler(w, r) {
		return
	}
	q := r.URL.Query()
	page, offset := web.PageNumber(q)
	d := &queuePage{Page: web.StaffPage(w, r, "feedback.queue.title"), State: q.Get("busena"), Kind: q.Get("rusis"),
		Order: q.Get("tvarka"), DueSoon: s.deadlines.DueSoon}
	if d.State != allStates && !slices.Contains(States, State(d.State)) {
		d.State = string(New)
	}
	if !Kind(d.Kind).Valid() {
		d.Kind = ""
	}
	if Order(d.Order) != Newest {
		d.Order = string(SoonestDue)
	}
	f := Filter{InstitutionID: institution.FromContext(ctx).ID, Kind: Kind(d.Kind), Order: Order(d.Order), Offset: offset, Limit: web.PerPage}
	if d.State != allStates {
		f.State = State(d.State)
	}
	items, total, err := FindAll(ctx, s.db, f)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	if d.Rows, err = s.rows(ctx, items); err != nil {
		s.render.Error(w, r, err)
		return
	}
	d.Pager = web.NewPager(&d.Page, QueuePath, q, page, total)
	for _, st := range States {
		d.States = append(d.States, web.Option{Value: string(st), Label: d.T(st.Label())})
	}
	d.States = append(d.States, web.Option{Value: allStates, Label: d.T("feedback.filter.all_states")})
	d.Kinds = []web.Option{{Value: "", Label: d.T("feedback.filter.all_kinds")}}
	for _, k := range Kinds {
		d.Kinds = append(d.Kinds, web.Option{Value: string(k), Label: d.T(k.Label())})
	}
	d.Orders = []web.Option{{Value: string(SoonestDue), Label: d.T("feedback.order.due")}, {Value: string(Newest), Label: d.T("feedback.order.newest")}}
	s.render.Render(w, r, http.StatusOK, "feedback_queue", d)
}

// rows adds how urgent each new item's deadline is today.
func (s *Service) rows(ctx context.Context, items []*Item) ([]Row, error) {
	cal, err := s.deadlines.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := s.deadlines.Today()
	out := make([]Row, 0, len(items))
	for _, it := range items {
		row := Row{Item: it, Urgency: deadline.OnTrack}
		if it.Open() && it.DeadlineID != 0 {
			dl := &deadline.Deadline{State: it.DeadlineState, Due: it.Due}
			row.Urgency = dl.UrgencyOn(cal, today, s.deadlines.DueSoon)
		}
		out = append(out, row)
	}
	return out, nil
}

type itemPage struct {
	web.Page
	Row         Row
	Deadline    *deadline.Deadline
	Explanation string
	Format      string
	History     []audit.Entry
	Form        struct {
		Answer, Reason string
		Version        int64
	}
}

func (s *Service) handleItem(w http.ResponseWriter, r *http.Request) {
	s.renderItem(w, r, http.StatusOK, &itemPage{Page: web.StaffPage(w, r, "feedback.item.title")})
}

// renderItem shows an item with its deadline, how the due date was
// computed, its history, and the forms to answer or close it.
func (s *Service) renderItem(w http.ResponseWriter, r *http.Request, status int, d *itemPage) {
	ctx := r.Context()
	if !s.handler(w, r) {
		return
	}
	in := institution.FromContext(ctx)
	id, err := web.PathID(r, "id")
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	it, err := Find(ctx, s.db, in.ID, id)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	rows, err := s.rows(ctx, []*Item{it})
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d.Row, d.Format = rows[0], FormatLabel(d.Lang, it.Format, it.FormatOther)
	d.Title = d.T("feedback.item.heading."+string(it.Kind), it.Number)
	if d.Form.Version == 0 {
		d.Form.Version = it.Version
	}
	if it.DeadlineID != 0 {
		if d.Deadline, err = deadline.Find(ctx, s.db, in.ID, it.DeadlineID); err != nil {
			s.render.Error(w, r, err)
			return
		}
		cal, err := s.deadlines.Calendar(ctx)
		if err != nil {
			s.render.Error(w, r, err)
			return
		}
		if ex, err := deadline.Compute(cal, d.Deadline.StartDate, d.Deadline.Rule, d.Deadline.PausedDays); err == nil {
			d.Explanation = ex.Text(d.Lang)
		}
	}
	if d.History, err = s.history(ctx, in.ID, it); err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.render.Render(w, r, status, "feedback_item", d)
}

// history is the audit trail of the item and of its deadline, oldest first.
func (s *Service) history(ctx context.Context, institutionID int64, it *Item) ([]audit.Entry, error) {
	entries, _, err := audit.Find(ctx, s.db, audit.Filter{InstitutionID: institutionID, ObjectType: SubjectType, ObjectID: it.ID, Limit: 200})
	if err != nil {
		return nil, err
	}
	if it.DeadlineID != 0 {
		more, _, err := audit.Find(ctx, s.db, audit.Filter{InstitutionID: institutionID, ObjectType: "deadline", ObjectID: it.DeadlineID, Limit: 200})
		if err != nil {
			return nil, err
		}
		entries = append(entries, more...)
	}
	slices.SortFunc(entries, func(a, b audit.Entry) int { return cmp.Compare(a.Seq, b.Seq) })
	return entries, nil
}

// step runs a staff action on the item in the URL as the logged-in user.
func (s *Service) step(w http.ResponseWriter, r *http.Request, flash string,
	run func(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64) error) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	version := web.FormID(r.PostFormValue("version"))
	err := run(ctx, by, institution.FromContext(ctx), id, version)
	s.render.Finish(w, r, err, flash, StaffLink(id), func(fe web.FieldErrors) {
		d := &itemPage{Page: web.StaffPage(w, r, "feedback.item.title")}
		d.Errors = fe
		d.Form.Answer, d.Form.Reason, d.Form.Version = r.PostFormValue("answer"), r.PostFormValue("reason"), version
		s.renderItem(w, r, http.StatusUnprocessableEntity, d)
	})
}

func (s *Service) handleAnswer(w http.ResponseWriter, r *http.Request) {
	s.step(w, r, "feedback.flash.answered", func(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64) error {
		return s.Answer(ctx, by, in, id, AnswerForm{Answer: r.PostFormValue("answer"), Version: version})
	})
}

func (s *Service) handleClose(w http.ResponseWriter, r *http.Request) {
	s.step(w, r, "feedback.flash.closed", func(ctx context.Context, by actor.Actor, in *institution.Institution, id, version int64) error {
		return s.Close(ctx, by, in, id, CloseForm{Reason: r.PostFormValue("reason"), Version: version})
	})
}

// handler checks, whatever guarded the route, that the request's actor may
// read the queue of the request's institution; else it answers 403.
func (s *Service) handler(w http.ResponseWriter, r *http.Request) bool {
	a, ok := s.render.Actor(w, r)
	if !ok {
		return false
	}
	if err := mayHandle(a, institution.FromContext(r.Context())); err != nil {
		s.render.Error(w, r, err)
		return false
	}
	return true
}
