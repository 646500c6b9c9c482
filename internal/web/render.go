package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"sync"
)

// Renderer holds one parsed template set per page: the shared layout and
// components plus the page's own file. Sets are parsed once at start-up;
// a broken template stops the program before it serves anything.
type Renderer struct {
	sets map[string]*template.Template
	base *template.Template

	// Chrome fills the parts of Page that come from the request: language,
	// institution header, navigation and the logged-in user. An error (the
	// navigation could not be read) fails the page: a page without its menu
	// must not be shown as if it were whole, nor kept in the render cache.
	Chrome func(r *http.Request, p *Page) error
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// NewRenderer parses the shared layout and components.
func NewRenderer() *Renderer {
	base := template.Must(template.New("base").Funcs(funcs).ParseFS(templateFiles, "templates/*.html"))
	rd := &Renderer{sets: map[string]*template.Template{}, base: base, Chrome: func(*http.Request, *Page) error { return nil }}
	rd.Add(templateFiles, "templates/pages/*.html")
	return rd
}

// Add parses every file matching pattern in fsys as a page named after the
// file (without .html). Each page file defines "content".
func (rd *Renderer) Add(fsys fs.FS, pattern string) {
	files, err := fs.Glob(fsys, pattern)
	if err != nil || len(files) == 0 {
		panic(fmt.Sprintf("web: no templates match %s: %v", pattern, err))
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if _, dup := rd.sets[name]; dup {
			panic("web: template " + name + " defined twice")
		}
		rd.sets[name] = template.Must(template.Must(rd.base.Clone()).ParseFS(fsys, f))
	}
}

// Has reports whether a page template exists.
func (rd *Renderer) Has(name string) bool { _, ok := rd.sets[name]; return ok }

// Bytes renders a page into a new byte slice, for the render cache.
func (rd *Renderer) Bytes(r *http.Request, name string, data Data) ([]byte, error) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); bufPool.Put(buf) }()
	if err := rd.execute(buf, r, name, data, false); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// Render writes a page with the given status; when its chrome cannot be
// filled, the error page instead.
func (rd *Renderer) Render(w http.ResponseWriter, r *http.Request, status int, name string, data Data) {
	rd.render(w, r, status, name, data, false)
}

// render writes a page. The error page is shown even when its chrome
// failed (the failure is what it reports), so it never recurses.
func (rd *Renderer) render(w http.ResponseWriter, r *http.Request, status int, name string, data Data, isErrorPage bool) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); bufPool.Put(buf) }()
	err := rd.execute(buf, r, name, data, isErrorPage)
	var ce chromeError
	if errors.As(err, &ce) {
		rd.Error(w, r, err)
		return
	}
	if err != nil {
		slog.ErrorContext(r.Context(), "render", "page", name, "err", err)
		http.Error(w, "Vidinė klaida / Internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// chromeError is a failure to fill a page's chrome.
type chromeError struct{ err error }

func (e chromeError) Error() string { return "page chrome: " + e.err.Error() }
func (e chromeError) Unwrap() error { return e.err }

// execute renders a page into buf. With tolerateChrome, a chrome failure is
// logged and the page rendered with what was filled.
func (rd *Renderer) execute(buf *bytes.Buffer, r *http.Request, name string, data Data, tolerateChrome bool) error {
	set, ok := rd.sets[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	p := data.Base()
	p.Path = r.URL.Path
	if err := rd.Chrome(r, p); err != nil {
		if !tolerateChrome {
			return chromeError{err}
		}
		slog.ErrorContext(r.Context(), "render error page without its chrome", "err", err)
	}
	if p.Lang == "" {
		p.Lang = LangFrom(r)
	}
	return set.ExecuteTemplate(buf, "layout", data)
}

var funcs = template.FuncMap{
	"field":      newField,
	"options":    withOptions,
	"date":       FormatDate,
	"datetime":   FormatDateTime,
	"lastday":    LastDay,
	"asset":      AssetURL,
	"fieldID":    FieldID,
	"add":        func(a, b int) int { return a + b },
	"html":       func(s string) template.HTML { return template.HTML(s) }, // only for HTML sanitised on save
	"langSwitch": langSwitchURL,
}
