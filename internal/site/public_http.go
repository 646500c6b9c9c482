package site

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Page data of the public templates.
type (
	homePage struct {
		web.Page
		Sections []*Section
		Recent   []PageSummary
	}
	contentPage struct {
		web.Page
		P        *Page
		R        *Revision
		Archived bool
		Preview  *previewNote // staff see a revision as it will look
	}
	sectionPage struct {
		web.Page
		Section  *Section
		Children []*Section
		Pages    []PageSummary
	}
	indexPage struct {
		web.Page
		Nodes []indexNode
	}
	indexNode struct {
		Section  *Section
		Pages    []PageSummary
		Children []indexNode
	}
	archivePage struct {
		web.Page
		Pages []PageSummary
		Pager web.Pager
	}
	notLivePage struct {
		web.Page
		ArchiveURL string
	}
	cookiePage struct{ web.Page }
)

type langKey struct{}

// pageFor starts a page's data in the visitor's language, so that titles set
// while building it are translated.
func pageFor(ctx context.Context) web.Page {
	lang, _ := ctx.Value(langKey{}).(string)
	return web.Page{Lang: lang}
}

// serve renders a public page. Anonymous visitors without a query string
// get it from the render cache, filled on the first request; staff with a
// session get it live. build runs only on a cache miss.
func (s *Service) serve(w http.ResponseWriter, r *http.Request, build func(ctx context.Context, in *institution.Institution, now time.Time) (string, web.Data, error)) {
	in := institution.FromContext(r.Context())
	lang := web.LangFrom(r)
	cacheable := r.URL.RawQuery == "" && !staff.HasSession(r)
	key := strconv.FormatInt(in.ID, 10) + "|" + lang + "|" + r.URL.Path
	if cacheable {
		if e, ok := s.cache.Get(key); ok {
			writeCached(w, r, e)
			return
		}
	}
	// A miss: everything below runs once per page and content change.
	ctx := context.WithValue(r.Context(), langKey{}, lang)
	gen := s.cache.Generation()
	now := s.db.Now()
	name, data, err := build(ctx, in, now)
	if err != nil {
		var nl *notLivePage
		var mv *movedTo
		if errors.As(err, &mv) {
			// An old address (see redirects.go). Not cached: it is looked
			// up only where no content answers, as a 404 would be.
			http.Redirect(w, r, mv.to, http.StatusMovedPermanently)
			return
		}
		if errors.As(err, &nl) {
			s.render.Render(w, r, http.StatusNotFound, "site_not_live", nl)
			return
		}
		s.render.Error(w, r, err)
		return
	}
	body, err := s.render.Bytes(r, name, data)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	sum := sha256.Sum256(body)
	e := &rendercache.Entry{Body: body, ETag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
	if cacheable {
		next, err := NextTermEnd(ctx, s.db, now)
		if err != nil {
			s.render.Error(w, r, err)
			return
		}
		s.cache.ExpireAt(next)
		s.cache.Put(key, gen, e)
		writeCached(w, r, e)
		return
	}
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(e.Body)
}

// writeCached sends a cached page; browsers revalidate it by ETag. It is
// the path of nearly every public request, so the header values share one
// allocation (each header still gets a slice of its own, capped so that an
// Add cannot write into its neighbour).
func writeCached(w http.ResponseWriter, r *http.Request, e *rendercache.Entry) {
	h := w.Header()
	v := make([]string, 4)
	v[0], v[1], v[2] = "text/html; charset=utf-8", "no-cache", e.ETag
	h["Content-Type"] = v[0:1:1]
	h["Cache-Control"] = v[1:2:2]
	h["Etag"] = v[2:3:3]
	if r.Header.Get("If-None-Match") == e.ETag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	v[3] = strconv.Itoa(len(e.Body))
	h["Content-Length"] = v[3:4:4]
	_, _ = w.Write(e.Body)
}

func (s *Service) handleHome(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, func(ctx context.Context, in *institution.Institution, now time.Time) (string, web.Data, error) {
		tree, err := publicTree(ctx, s.db, in.ID, now)
		if err != nil {
			return "", nil, err
		}
		recent, err := RecentPages(ctx, s.db, in.ID, now, 8)
		if err != nil {
			return "", nil, err
		}
		d := &homePage{Page: pageFor(ctx), Sections: tree, Recent: recent}
		d.Title, d.Home = d.T("site.home"), true
		return "site_home", d, nil
	})
}

// handlePath serves a live page or a section at the request's path.
func (s *Service) handlePath(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if len(path) > 1 && strings.HasSuffix(path, "/") {
		http.Redirect(w, r, strings.TrimRight(path, "/"), http.StatusMovedPermanently)
		return
	}
	s.serve(w, r, func(ctx context.Context, in *institution.Institution, now time.Time) (string, web.Data, error) {
		p, rev, err := LivePage(ctx, s.db, in.ID, path, now)
		if err == nil {
			d := &contentPage{Page: pageFor(ctx), P: p, R: rev}
			d.Title = rev.Title
			d.Crumbs, err = s.crumbs(ctx, &d.Page, in.ID, p.SectionID, rev.Title)
			return "site_page", d, err
		}
		if !errors.Is(err, store.ErrNotFound) {
			return "", nil, err
		}
		sec, err := findSectionByPath(ctx, s.db, in.ID, path)
		if errors.Is(err, store.ErrNotFound) {
			if err := s.orRedirect(ctx, in.ID, path, err); !errors.Is(err, store.ErrNotFound) {
				return "", nil, err
			}
			if _, _, aerr := ArchivedPage(ctx, s.db, in.ID, path, now); aerr == nil {
				d := &notLivePage{Page: pageFor(ctx), ArchiveURL: "/archyvas" + path}
				d.Title = d.T("site.not_live.title")
				return "", nil, d
			}
			return "", nil, err
		}
		if err != nil {
			return "", nil, err
		}
		return s.sectionData(ctx, in, sec, now)
	})
}

