package staff

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/web"
)

// accountPath is the staff member's own account page ("Mano paskyra").
const accountPath = "/admin/account"

type accountPage struct {
	web.Page
	Account *User
	RetryAt string // when a throttled change may be tried again, HH:MM
	// The notification form: the values shown (typed ones after an error)
	// and the choices.
	Notify                   NotificationSettings
	ModeOptions, LangOptions []web.Option
}

// renderAccount shows the account page; notify is what the notification
// form shows (nil: the stored settings).
func (s *Service) renderAccount(w http.ResponseWriter, r *http.Request, status int, errs web.FieldErrors, retryAt string, notify *NotificationSettings) {
	u := UserFrom(r.Context())
	p := &accountPage{Page: web.StaffPage(w, r, "staff.account.title"), Account: u, RetryAt: retryAt}
	p.Errors = errs
	p.Notify = NotificationSettings{Mode: u.NotifyMode, Lang: u.Lang()}
	if notify != nil {
		p.Notify = *notify
	}
	for _, m := range NotifyModes {
		p.ModeOptions = append(p.ModeOptions, web.Option{Value: string(m), Label: p.T(m.Label())})
	}
	for _, l := range i18n.Supported {
		p.LangOptions = append(p.LangOptions, web.Option{Value: l, Label: p.T("staff.notify.lang." + l)})
	}
	s.render.Render(w, r, status, "staff_account", p)
}

func (s *Service) handleAccount(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, nil, "", nil)
}

func (s *Service) handleNotifications(w http.ResponseWriter, r *http.Request) {
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	in := NotificationSettings{Mode: NotifyMode(r.PostFormValue("notify_mode")), Lang: r.PostFormValue("mail_lang")}
	s.render.Finish(w, r, s.SetNotifications(r.Context(), a, in), "staff.flash.notifications_saved", accountPath+"#notifications",
		func(fe web.FieldErrors) { s.renderAccount(w, r, http.StatusUnprocessableEntity, fe, "", &in) })
}

func (s *Service) handlePasswordChange(w http.ResponseWriter, r *http.Request) {
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	err := s.ChangePassword(r.Context(), a, ClientOf(r), r.PostFormValue("current_password"), r.PostFormValue("password"), sessionFrom(r.Context()))
	var throttled *throttledError
	if errors.As(err, &throttled) {
		w.Header().Set("Retry-After", strconv.Itoa(int(throttled.Until.Sub(s.db.Now()).Seconds())+1))
		s.renderAccount(w, r, http.StatusTooManyRequests, web.FieldErrors{{Field: "current_password", Key: "staff.error.throttled"}},
			retryTime(throttled.Until, web.Vilnius), nil)
		return
	}
	s.render.Finish(w, r, err, "staff.flash.password_changed", accountPath, func(fe web.FieldErrors) {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, fe, "", nil)
	})
}

type sessionsPage struct {
	web.Page
	Sessions []SessionInfo
}

func (s *Service) handleSessions(w http.ResponseWriter, r *http.Request) {
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	sessions, err := s.OwnSessions(r.Context(), a, sessionFrom(r.Context()))
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	p := &sessionsPage{Page: web.StaffPage(w, r, "staff.sessions.title"), Sessions: sessions}
	p.Crumbs = []web.Crumb{{Title: p.T("staff.account.title"), URL: accountPath}, {Title: p.Title}}
	s.render.Render(w, r, http.StatusOK, "staff_sessions", p)
}

func (s *Service) handleSessionEnd(w http.ResponseWriter, r *http.Request) {
	a, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	id := r.PostFormValue("session")
	if err := s.EndOwnSession(r.Context(), a, id); err != nil {
		s.render.Error(w, r, err)
		return
	}
	if id == sessionFrom(r.Context()) {
		s.clearSessionCookie(w)
		http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
		return
	}
	web.SetFlash(w, r, "staff.flash.session_ended")
	http.Redirect(w, r, "/admin/account/sessions", http.StatusSeeOther)
}

func (s *Service) handleForcePasswordChange(w http.ResponseWriter, r *http.Request) {
	a, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	if err := s.ForcePasswordChange(r.Context(), a, id); err != nil {
		s.render.Error(w, r, err)
		return
	}
	web.SetFlash(w, r, "staff.flash.password_change_forced")
	http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
