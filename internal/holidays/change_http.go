package holidays

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/web"
)

func (h *Handler) add(w http.ResponseWriter, r *http.Request) {
	a, ok := h.render.Actor(w, r)
	if !ok {
		return
	}
	form := addForm{Date: strings.TrimSpace(r.PostFormValue("date")), Name: r.PostFormValue("name"), Basis: r.PostFormValue("basis")}
	err := h.svc.Add(r.Context(), a, form.Date, form.Name, form.Basis)
	var fe web.FieldErrors
	switch {
	case errors.As(err, &fe):
		h.renderList(w, r, a, http.StatusUnprocessableEntity, h.shownYear(r, form.Date), form, fe)
		return
	case err != nil:
		h.render.Error(w, r, err)
		return
	}
	web.SetFlash(w, r, "holidays.flash.added")
	http.Redirect(w, r, yearURL(calendar.MustParseDate(form.Date).Year), http.StatusSeeOther)
}

// shownYear is the year to list beside a rejected form: the typed date's
// when it has one, else the year the administrator was looking at.
func (h *Handler) shownYear(r *http.Request, date string) int {
	if d, err := calendar.ParseDate(date); err == nil && calendar.InRange(d) {
		return d.Year
	}
	if y, err := strconv.Atoi(r.PostFormValue("year")); err == nil && y >= calendar.FirstYear && y <= calendar.LastYear {
		return y
	}
	return calendar.DateOf(h.db.Now(), web.Vilnius).Year
}

func (h *Handler) remove(w http.ResponseWriter, r *http.Request) {
	a, id, ok := h.render.ActorOn(w, r)
	if !ok {
		return
	}
	// A day already removed (a second click, another tab) is not found.
	if err := h.svc.Remove(r.Context(), a, id); err != nil {
		h.render.Error(w, r, err)
		return
	}
	web.SetFlash(w, r, "holidays.flash.removed")
	// The form names the year it was shown in, to return to it.
	http.Redirect(w, r, yearURL(h.shownYear(r, "")), http.StatusSeeOther)
}
