package site

import (
	"bytes"
	"fmt"
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
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(externalLinks{}, 100))),
)

var sanitizer = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("a")
	p.AllowAttrs("scope").Matching(bluemonday.SpaceSeparatedTokens).OnElements("th")
	p.RequireNoReferrerOnLinks(false)
	return p
}()

// RenderMarkdown turns an editor's Markdown into safe HTML.
func RenderMarkdown(src string) (string, error) {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	return scrollTables(sanitizer.Sanitize(buf.String())), nil
}

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
