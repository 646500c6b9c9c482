package holidays

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/web"
)

// addForm is the add form as typed, kept verbatim so a mistake can be
// shown next to what the person wrote.
type addForm struct {
	Date, Name, Basis string
}

type listPage struct {
	web.Page
	Year        int
	YearOptions []web.Option
	PrevURL     string
	NextURL     string
	Rows        []dayRow
	Form        addForm
	// ReadOnly: the viewer may not change the days off here, and the page
	// says who does.
	ReadOnly bool
}

// dayRow is one line of the year's list: a public holiday of the law, or
// an extra day with its remove button.
type dayRow struct {
	Date, Weekday string
	Name          string
	NameLang      string // set when the name is not in the page's language
	Basis         string
	Extra         bool
	ID            int64
}

// yearURL is the page for year.
func yearURL(year int) string {
	return "/admin/calendar?" + url.Values{"year": {strconv.Itoa(year)}}.Encode()
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	a, ok := h.render.Actor(w, r)
	if !ok {
		return
	}
	year := calendar.DateOf(h.db.Now(), web.Vilnius).Year
	var fe web.FieldErrors
	if s := strings.TrimSpace(r.URL.Query().Get("year")); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < calendar.FirstYear || y > calendar.LastYear {
			fe.Add("year", "holidays.error.year", calendar.FirstYear, calendar.LastYear)
		} else {
			year = y
		}
	}
	status := http.StatusOK
	if fe != nil {
		status = http.StatusUnprocessableEntity
	}
	h.renderList(w, r, a, status, year, addForm{}, fe)
}

// renderList shows year's days with the add form as typed.
func (h *Handler) renderList(w http.ResponseWriter, r *http.Request, a actor.Actor, status, year int, form addForm, fe web.FieldErrors) {
	may, err := h.svc.MayChange(r.Context(), a)
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	d := &listPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true, Errors: fe}, Year: year, Form: form, ReadOnly: !may}
	d.Title = d.T("holidays.title")
	if status == http.StatusOK {
		d.Flash = web.TakeFlash(w, r)
	}
	for y := calendar.FirstYear; y <= calendar.LastYear; y++ {
		d.YearOptions = append(d.YearOptions, web.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	if year > calendar.FirstYear {
		d.PrevURL = yearURL(year - 1)
	}
	if year < calendar.LastYear {
		d.NextURL = yearURL(year + 1)
	}
	extra, err := List(r.Context(), h.db, year)
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	for _, hol := range calendar.New().Holidays(year) {
		d.Rows = append(d.Rows, d.row(hol))
	}
	for _, x := range extra {
		row := d.row(x.Holiday())
		row.ID = x.ID
		d.Rows = append(d.Rows, row)
	}
	// Stable, so that on a shared date the law's holiday comes first.
	slices.SortStableFunc(d.Rows, func(a, b dayRow) int { return cmp.Compare(a.Date, b.Date) })
	h.render.Render(w, r, status, "holidays_list", d)
}

func (d *listPage) row(h calendar.Holiday) dayRow {
	row := dayRow{Date: h.Date.String(), Weekday: d.T("holidays.weekday." + strconv.Itoa(int(h.Date.Weekday()))),
		Name: h.NameIn(d.Lang), Basis: h.Basis, Extra: h.Extra}
	if d.Lang != "lt" && h.NameEN == "" {
		row.NameLang = "lt"
	}
	return row
}
