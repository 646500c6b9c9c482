package statement

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// PublicPath is the statement's address on every site (WEB-35).
const PublicPath = "/prieinamumas"

// JSONPath is the statement in JSON.
const JSONPath = "/prieinamumas.json"

type publicPage struct {
	web.Page
	Prepared        bool
	InstitutionName string
	St              *Statement
	ScopeName       localized
	Enforcement     localized
	AuthorityName   localized
	Groups          []entryGroup
	Check           *Check
	FeedbackPath    string
	JSONPath        string
}

// localized is a free text in the page's language; Lang and Note are set
// when an English page shows the Lithuanian text for want of a translation.
type localized struct {
	Field      string // the data-field name, the value's JSON path
	Text       string
	Paragraphs []string
	Lang, Note string
}

type entryGroup struct {
	Reason  Reason
	Entries []entryView
}

type entryView struct {
	*Issue
	Description, Justification, Alternative localized
}

func localize(p *web.Page, t Text, field string) localized {
	s, fallback := t.In(p.Lang)
	l := localized{Field: field, Text: s}
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			l.Paragraphs = append(l.Paragraphs, para)
		}
	}
	if fallback && s != "" {
		l.Lang, l.Note = "lt", p.T("statement.only_lt")
	}
	return l
}

// published is what the public statement shows: the stored statement (or
// ErrNotFound), its confirmed entries and the latest check (nil if none).
func published(ctx context.Context, db *store.DB, institutionID int64) (*Statement, []*Issue, *Check, error) {
	st, err := Find(ctx, db, institutionID)
	if err != nil {
		return nil, nil, nil, err
	}
	issues, err := Issues(ctx, db, institutionID, Confirmed)
	if err != nil {
		return nil, nil, nil, err
	}
	check, err := LatestCheck(ctx, db, institutionID)
	if errors.Is(err, store.ErrNotFound) {
		return st, issues, nil, nil
	}
	return st, issues, check, err
}

func (s *Service) handlePublic(w http.ResponseWriter, r *http.Request) {
	s.serveCached(w, r, func() ([]byte, error) {
		in := institution.FromContext(r.Context())
		d := &publicPage{Page: web.Page{Lang: web.LangFrom(r)}, InstitutionName: in.Name, FeedbackPath: FeedbackPath, JSONPath: JSONPath}
		d.Title = d.T("statement.title")
		d.Crumbs = []web.Crumb{{Title: d.T("statement.home"), URL: "/"}, {Title: d.Title}}
		st, issues, check, err := published(r.Context(), s.db, in.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return s.render.Bytes(r, "statement_public", d)
		case err != nil:
			return nil, err
		}
		d.Prepared, d.St, d.Check = true, st, check
		d.ScopeName = localize(&d.Page, st.ScopeName, "scope.name")
		d.Enforcement = localize(&d.Page, st.Enforcement, "enforcement.procedure")
		d.AuthorityName = localize(&d.Page, st.AuthorityName, "enforcement.authority.name")
		for _, reason := range Reasons {
			g := entryGroup{Reason: reason}
			for _, is := range issues {
				if is.Reason == reason {
					g.Entries = append(g.Entries, entryView{Issue: is, Description: localize(&d.Page, is.Description, "description"),
						Justification: localize(&d.Page, is.Justification, "justification"),
						Alternative:   localize(&d.Page, is.Alternative, "alternative")})
				}
			}
			if len(g.Entries) > 0 {
				d.Groups = append(d.Groups, g)
			}
		}
		return s.render.Bytes(r, "statement_public", d)
	})
}

// serveCached answers like the site's public pages: anonymous visitors
// without a query string get the page from the render cache, filled on the
// first request and dropped by every change that bumps it; staff get it
// live.
func (s *Service) serveCached(w http.ResponseWriter, r *http.Request, build func() ([]byte, error)) {
	in := institution.FromContext(r.Context())
	cacheable := r.URL.RawQuery == "" && !staff.HasSession(r)
	key := strconv.FormatInt(in.ID, 10) + "|" + web.LangFrom(r) + "|" + r.URL.Path
	if cacheable {
		if e, ok := s.cache.Get(key); ok {
			writeHTML(w, r, e)
			return
		}
	}
	gen := s.cache.Generation()
	body, err := build()
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	sum := sha256.Sum256(body)
	e := &rendercache.Entry{Body: body, ETag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
	if !cacheable {
		w.Header().Set("Cache-Control", "private, no-store")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(body)
		return
	}
	s.cache.Put(key, gen, e)
	writeHTML(w, r, e)
}

func writeHTML(w http.ResponseWriter, r *http.Request, e *rendercache.Entry) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", e.ETag)
	if r.Header.Get("If-None-Match") == e.ETag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(e.Body)))
	_, _ = w.Write(e.Body)
}

// handleJSON serves the statement as JSON. It is built live: it is read
// rarely. Its links are the institution's configured address, never the
// request's Host.
func (s *Service) handleJSON(w http.ResponseWriter, r *http.Request) {
	in := institution.FromContext(r.Context())
	st, issues, check, err := published(r.Context(), s.db, in.ID)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if errors.Is(err, store.ErrNotFound) {
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(map[string]string{"schema": Schema, "error": "no accessibility statement has been published yet"})
		return
	}
	if err != nil {
		w.Header().Del("Content-Type")
		s.render.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(NewDocument(in, st, issues, check, in.SiteURL))
}
