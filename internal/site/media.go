package site

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Pages link to files of the media library by their address
// /failai/{id}/{slug}. Rendering asks the library about each: an image gets
// the address of its current content, its sizes (srcset) and dimensions, so
// the page does not shift as it loads; a link to a document says its format
// and size, "(PDF, 240 kB)" (WEB-17, WEB-22). Saving a revision tells the
// library which files it uses, which is what makes a file public.

// MediaFile is what a page body needs of a library file.
type MediaFile struct {
	Image         bool
	URL           string // the address of this content (changes with it)
	Srcset        string // "URL 320w, …" for an image
	Width, Height int
	Alt           string
	// NeedsAlt: an image with neither a text alternative nor the mark
	// "decorative" must not go into a page (WCAG 1.1.1, WEB-34).
	NeedsAlt bool
	Label    string // "PDF, 240 kB"
	// CopyURL is an office file's PDF or ODF copy (WEB-17), linked beside it.
	CopyURL, CopyLabel string
}

// MediaInfo is the media library as the site needs it; the app sets it.
type MediaInfo interface {
	MediaFile(ctx context.Context, q store.Queryer, institutionID, id int64) (f MediaFile, ok bool, err error)
	// RecordUses notes the files a revision saved by by links to; only
	// files by may see, or public ones, count, so that no one makes
	// another department's draft file public by linking to it.
	RecordUses(ctx context.Context, tx *store.Tx, by actor.Actor, institutionID, pageID, revisionID int64, ids []int64) error
}

// SetMedia connects the media library; without it page bodies render as
// plain Markdown.
func (s *Service) SetMedia(m MediaInfo) { s.media = m }

// imageSizes says how wide a page's images are shown: the prose column,
// or the screen on narrow ones.
const imageSizes = "(min-width: 46rem) 44rem, 100vw"

var mediaKey = parser.NewContextKey()

// mediaRefs carries one rendering's lookups through goldmark.
type mediaRefs struct {
	resolve func(id int64) (MediaFile, bool)
	ids     []int64 // every file the body links to
	noAlt   []int64 // images without a text alternative
}

// MediaID reads the item id of a library address, /failai/{id}/….
func MediaID(dest string) (int64, bool) {
	rest, ok := strings.CutPrefix(dest, "/failai/")
	if !ok {
		return 0, false
	}
	seg, _, ok := strings.Cut(rest, "/")
	if !ok {
		return 0, false
	}
	return web.ParseID(seg)
}

// renderBody renders a page body with its library files and returns the
// ids of the files it links to. An image that still needs a text
// alternative is a form error.
func (s *Service) renderBody(ctx context.Context, q store.Queryer, institutionID int64, body string) (string, []int64, error) {
	if s.media == nil {
		html, err := RenderMarkdown(body)
		return html, nil, err
	}
	var lookupErr error
	refs := &mediaRefs{resolve: func(id int64) (MediaFile, bool) {
		f, ok, err := s.media.MediaFile(ctx, q, institutionID, id)
		if err != nil && lookupErr == nil {
			lookupErr = err
		}
		return f, ok
	}}
	html, err := renderMarkdown(body, refs)
	if err == nil {
		err = lookupErr
	}
	if err != nil {
		return "", nil, err
	}
	if len(refs.noAlt) > 0 {
		var fe web.FieldErrors
		for _, id := range refs.noAlt {
			fe.Add("body", "media.error.page_image_alt", id)
		}
		return "", nil, fe
	}
	return html, refs.ids, nil
}

// recordUses tells the library which files a saved revision links to.
func (s *Service) recordUses(ctx context.Context, tx *store.Tx, by actor.Actor, institutionID, pageID, revisionID int64, ids []int64) error {
	if s.media == nil {
		return nil
	}
	return s.media.RecordUses(ctx, tx, by, institutionID, pageID, revisionID, ids)
}

