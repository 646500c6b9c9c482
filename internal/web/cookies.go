package web

import (
	"context"
	"net/http"
)

type httpsKey struct{}

// ServedOverHTTPS marks every request as reached over TLS when the site's
// base URL is https: TLS usually ends at a proxy, so the request itself
// cannot tell. Cookies set while answering such a request are Secure.
func ServedOverHTTPS(https bool, next http.Handler) http.Handler {
	if !https {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), httpsKey{}, true)))
	})
}

// secureCookies reports whether cookies set in answer to r must be Secure.
func secureCookies(r *http.Request) bool {
	return r.TLS != nil || r.Context().Value(httpsKey{}) != nil
}
