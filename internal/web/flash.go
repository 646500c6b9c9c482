package web

import (
	"net/http"

	"github.com/savivalda/savivalda/internal/i18n"
)

const flashCookie = "sv_flash"

// SetFlash shows the message with catalogue key on the next page the user
// opens (after a POST's redirect).
func SetFlash(w http.ResponseWriter, r *http.Request, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", MaxAge: 60, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: secureCookies(r)})
}

// TakeFlash returns the pending message key and clears it. Only catalogue
// keys are accepted, so a forged cookie cannot put text on the page.
func TakeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secureCookies(r)})
	if !i18n.Has(i18n.LT, c.Value) {
		return ""
	}
	return c.Value
}