// RerenderMedia renders again the live and open revisions that link to the
// library item id, after by replaced its content or changed its details:
// their images and links then point at the new content, and a newly named
// copy of an office file is linked and used too. The caller bumps the
// render cache.
func (s *Service) RerenderMedia(ctx context.Context, tx *store.Tx, by actor.Actor, institutionID, id int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.page_id, r.body_md, r.author_id FROM page_revisions r JOIN pages p ON p.id = r.page_id
		WHERE p.institution_id = ? AND r.body_md LIKE ?
		AND (r.id = p.live_revision_id OR r.id = p.scheduled_revision_id OR r.state IN ('draft', 'review', 'returned'))`,
		institutionID, "%/failai/"+strconv.FormatInt(id, 10)+"/%")
	if err != nil {
		return fmt.Errorf("revisions using media %d: %w", id, err)
	}
	type rev struct {
		id, page int64
		body     string
		author   sql.NullInt64
	}
	var revs []rev
	for rows.Next() {
		var r rev
		if err := rows.Scan(&r.id, &r.page, &r.body, &r.author); err != nil {
			rows.Close()
			return err
		}
		revs = append(revs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range revs {
		refs := &mediaRefs{resolve: func(mid int64) (MediaFile, bool) {
			f, ok, ferr := s.media.MediaFile(ctx, tx, institutionID, mid)
			if ferr != nil && err == nil {
				err = ferr
			}
			return f, ok
		}}
		html, rerr := renderMarkdown(r.body, refs)
		if rerr != nil {
			return rerr
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE page_revisions SET body_html = ? WHERE id = ?`, html, r.id); err != nil {
			return err
		}
		// The links count as the revision's author may make them count: by
		// changing one file must not make another department's draft file
		// that the revision links to public.
		author := actor.NewJob("Failų bibliotekos atnaujinimas", institutionID)
		if u, err := staff.FindUser(ctx, tx, institutionID, r.author.Int64); err == nil {
			author = u.Actor()
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err := s.recordUses(ctx, tx, author, institutionID, r.page, r.id, refs.ids); err != nil {
			return err
		}
	}
	return nil
}

// renderMarkdown renders src with the library files refs resolves (nil:
// none), sanitised, with its tables in scrolling frames.
func renderMarkdown(src string, refs *mediaRefs) (string, error) {
	var buf bytes.Buffer
	pc := parser.NewContext()
	if refs != nil {
		pc.Set(mediaKey, refs)
	}
	if err := markdown.Convert([]byte(src), &buf, parser.WithContext(pc)); err != nil {
		return "", err
	}
	return scrollTables(sanitizer.Sanitize(buf.String())), nil
}

// mediaLinks rewrites images and links to library files.
type mediaLinks struct{}

func (mediaLinks) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	refs, _ := pc.Get(mediaKey).(*mediaRefs)
	if refs == nil {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Image:
			id, ok := MediaID(string(l.Destination))
			if !ok {
				return ast.WalkContinue, nil
			}
			refs.ids = append(refs.ids, id)
			f, ok := refs.resolve(id)
			if !ok || !f.Image {
				return ast.WalkSkipChildren, nil
			}
			l.Destination = []byte(f.URL)
			if f.Srcset != "" {
				l.SetAttributeString("srcset", []byte(f.Srcset))
				l.SetAttributeString("sizes", []byte(imageSizes))
			}
			l.SetAttributeString("width", []byte(strconv.Itoa(f.Width)))
			l.SetAttributeString("height", []byte(strconv.Itoa(f.Height)))
			l.SetAttributeString("loading", []byte("lazy"))
			if !l.HasChildren() { // no alt text in the Markdown
				switch {
				case f.NeedsAlt:
					refs.noAlt = append(refs.noAlt, id)
				case f.Alt != "":
					l.AppendChild(l, ast.NewString([]byte(f.Alt)))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			id, ok := MediaID(string(l.Destination))
			if !ok {
				return ast.WalkContinue, nil
			}
			refs.ids = append(refs.ids, id)
			if f, ok := refs.resolve(id); ok {
				l.Destination = []byte(f.URL)
				l.AppendChild(l, ast.NewString([]byte(" ("+f.Label+")")))
				if f.CopyURL != "" {
					// The open copy beside the office file; the walk comes
					// to it next and gives it its format and size.
					c := ast.NewLink()
					c.Destination = []byte(f.CopyURL)
					c.AppendChild(c, ast.NewString([]byte(f.CopyLabel)))
					l.Parent().InsertAfter(l.Parent(), l, c)
					l.Parent().InsertAfter(l.Parent(), l, ast.NewString([]byte(", ")))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}
