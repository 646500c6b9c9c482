package web

import (
	"net/http"
	"net/url"

	"github.com/savivalda/savivalda/internal/i18n"
)

// LangCookie keeps a visitor's language choice; it is strictly necessary
// and listed on the cookie policy page (EPS-16).
const LangCookie = "sv_lang"

// LangFrom returns the language the visitor chose, Lithuanian by default.
func LangFrom(r *http.Request) string {
	if c, err := r.Cookie(LangCookie); err == nil {
		return i18n.Normalize(c.Value)
	}
	return i18n.LT
}

func langSwitchURL(lang, back string) string {
	return "/kalba/" + lang + "?grizti=" + url.QueryEscape(back)
}

// HandleLanguage stores the chosen language and returns to the page the
// visitor came from (only a local path, never another site).
func HandleLanguage(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Normalize(r.PathValue("lang"))
	http.SetCookie(w, &http.Cookie{
		Name: LangCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secureCookies(r),
	})
	http.Redirect(w, r, LocalPath(r.URL.Query().Get("grizti"), "/"), http.StatusSeeOther)
}
