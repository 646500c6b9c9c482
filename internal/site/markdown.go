package site

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/savivalda/savivalda/internal/web"
)

// maxBodyLen bounds a page body; longer texts belong in attached documents.
const maxBodyLen = 200_000

// externalLinkNote marks links that leave the site: their content is outside
// the institution's responsibility (EPS-15).
const externalLinkNote = " (išorinė nuoroda)"

// tableLabel names a table's scrolling frame, in the content's language.
const tableLabel = "Lentelė"

// goldmark without raw HTML: editors write Markdown, and any HTML they type
// is dropped. The sanitiser after it is a second line of defence.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(externalLinks{}, 100), util.Prioritized(mediaLinks{}, 200))),
)

var sanitizer = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("a")
	p.AllowAttrs("scope").Matching(bluemonday.SpaceSeparatedTokens).OnElements("th")
	p.RequireNoReferrerOnLinks(false)
	// A library image's sizes (media.go): only addresses of this site.
	p.AllowAttrs("srcset").Matching(regexp.MustCompile(`^(/failai/[0-9]+/[A-Za-z0-9./%_-]+ [0-9]+w)(, /failai/[0-9]+/[A-Za-z0-9./%_-]+ [0-9]+w)*$`)).OnElements("img")
	p.AllowAttrs("sizes").Matching(regexp.MustCompile(`^[a-z0-9():,. -]+$`)).OnElements("img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img")
	return p
}()

// RenderMarkdown turns an editor's Markdown into safe HTML, without the
// media library (Service.renderBody renders with it).
func RenderMarkdown(src string) (string, error) { return renderMarkdown(src, nil) }

// scrollTables puts each table in a frame that scrolls sideways on a
// narrow screen, so cells keep their words whole instead of the page
// scrolling (WCAG 1.4.10); the frame takes the keyboard focus and has a
// name, so it can be scrolled without a mouse (WCAG 2.1.1). It runs after
// the sanitiser, on markup the sanitiser wrote, where "<table>" can only be
// a table: text has its "<" escaped.
func scrollTables(html string) string {
	if !strings.Contains(html, "<table>") {
		return html
	}
	var b strings.Builder
	n := 0
	for {
		i := strings.Index(html, "<table>")
		if i < 0 {
			break
		}
		n++
		fmt.Fprintf(&b, `%s<div class="sv-table-wrap" role="region" tabindex="0" aria-label="%s %d">`, html[:i], tableLabel, n)
		html = strings.Replace(html[i:], "</table>", "</table></div>", 1)
		j := strings.Index(html, "</table></div>") + len("</table></div>")
		b.WriteString(html[:j])
		html = html[j:]
	}
	b.WriteString(html)
	return b.String()
}

// externalLinks adds a visible note to every link to another site.
type externalLinks struct{}

func (externalLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch l := n.(type) {
		case *ast.Link:
			dest = l.Destination
		case *ast.AutoLink:
			if l.AutoLinkType != ast.AutoLinkURL {
				return ast.WalkContinue, nil
			}
			dest = l.URL(reader.Source())
		default:
			return ast.WalkContinue, nil
		}
		if web.OffSite(string(dest)) {
			n.SetAttributeString("class", []byte("sv-external"))
			note := ast.NewString([]byte(externalLinkNote))
			if al, ok := n.(*ast.AutoLink); ok {
				// An autolink renders its URL as text; put the note after it.
				al.Parent().InsertAfter(al.Parent(), al, note)
			} else {
				n.AppendChild(n, note)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// htmlTag finds the tags and comments in raw HTML (a comment is one, with
// whatever it holds).
var htmlTag = regexp.MustCompile(`<!--(?s:.*?)(?:-->|$)|</?([A-Za-z][A-Za-z0-9:-]*)`)

// RemovedHTML lists the raw HTML that the page will not show (RenderMarkdown
// drops it): each tag once, as "<div>", a comment as "<!-- -->", in order of
// appearance. The page editor names them, so that nothing is dropped
// silently; its script does the same as the text is typed.
func RemovedHTML(src string) []string {
	source := []byte(src)
	var raw []byte
	doc := markdown.Parser().Parse(text.NewReader(source))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch h := n.(type) {
		case *ast.HTMLBlock:
			lines := h.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				raw = append(raw, seg.Value(source)...)
			}
			if h.HasClosure() {
				raw = append(raw, h.ClosureLine.Value(source)...)
			}
		case *ast.RawHTML:
			for i := 0; i < h.Segments.Len(); i++ {
				seg := h.Segments.At(i)
				raw = append(raw, seg.Value(source)...)
			}
		}
		return ast.WalkContinue, nil
	})
	var tags []string
	for _, m := range htmlTag.FindAllSubmatch(raw, -1) {
		tag := "<!-- -->"
		if len(m[1]) > 0 {
			tag = "<" + strings.ToLower(string(m[1])) + ">"
		}
		if !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	return tags
}
