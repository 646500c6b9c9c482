package web

import (
	"bytes"
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
	// institution header, navigation and the logged-in user.
	Chrome func(r *http.Request, p *Page)
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// NewRenderer parses the shared layout and components.
func NewRenderer() *Renderer {
	base := template.Must(template.New("base").Funcs(funcs).ParseFS(templateFiles, "templates/*.html"))
	rd := &Renderer{sets: map[string]*template.Template{}, base: base, Chrome: func(*http.Request, *Page) {}}
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
	if err := rd.execute(buf, r, name, data); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// Render writes a page with the given status.
func (rd *Renderer) Render(w http.ResponseWriter, r *http.Request, status int, name string, data Data) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); bufPool.Put(buf) }()
	if err := rd.execute(buf, r, name, data); err != nil {
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

func (rd *Renderer) execute(buf *bytes.Buffer, r *http.Request, name string, data Data) error {
	set, ok := rd.sets[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	p := data.Base()
	p.Path = r.URL.Path
	rd.Chrome(r, p)
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
	"asset":      AssetURL,
	"fieldID":    FieldID,
	"add":        func(a, b int) int { return a + b },
	"html":       func(s string) template.HTML { return template.HTML(s) }, // only for HTML sanitised on save
	"langSwitch": langSwitchURL,
}
