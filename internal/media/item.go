package media

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Item is one image or document of the library.
type Item struct {
	ID            int64
	InstitutionID int64
	DepartmentID  int64
	Kind          Kind
	Title         string
	Description   string
	Alt           string
	Decorative    bool
	Slug          string
	FileKey       string // the files store's folder of the current content
	ContentType   string
	Size          int64
	SHA256        string
	Width, Height int
	CopyID        int64 // an office file's PDF or ODF copy
	FileVersion   int
	UploadedBy    int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Version       int64

	// Joined for display.
	DepartmentName string
	UploaderName   string
}

// Format is the item's accepted type.
func (it *Item) Format() *Format {
	base, _, _ := strings.Cut(it.ContentType, ";")
	if f, ok := formats[base]; ok {
		return f
	}
	return &Format{ContentType: it.ContentType, Label: strings.ToUpper(Extension(it.Slug)), Kind: it.Kind}
}

// NeedsDetails: an image without a text alternative that is not marked
// decorative may not go into a page (WCAG 1.1.1, WEB-34).
func (it *Item) NeedsDetails() bool {
	return it.Kind == Image && strings.TrimSpace(it.Alt) == "" && !it.Decorative
}

// NeedsCopy: an office file without its PDF or ODF copy is warned about
// wherever it is shown (WEB-17).
func (it *Item) NeedsCopy() bool { return it.Format().Office && it.CopyID == 0 }

// URL is the address pages link to and Markdown carries: it stays when the
// content is replaced.
func (it *Item) URL() string {
	return "/failai/" + strconv.FormatInt(it.ID, 10) + "/" + url.PathEscape(it.Slug)
}

// VersionedURL is the address of this content; it changes when the
// content does, so it may be cached for good.
func (it *Item) VersionedURL() string {
	return fmt.Sprintf("/failai/%d/v%d/%s", it.ID, it.FileVersion, url.PathEscape(it.Slug))
}

// SizeURL is the versioned address of the image w pixels wide.
func (it *Item) SizeURL(w int) string {
	if w >= it.Width {
		return it.VersionedURL()
	}
	return fmt.Sprintf("/failai/%d/v%d/w%d/%s", it.ID, it.FileVersion, w, url.PathEscape(it.Slug))
}

// Label is what a link to the file says of it: "PDF, 240 kB" (WEB-17).
func (it *Item) Label() string { return it.Format().Label + ", " + HumanSize(it.Size) }

// HumanSize writes a size the way Lithuanian text does: "240 kB",
// "1,5 MB".
func HumanSize(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000_000:
		return strconv.FormatInt((n+500)/1000, 10) + " kB"
	}
	mb := float64(n) / 1e6
	if mb >= 10 {
		return strconv.FormatFloat(mb, 'f', 0, 64) + " MB"
	}
	return strings.Replace(strconv.FormatFloat(mb, 'f', 1, 64), ".", ",", 1) + " MB"
}

// Snippet is the Markdown that puts the item into a page, for copying
// without JavaScript.
func (it *Item) Snippet() string {
	if it.Kind == Image {
		alt := it.Alt
		if it.Decorative {
			alt = ""
		}
		return "![" + markdownText(alt) + "](" + it.URL() + ")"
	}
	return "[" + markdownText(it.Title) + "](" + it.URL() + ")"
}

func markdownText(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, "\n", " ").Replace(s)
}
