package site

import (
	"bytes"
	"regexp"

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

// RenderMarkdown turns an editor's Markdown into safe HTML.
func RenderMarkdown(src string) (string, error) {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	return sanitizer.Sanitize(buf.String()), nil
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
