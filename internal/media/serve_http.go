package media

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/files"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// filePolicy lets a file show itself and nothing more: an uploaded file
// must never run a script on the site's origin. A PDF keeps the site's
// policy, since browsers' PDF viewers do not open in a sandbox.
const filePolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"

// handleFile serves /failai/{id}/{slug} (the address pages and Markdown
// use, revalidated), /failai/{id}/v{n}/{slug} (one content, cached for
// good) and /failai/{id}/v{n}/w{width}/{slug} (an image's size). A file no
// public page uses is there only for the staff who may see its item:
// everyone else, another department's staff included, gets a 404.
func (s *Service) handleFile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, ok := web.ParseID(r.PathValue("id"))
	if !ok {
		s.render.NotFound(w, r)
		return
	}
	in := institution.FromContext(ctx)
	it, err := Find(ctx, s.db, in.ID, id)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	public, err := isPublic(ctx, s.db, it.ID, s.db.Now())
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	if by, _ := actor.From(ctx); !public && !canSee(by, it.InstitutionID, it.DepartmentID) {
		s.render.Error(w, r, store.ErrNotFound)
		return
	}
	segs := strings.Split(r.PathValue("rest"), "/")
	slug := segs[len(segs)-1]
	canonical := ""
	versioned, width := false, 0
	switch len(segs) {
	case 1:
		if slug != it.Slug {
			canonical = it.URL()
		}
	case 2, 3:
		versioned = true
		if segs[0] != "v"+strconv.Itoa(it.FileVersion) || slug != it.Slug {
			canonical = it.VersionedURL() // an old content: the current one
		}
		if len(segs) == 3 {
			width, _ = strconv.Atoi(strings.TrimPrefix(segs[1], "w"))
			if !strings.HasPrefix(segs[1], "w") || !slices.Contains(Widths, width) || it.Kind != Image {
				s.render.NotFound(w, r)
				return
			}
			if canonical != "" || width >= it.Width {
				canonical = it.SizeURL(width)
			}
		}
	default:
		s.render.NotFound(w, r)
		return
	}
	if canonical != "" {
		http.Redirect(w, r, canonical, http.StatusFound)
		return
	}
	var f files.File
	typ := it.ContentType
	if width != 0 {
		f, typ, err = s.openSize(ctx, it, width)
	} else {
		f, err = s.files.Open(ctx, it.FileKey+"/original")
	}
	if errors.Is(err, files.ErrNotFound) {
		err = store.ErrNotFound
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	defer f.Close()
	serve(w, r, it, f, typ, `"`+it.SHA256[:32]+"-"+strconv.Itoa(width)+`"`, public, versioned)
}

func serve(w http.ResponseWriter, r *http.Request, it *Item, f io.ReadSeeker, typ, etag string, public, versioned bool) {
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("X-Content-Type-Options", "nosniff")
	if it.ContentType != "application/pdf" {
		h.Set("Content-Security-Policy", filePolicy)
	}
	disposition := "attachment"
	if it.Format().Inline {
		disposition = "inline"
	}
	h.Set("Content-Disposition", disposition+`; filename="`+it.Slug+`"; filename*=UTF-8''`+url.PathEscape(it.Slug))
	switch {
	case !public:
		h.Set("Cache-Control", "private, no-cache") // a draft's file: not for shared caches
	case versioned:
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	default:
		h.Set("Cache-Control", "public, max-age=300")
	}
	h.Set("ETag", etag)
	// ServeContent answers ranges, HEAD and If-None-Match.
	http.ServeContent(w, r, "", it.UpdatedAt, f)
}
