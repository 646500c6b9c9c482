package web

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

// contentSecurityPolicy allows no inline scripts or styles and no framing.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// SecurityHeaders sets the headers every response carries. HSTS is sent only
// when the site is served over TLS (directly, or behind a proxy the base URL
// says is https).
//
// The keys are written in canonical form and the values share one
// allocation per request (each header gets a slice of its own, capped so
// that an Add cannot write into its neighbour); this runs on every request.
func SecurityHeaders(https bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		v := make([]string, 5)
		v[0], v[1], v[2], v[3] = contentSecurityPolicy, "nosniff", "DENY", "strict-origin-when-cross-origin"
		h["Content-Security-Policy"] = v[0:1:1]
		h["X-Content-Type-Options"] = v[1:2:2]
		h["X-Frame-Options"] = v[2:3:3]
		h["Referrer-Policy"] = v[3:4:4]
		if https || r.TLS != nil {
			v[4] = "max-age=63072000; includeSubDomains"
			h["Strict-Transport-Security"] = v[4:5:5]
		}
		next.ServeHTTP(w, r)
	})
}

// Recover turns a panic in a handler into a 500 and a log entry with the
// stack, instead of a dropped connection.
func Recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				slog.ErrorContext(r.Context(), "panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				http.Error(w, "Vidinė klaida / Internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// AccessLog logs each request at debug level, and failures at warn.
func AccessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !log.Enabled(r.Context(), slog.LevelDebug) {
			sw := &statusWriter{ResponseWriter: w, status: 200}
			next.ServeHTTP(sw, r)
			if sw.status >= 500 {
				log.WarnContext(r.Context(), "request", "method", r.Method, "path", r.URL.Path, "status", sw.status)
			}
			return
		}
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: 200}
		next.ServeHTTP(sw, r)
		log.DebugContext(r.Context(), "request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "took", time.Since(start))
	})
}

// LimitBody caps request bodies; forms and uploads larger than this are
// refused by the parser instead of filling memory.
func LimitBody(max int64, next http.Handler) http.Handler {
	return LimitBodyBy(func(*http.Request) int64 { return max }, next)
}

// LimitBodyBy caps each request's body at what capFor says for it: the
// routes that take uploads get a larger cap than forms.
func LimitBodyBy(capFor func(*http.Request) int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A request without a body (nearly every GET) has nothing to cap.
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, capFor(r))
		}
		next.ServeHTTP(w, r)
	})
}
