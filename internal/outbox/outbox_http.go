package outbox

import (
	"embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler serves the administrators' view of the outbox, limited to the
// request's institution.
type Handler struct {
	db     *store.DB
	render *web.Renderer
	from   string
}

// NewHandler builds the handler and registers its templates; from is the
// sender address, shown in headers and in downloaded messages.
func NewHandler(db *store.DB, rd *web.Renderer, from string) *Handler {
	rd.Add(templateFiles, "templates/outbox_*.html")
	return &Handler{db: db, render: rd, from: from}
}

// Routes registers the pages; guard lets through the staff CanManage admits.
func (h *Handler) Routes(mux *web.Mux, guard web.Guard) {
	admin := guard(CanManage)
	mux.Handle("GET /admin/outbox", admin(http.HandlerFunc(h.list)))
	// {id} is also "{id}.eml": a wildcard must be a whole path segment.
	mux.Handle("GET /admin/outbox/{id}", admin(http.HandlerFunc(h.show)))
	mux.Handle("POST /admin/outbox/{id}/retry", admin(http.HandlerFunc(h.retry)))
}

type listPage struct {
	web.Page
	Tabs   []web.NavItem
	State  State
	Rows   []messageView
	Total  int
	Failed int // failed messages, announced unless already listed
	Pager  web.Pager
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	in := institution.FromContext(r.Context())
	if a, ok := actor.From(r.Context()); !ok || !CanManage(a) || in == nil || a.InstitutionID != in.ID {
		h.render.Error(w, r, web.ErrForbidden)
		return
	}
	q := r.URL.Query()
	state := State(q.Get("busena"))
	if state != "" && !validState(state) {
		h.render.NotFound(w, r)
		return
	}
	page, offset := web.PageNumber(q)
	msgs, total, err := Find(r.Context(), h.db, Filter{InstitutionID: in.ID, State: state, Offset: offset, Limit: web.PerPage})
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	d := &listPage{Page: web.StaffPage(w, r, "outbox.title"), State: state, Total: total}
	for _, m := range msgs {
		d.Rows = append(d.Rows, view(m))
	}
	if state != StateFailed {
		if d.Failed, err = CountFailed(r.Context(), h.db, in.ID); err != nil {
			h.render.Error(w, r, err)
			return
		}
	}
	d.Tabs = append(d.Tabs, web.NavItem{Title: d.T("outbox.filter.all"), URL: "/admin/outbox", Current: state == ""})
	for _, s := range States {
		d.Tabs = append(d.Tabs, web.NavItem{Title: d.T(s.Label()), URL: "/admin/outbox?busena=" + string(s), Current: s == state})
	}
	d.Pager = web.NewPager(&d.Page, "/admin/outbox", q, page, total)
	h.render.Render(w, r, http.StatusOK, "outbox_list", d)
}

func validState(s State) bool {
	for _, v := range States {
		if v == s {
			return true
		}
	}
	return false
}

// messageView is a message with how its state is shown: a catalogue key
// and a tag style (the words carry the meaning; colour only repeats it).
type messageView struct {
	*Message
	StateKey, Tag string
}

func view(m *Message) messageView {
	v := messageView{Message: m, StateKey: m.State.Label(), Tag: "sv-tag--review"}
	switch {
	case m.Unconfirmed():
		v.StateKey = "outbox.unconfirmed"
	case m.State == StateSent:
		v.Tag = "sv-tag--published"
	case m.State == StateFailed:
		v.Tag = "sv-tag--returned"
	}
	return v
}

type messagePage struct {
	web.Page
	M        messageView
	From     string // the From header, readable
	FileName string
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	raw, eml := strings.CutSuffix(r.PathValue("id"), ".eml")
	m, err := h.find(r, raw)
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	if eml {
		hd := w.Header()
		hd.Set("Content-Type", "message/rfc822")
		hd.Set("Content-Disposition", `attachment; filename="`+FileName(m)+`"`)
		hd.Set("Cache-Control", "no-store")
		_, _ = w.Write(m.Bytes(h.from))
		return
	}
	d := &messagePage{Page: web.StaffPage(w, r, ""), M: view(m), FileName: FileName(m)}
	d.Title = d.T("outbox.message.title", m.Subject)
	d.From = h.from
	if m.FromName != "" {
		d.From = fmt.Sprintf("%s <%s>", m.FromName, h.from)
	}
	h.render.Render(w, r, http.StatusOK, "outbox_message", d)
}

func (h *Handler) retry(w http.ResponseWriter, r *http.Request) {
	m, err := h.find(r, r.PathValue("id"))
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	by, ok := h.render.Actor(w, r)
	if !ok {
		return
	}
	err = Retry(r.Context(), h.db, by, m.InstitutionID, m.ID)
	h.render.Finish(w, r, err, "outbox.retry.done", "/admin/outbox/"+strconv.FormatInt(m.ID, 10), nil)
}

// CanManage: the institution's administrators read its outgoing mail (it
// holds residents' addresses) and retry what failed.
func CanManage(a actor.Actor) bool { return a.IsStaff(actor.RoleAdmin) }

// find reads the message named in the path, if it is the request's
// institution's and the actor may read it.
func (h *Handler) find(r *http.Request, rawID string) (*Message, error) {
	in := institution.FromContext(r.Context())
	if a, ok := actor.From(r.Context()); !ok || !CanManage(a) || in == nil || a.InstitutionID != in.ID {
		return nil, web.ErrForbidden
	}
	id, ok := web.ParseID(rawID)
	if !ok {
		return nil, store.ErrNotFound
	}
	return FindMessage(r.Context(), h.db, in.ID, id)
}
