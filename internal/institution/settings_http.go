package institution

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

type settingsPage struct {
	web.Page
	Form    *Institution // what the form shows: stored, or as typed
	ArmsURL string       // the stored coat of arms, if any
}

func (h *Handler) showSettings(w http.ResponseWriter, r *http.Request) {
	h.renderSettings(w, r, http.StatusOK, nil, nil)
}

// renderSettings shows form (nil: the stored data) with fe; the coat of arms
// shown is always the stored one. The data are read afresh, since the
// registry may not yet hold an edit made on another instance.
func (h *Handler) renderSettings(w http.ResponseWriter, r *http.Request, status int, form *Institution, fe web.FieldErrors) {
	stored, err := Find(r.Context(), h.db, FromContext(r.Context()).ID)
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	if form == nil {
		form = stored
	}
	d := &settingsPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true, Errors: fe}, Form: form}
	d.Title = d.T("institution.settings.title")
	if status == http.StatusOK {
		d.Flash = web.TakeFlash(w, r)
	}
	if stored.CoatOfArmsType != "" {
		d.ArmsURL = "/herbas?v=" + strconv.FormatInt(stored.UpdatedAt.UnixMilli(), 10)
	}
	h.render.Render(w, r, status, "institution_settings", d)
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request) {
	by, ok := h.actor(w, r)
	if !ok {
		return
	}
	id := FromContext(r.Context()).ID
	form := &Institution{ID: id}
	for _, f := range form.fields() {
		*f.value = strings.TrimSpace(r.PostFormValue(f.name))
	}
	if fe := form.Validate(); fe != nil {
		h.renderSettings(w, r, http.StatusUnprocessableEntity, form, fe)
		return
	}
	err := h.db.InTx(r.Context(), func(tx *store.Tx) error {
		before, err := find(r.Context(), tx, id)
		if err != nil {
			return err
		}
		changed := before.changedFields(form)
		if len(changed) == 0 {
			return nil
		}
		if err := Update(r.Context(), tx, form); err != nil {
			return fmt.Errorf("update institution %d: %w", id, err)
		}
		was, now, labels := map[string]string{}, map[string]string{}, make([]string, len(changed))
		old, cur := before.snapshot(), form.snapshot()
		for i, name := range changed {
			was[name], now[name] = old[name], cur[name]
			labels[i] = i18n.T(i18n.LT, "institution.field."+name)
		}
		if err := audit.Record(r.Context(), tx, audit.Change{
			InstitutionID: id, Actor: by, Action: "institution.update", ObjectType: "institution", ObjectID: id,
			Summary: i18n.T(i18n.LT, "institution.audit.update", strings.Join(labels, ", ")),
			Before:  was, After: now,
		}); err != nil {
			return err
		}
		// The header and footer of every public page show these data.
		return h.cache.Bump(r.Context(), tx)
	})
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	web.SetFlash(w, r, "institution.flash.saved")
	http.Redirect(w, r, "/admin/institution", http.StatusSeeOther)
}
