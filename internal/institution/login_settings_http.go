package institution

import (
	"net/http"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/web"
)

type loginSettingsPage struct {
	web.Page
	Form      *LoginSettings // stored, or as typed (without the secret)
	SecretSet bool           // a client secret is stored
	Roles     []roleChoice
}

type roleChoice struct {
	ID, Value, Label string
	Checked          bool
}

func (h *Handler) showLoginSettings(w http.ResponseWriter, r *http.Request) {
	h.renderLoginSettings(w, r, http.StatusOK, nil, nil)
}

func (h *Handler) renderLoginSettings(w http.ResponseWriter, r *http.Request, status int, form *LoginSettings, fe web.FieldErrors) {
	stored, err := FindLoginSettings(r.Context(), h.db, FromContext(r.Context()).ID)
	if err != nil {
		h.render.Error(w, r, err)
		return
	}
	if form == nil {
		form = stored
	}
	p := &loginSettingsPage{Page: web.Page{Lang: web.LangFrom(r), Admin: true, Errors: fe}, Form: form, SecretSet: stored.OIDCClientSecret != ""}
	p.Title = p.T("institution.login.title")
	if status == http.StatusOK {
		p.Flash = web.TakeFlash(w, r)
	}
	for _, role := range actor.Roles {
		p.Roles = append(p.Roles, roleChoice{ID: "f-totp-" + string(role), Value: string(role), Label: p.T(role.Label()), Checked: form.RequiresTOTP(role)})
	}
	h.render.Render(w, r, status, "institution_login", p)
}

func (h *Handler) saveLoginSettings(w http.ResponseWriter, r *http.Request) {
	a, ok := h.actor(w, r)
	if !ok {
		return
	}
	form := &LoginSettings{
		InstitutionID:    FromContext(r.Context()).ID,
		OIDCIssuer:       strings.TrimSpace(r.PostFormValue("oidc_issuer")),
		OIDCClientID:     strings.TrimSpace(r.PostFormValue("oidc_client_id")),
		OIDCClientSecret: strings.TrimSpace(r.PostFormValue("oidc_client_secret")),
	}
	for _, v := range r.PostForm["totp_roles"] {
		form.TOTPRoles = append(form.TOTPRoles, actor.Role(v))
	}
	err := SaveLoginSettings(r.Context(), h.db, a, form)
	h.render.Finish(w, r, err, "institution.flash.saved", "/admin/institution/login", func(fe web.FieldErrors) {
		form.OIDCClientSecret = ""
		h.renderLoginSettings(w, r, http.StatusUnprocessableEntity, form, fe)
	})
}
