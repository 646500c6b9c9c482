package audit

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handler serves the administrators' view of the audit trail and its CSV
// export, limited to the request's institution.
type Handler struct {
	db     *store.DB
	render *web.Renderer
}

// NewHandler builds the handler and registers its templates.
func NewHandler(db *store.DB, rd *web.Renderer) *Handler {
	rd.Add(templateFiles, "templates/*.html")
	return &Handler{db: db, render: rd}
}

// Routes registers the pages; guard lets through the staff CanRead admits.
func (h *Handler) Routes(mux *web.Mux, guard web.Guard) {
	read := guard(CanRead)
	mux.Handle("GET /admin/audit", read(http.HandlerFunc(h.list)))
	mux.Handle("GET /admin/audit.csv", read(http.HandlerFunc(h.export)))
}

// CanRead: the trail is read by the institution's administrators (WEB-24).
func CanRead(a actor.Actor) bool { return a.IsStaff(actor.RoleAdmin) }

// reader checks, whatever guarded the route, that the request's actor may
// read the trail, and returns the one institution whose entries they see.
func (h *Handler) reader(w http.ResponseWriter, r *http.Request) (int64, bool) {
	a, ok := h.render.Actor(w, r)
	if !ok {
		return 0, false
	}
	if !CanRead(a) || a.InstitutionID == 0 {
		h.render.Error(w, r, web.ErrForbidden)
		return 0, false
	}
	return a.InstitutionID, true
}

// filterForm is the filter as typed, kept verbatim so that a mistake can be
// shown next to what the person wrote.
type filterForm struct {
	Actor, Action, ObjectType, ObjectID, From, To string
}

func readFilterForm(q url.Values) filterForm {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	return filterForm{Actor: get("actor"), Action: get("action"), ObjectType: get("object_type"),
		ObjectID: get("object_id"), From: get("from"), To: get("to")}
}

// query is the form as URL parameters, for links that keep the filter.
func (f filterForm) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"actor": f.Actor, "action": f.Action, "object_type": f.ObjectType,
		"object_id": f.ObjectID, "from": f.From, "to": f.To} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// filter turns the form into a Filter for institutionID. Dates are calendar
// days in Vilnius, and "to" includes its whole day.
func (f filterForm) filter(institutionID int64) (Filter, web.FieldErrors) {
	var fe web.FieldErrors
	flt := Filter{InstitutionID: institutionID, Actor: f.Actor, Action: f.Action, ObjectType: f.ObjectType}
	if f.ObjectID != "" {
		id, ok := web.ParseID(f.ObjectID)
		if !ok {
			fe.Add("object_id", "audit.error.object_id")
		}
		flt.ObjectID = id
	}
	day := func(field, s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", s, web.Vilnius)
		if err != nil {
			fe.Add(field, "audit.error.date."+field)
		}
		return t
	}
	flt.From = day("from", f.From)
	if to := day("to", f.To); !to.IsZero() {
		flt.To = to.AddDate(0, 0, 1)
	}
	if fe == nil && !flt.From.IsZero() && !flt.To.IsZero() && !flt.From.Before(flt.To) {
		fe.Add("to", "audit.error.date_order")
	}
	return flt, fe
}

type listPage struct {
	web.Page
	Form          filterForm
	ActionOptions []web.Option
	ObjectOptions []web.Option
	Entries       []entryView
	Total         int
	Pager         web.Pager
	CSVURL        string
}

type entryView struct {
	Entry
	Time                  string
	ActionLabel           string // the action in words; the code stays in the CSV
	ObjectLabel           string
	BeforeJSON, AfterJSON string
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	instID, ok := h.reader(w, r)
	if !ok {
		return
	}
	d, err := h.newListPage(r, readFilterForm(r.URL.Query()))
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	flt, fe := d.Form.filter(instID)
	if fe != nil {
		d.Errors = fe
		h.render.Render(w, r, http.StatusUnprocessableEntity, "audit_list", d)
		return
	}
	page, offset := web.PageNumber(r.URL.Query())
	flt.Offset, flt.Limit = offset, web.PerPage
	entries, total, err := Find(r.Context(), h.db, flt)
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	for _, e := range entries {
		d.Entries = append(d.Entries, entryView{Entry: e, Time: web.FormatDateTime(e.At),
			ActionLabel: ActionLabel(d.Lang, e.Action), ObjectLabel: ObjectLabel(d.Lang, e.ObjectType),
			BeforeJSON: readableJSON(d.Lang, e.Before), AfterJSON: readableJSON(d.Lang, e.After)})
	}
	q := d.Form.query()
	d.Total = total
	d.Pager = web.NewPager(&d.Page, "/admin/audit", q, page, total)
	d.CSVURL = "/admin/audit.csv"
	if len(q) > 0 {
		d.CSVURL += "?" + q.Encode()
	}
	h.render.Render(w, r, http.StatusOK, "audit_list", d)
}

