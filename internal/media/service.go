package media

import (
	"context"
	"embed"
	"net/http"
	"regexp"

	"golang.org/x/sync/singleflight"

	"github.com/savivalda/savivalda/internal/files"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Service is the media library capability.
type Service struct {
	db     *store.DB
	render *web.Renderer
	files  files.Store
	cache  *rendercache.Cache
	site   *site.Service
	// sizing makes each image size once, however many ask for it at once.
	sizing singleflight.Group
}

// NewService builds the library on a files store and connects it to the
// site, whose pages link to its files; rd may be nil for work without
// pages (the demo seed).
func NewService(db *store.DB, rd *web.Renderer, fs files.Store, cache *rendercache.Cache, st *site.Service) *Service {
	if rd != nil {
		rd.Add(templateFiles, "templates/*.html")
	}
	s := &Service{db: db, render: rd, files: fs, cache: cache, site: st}
	st.SetMedia(s)
	return s
}

// Routes registers the public files and the staff's library.
func (s *Service) Routes(mux *web.Mux, guard web.Guard) {
	mux.HandleFunc("GET /failai/{id}/{rest...}", s.handleFile)

	staff := func(h http.HandlerFunc) http.Handler { return guard(CanUse)(h) }
	mux.Handle("GET /admin/media", staff(s.handleLibrary))
	mux.Handle("GET /admin/media.json", staff(s.handleJSON))
	mux.Handle("GET /admin/media/upload", staff(s.handleUploadForm))
	mux.Handle("POST /admin/media/upload", staff(s.handleUpload))
	mux.Handle("GET /admin/media/{id}", staff(s.handleItem))
	mux.Handle("POST /admin/media/{id}", staff(s.handleSave))
	mux.Handle("POST /admin/media/{id}/replace", staff(s.handleReplace))
	mux.Handle("POST /admin/media/{id}/delete", staff(s.handleDelete))
}

var replacePath = regexp.MustCompile(`^/admin/media/[0-9]+/replace$`)

// BodyLimit is the cap on a request's body: uploads to the library get
// MaxUploadBody (each file is still held to its type's limit as it
// streams in), every other request def.
func BodyLimit(def int64) func(*http.Request) int64 {
	return func(r *http.Request) int64 {
		if r.Method == http.MethodPost && (r.URL.Path == "/admin/media/upload" || replacePath.MatchString(r.URL.Path)) {
			return MaxUploadBody
		}
		return def
	}
}

// MediaFile implements site.MediaInfo: what a page body needs of item id.
func (s *Service) MediaFile(ctx context.Context, q store.Queryer, institutionID, id int64) (site.MediaFile, bool, error) {
	it, err := Find(ctx, q, institutionID, id)
	if err != nil {
		if isNotFound(err) {
			return site.MediaFile{}, false, nil
		}
		return site.MediaFile{}, false, err
	}
	f := site.MediaFile{Image: it.Kind == Image, URL: it.VersionedURL(), Label: it.Label(), Alt: it.Alt, NeedsAlt: it.NeedsDetails()}
	if it.Decorative {
		f.Alt = ""
	}
	if f.Image {
		f.Width, f.Height, f.Srcset = it.Width, it.Height, it.Srcset()
	}
	if it.CopyID != 0 {
		c, err := Find(ctx, q, institutionID, it.CopyID)
		if err != nil && !isNotFound(err) {
			return site.MediaFile{}, false, err
		}
		if err == nil {
			f.CopyURL, f.CopyLabel = c.URL(), i18n.T(i18n.LT, "media.copy_link", c.Format().Label)
		}
	}
	return f, true, nil
}