func (nl *notLivePage) Error() string { return "page archived" }

func (s *Service) sectionData(ctx context.Context, in *institution.Institution, sec *Section, now time.Time) (string, web.Data, error) {
	all, err := findSections(ctx, s.db, in.ID)
	if err != nil {
		return "", nil, err
	}
	hidden, err := hiddenSections(ctx, s.db, in.ID, treeOf(all), now)
	if err != nil {
		return "", nil, err
	}
	d := &sectionPage{Page: pageFor(ctx), Section: sec}
	for _, c := range all {
		if c.ParentID == sec.ID && !hidden[c.ID] {
			d.Children = append(d.Children, c)
		}
	}
	d.Pages, err = publicPages(ctx, s.db, now, `p.section_id = ? AND p.term_end > ?`, []any{sec.ID, store.Millis(now)}, `p.position, r.title`, 500, 0)
	if err != nil {
		return "", nil, err
	}
	d.Title = sec.Title
	d.Crumbs, err = s.crumbs(ctx, &d.Page, in.ID, sec.ParentID, sec.Title)
	return "site_section", d, err
}

// crumbs builds the trail home › section › … › title.
func (s *Service) crumbs(ctx context.Context, p *web.Page, institutionID, sectionID int64, title string) ([]web.Crumb, error) {
	all, err := findSections(ctx, s.db, institutionID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Section{}
	for _, sec := range all {
		byID[sec.ID] = sec
	}
	var trail []web.Crumb
	for id := sectionID; id != 0 && byID[id] != nil; id = byID[id].ParentID {
		trail = append([]web.Crumb{{Title: byID[id].Title, URL: byID[id].Path}}, trail...)
	}
	return append(append([]web.Crumb{{Title: p.T("site.home"), URL: "/"}}, trail...), web.Crumb{Title: title}), nil
}

func (s *Service) handleSiteIndex(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, func(ctx context.Context, in *institution.Institution, now time.Time) (string, web.Data, error) {
		tree, err := publicTree(ctx, s.db, in.ID, now)
		if err != nil {
			return "", nil, err
		}
		pages, err := LivePages(ctx, s.db, in.ID, now)
		if err != nil {
			return "", nil, err
		}
		bySection := map[int64][]PageSummary{}
		for _, p := range pages {
			bySection[p.SectionID] = append(bySection[p.SectionID], p)
		}
		var nodes func(secs []*Section) []indexNode
		nodes = func(secs []*Section) []indexNode {
			out := make([]indexNode, 0, len(secs))
			for _, sec := range secs {
				out = append(out, indexNode{Section: sec, Pages: bySection[sec.ID], Children: nodes(sec.Children)})
			}
			return out
		}
		d := &indexPage{Page: pageFor(ctx), Nodes: nodes(tree)}
		d.Title = d.T("web.site_index")
		d.Crumbs = []web.Crumb{{Title: d.T("site.home"), URL: "/"}, {Title: d.Title}}
		return "site_index", d, nil
	})
}

func (s *Service) handleArchive(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, func(ctx context.Context, in *institution.Institution, now time.Time) (string, web.Data, error) {
		page, offset := web.PageNumber(r.URL.Query())
		list, total, err := ArchivedPages(ctx, s.db, in.ID, now, offset)
		if err != nil {
			return "", nil, err
		}
		d := &archivePage{Page: pageFor(ctx), Pages: list}
		d.Title = d.T("web.archive")
		d.Pager = web.NewPager(&d.Page, "/archyvas", r.URL.Query(), page, total)
		d.Crumbs = []web.Crumb{{Title: d.T("site.home"), URL: "/"}, {Title: d.Title}}
		return "site_archive", d, nil
	})
}

func (s *Service) handleArchivedPage(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, func(ctx context.Context, in *institution.Institution, now time.Time) (string, web.Data, error) {
		p, rev, err := ArchivedPage(ctx, s.db, in.ID, "/"+r.PathValue("path"), now)
		if err != nil {
			return "", nil, s.orRedirect(ctx, in.ID, r.URL.Path, err)
		}
		d := &contentPage{Page: pageFor(ctx), P: p, R: rev, Archived: true}
		d.Title = rev.Title
		d.Crumbs = []web.Crumb{{Title: d.T("site.home"), URL: "/"}, {Title: d.T("web.archive"), URL: "/archyvas"}, {Title: rev.Title}}
		return "site_page", d, nil
	})
}

func (s *Service) handleCookiePolicy(w http.ResponseWriter, r *http.Request) {
	s.serve(w, r, func(ctx context.Context, in *institution.Institution, now time.Time) (string, web.Data, error) {
		d := &cookiePage{Page: pageFor(ctx)}
		d.Title = d.T("web.cookie_policy")
		d.Crumbs = []web.Crumb{{Title: d.T("site.home"), URL: "/"}, {Title: d.Title}}
		return "site_cookies", d, nil
	})
}

// Nav is the public top navigation: the top-level sections in order, the
// current one marked.
func (s *Service) Nav(ctx context.Context, in *institution.Institution, lang, path string) ([]web.NavItem, error) {
	tree, err := publicTree(ctx, s.db, in.ID, s.db.Now())
	if err != nil {
		return nil, fmt.Errorf("public navigation: %w", err)
	}
	items := make([]web.NavItem, 0, len(tree))
	for _, sec := range tree {
		items = append(items, web.NavItem{Title: sec.Title, URL: sec.Path,
			Current: path == sec.Path || strings.HasPrefix(path, sec.Path+"/")})
	}
	return items, nil
}