func (h *Handler) newListPage(r *http.Request, form filterForm) (*listPage, error) {
	d := &listPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true}, Form: form}
	d.Title = d.T("audit.title")
	actions, err := Actions(r.Context(), h.db)
	if err != nil {
		return nil, err
	}
	d.ActionOptions = codeOptions(d.T("audit.filter.action.all"), actions, form.Action, func(c string) string { return ActionLabel(d.Lang, c) })
	d.ObjectOptions = codeOptions(d.T("audit.filter.object_type.all"), ObjectTypes(), form.ObjectType, func(c string) string { return ObjectLabel(d.Lang, c) })
	return d, nil
}

// codeOptions lists codes by their labels, keeping a typed one that is not
// (or no longer) among them so the form shows what was asked for.
func codeOptions(all string, codes []string, current string, label func(string) string) []web.Option {
	opts := []web.Option{{Value: "", Label: all}}
	found := current == ""
	for _, c := range codes {
		opts = append(opts, web.Option{Value: c, Label: label(c)})
		found = found || c == current
	}
	if !found {
		opts = append(opts, web.Option{Value: current, Label: current})
	}
	sort.SliceStable(opts[1:], func(i, j int) bool { return opts[1+i].Label < opts[1+j].Label })
	return opts
}

// readableJSON indents a before/after snapshot for reading, with the terms
// in it ("3 working-days") written in words of lang; anything that is not
// JSON is shown as stored.
func readableJSON(lang, s string) string {
	var v map[string]any
	if json.Unmarshal([]byte(s), &v) == nil {
		for k, x := range v {
			if str, ok := x.(string); ok {
				if words, ok := calendar.ReadableTerm(lang, str); ok {
					v[k] = words
				}
			}
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // the template escapes; "<" stays readable
		enc.SetIndent("", "  ")
		if enc.Encode(v) == nil {
			return strings.TrimSuffix(b.String(), "\n")
		}
	}
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
		return s
	}
	return b.String()
}

// export writes every entry matching the filter as CSV, for archiving or a
// spreadsheet.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	instID, ok := h.reader(w, r)
	if !ok {
		return
	}
	form := readFilterForm(r.URL.Query())
	flt, fe := form.filter(instID)
	if fe != nil {
		// The form page explains the mistake; a CSV could not.
		d, err := h.newListPage(r, form)
		if err != nil {
			h.render.Error(w, r, err)
			return
		}
		d.Errors = fe
		h.render.Render(w, r, http.StatusUnprocessableEntity, "audit_list", d)
		return
	}
	p := &web.Page{Lang: web.LangFrom(r)}
	hd := w.Header()
	hd.Set("Content-Type", "text/csv; charset=utf-8")
	hd.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="audit-%s.csv"`, h.db.Now().In(web.Vilnius).Format("2006-01-02")))
	hd.Set("Cache-Control", "no-store")
	// A byte order mark makes spreadsheet programs read the file as UTF-8,
	// so Lithuanian letters survive; a semicolon separates the columns, as
	// spreadsheets set up for Lithuanian (decimal comma) expect. The codes
	// stay beside their labels for programs that read the file.
	_, _ = w.Write([]byte("\uFEFF"))
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	header := []string{"seq", "time", "actor_id", "actor", "action_label", "action", "object_type_label", "object_type", "object_id",
		"summary", "before", "after", "prev_hash", "hash"}
	for i, k := range header {
		header[i] = p.T("audit.csv." + k)
	}
	_ = cw.Write(header)
	err := Walk(r.Context(), h.db, flt, func(e Entry) error {
		return cw.Write([]string{
			strconv.FormatInt(e.Seq, 10), e.At.In(web.Vilnius).Format("2006-01-02 15:04:05"),
			strconv.FormatInt(e.Actor.ID, 10), cell(e.Actor.Name), ActionLabel(p.Lang, e.Action), e.Action,
			ObjectLabel(p.Lang, e.ObjectType), cell(e.ObjectType),
			strconv.FormatInt(e.ObjectID, 10), cell(e.Summary), e.Before, e.After, e.PrevHash, e.Hash,
		})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err != nil {
		// The status is already sent; a cut-off file is the most we can
		// signal, and the log says why.
		slog.ErrorContext(r.Context(), "export audit trail", "err", err)
	}
}

// cell neutralises text a spreadsheet would run as a formula (CSV
// injection): summaries and names may hold anything a person typed.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
