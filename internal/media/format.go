package media

import (
	"slices"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// Kind is what an item is to a page: an image shown in it, or a document
// linked from it.
type Kind string

// The kinds.
const (
	Image    Kind = "image"
	Document Kind = "document"
)

// The size limits, per type (docs/operations.md). A photo for the web is
// far below 10 MB; a scanned council decision may be large, an office file
// or a text export should not be.
const (
	MB          = 1 << 20
	maxImage    = 10 * MB
	maxPDF      = 50 * MB
	maxOffice   = 25 * MB
	maxText     = 10 * MB
	maxAnyFile  = maxPDF
	maxPixels   = 40_000_000 // decoding a larger image would take too much memory
	sniffLength = 3072       // what mimetype reads to decide
)

// MaxUploadBody caps one upload request of several files; the upload
// route gets it instead of the 2 MiB every other request gets.
const MaxUploadBody = 120 * MB

// Format is one accepted type of file.
type Format struct {
	ContentType string   // as detected and served
	Label       string   // shown to people: "PDF", "JPEG"
	Exts        []string // the names it may be uploaded with
	Kind        Kind
	Max         int64
	// Office: a proprietary format; WEB-17 wants a PDF or ODF copy beside it.
	Office bool
	// Inline: shown in the browser; everything else is downloaded, so that
	// nothing uploaded (HTML above all) renders on the site's origin.
	Inline bool
	// Open: an open format, fit to be an office file's copy.
	Open bool
}

// formats are the accepted types, by the content type mimetype detects.
// GIF is refused (its animation would be lost in resizing; PNG or WebP do),
// and so is SVG: it may carry scripts, and sanitising it well is a project
// of its own.
var formats = map[string]*Format{
	"image/jpeg": {ContentType: "image/jpeg", Label: "JPEG", Exts: []string{"jpg", "jpeg"}, Kind: Image, Max: maxImage, Inline: true},
	"image/png":  {ContentType: "image/png", Label: "PNG", Exts: []string{"png"}, Kind: Image, Max: maxImage, Inline: true},
	"image/webp": {ContentType: "image/webp", Label: "WebP", Exts: []string{"webp"}, Kind: Image, Max: maxImage, Inline: true},
	"application/pdf": {ContentType: "application/pdf", Label: "PDF", Exts: []string{"pdf"}, Kind: Document, Max: maxPDF,
		Inline: true, Open: true},
	"application/vnd.oasis.opendocument.text": {ContentType: "application/vnd.oasis.opendocument.text", Label: "ODT",
		Exts: []string{"odt"}, Kind: Document, Max: maxOffice, Open: true},
	"application/vnd.oasis.opendocument.spreadsheet": {ContentType: "application/vnd.oasis.opendocument.spreadsheet", Label: "ODS",
		Exts: []string{"ods"}, Kind: Document, Max: maxOffice, Open: true},
	"application/vnd.oasis.opendocument.presentation": {ContentType: "application/vnd.oasis.opendocument.presentation", Label: "ODP",
		Exts: []string{"odp"}, Kind: Document, Max: maxOffice, Open: true},
	"text/html":  {ContentType: "text/html; charset=utf-8", Label: "HTML", Exts: []string{"html", "htm"}, Kind: Document, Max: maxText, Open: true},
	"text/csv":   {ContentType: "text/csv; charset=utf-8", Label: "CSV", Exts: []string{"csv"}, Kind: Document, Max: maxText, Open: true},
	"text/plain": {ContentType: "text/plain; charset=utf-8", Label: "TXT", Exts: []string{"txt", "csv"}, Kind: Document, Max: maxText, Open: true},
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
		ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Label: "DOCX",
		Exts: []string{"docx"}, Kind: Document, Max: maxOffice, Office: true},
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
		ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Label: "XLSX",
		Exts: []string{"xlsx"}, Kind: Document, Max: maxOffice, Office: true},
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": {
		ContentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation", Label: "PPTX",
		Exts: []string{"pptx"}, Kind: Document, Max: maxOffice, Office: true},
	// Old binary office files: mimetype names some by their program and
	// others only as an OLE container; the extension tells which.
	"application/msword":        {ContentType: "application/msword", Label: "DOC", Exts: []string{"doc"}, Kind: Document, Max: maxOffice, Office: true},
	"application/vnd.ms-excel":  {ContentType: "application/vnd.ms-excel", Label: "XLS", Exts: []string{"xls"}, Kind: Document, Max: maxOffice, Office: true},
	"application/x-ole-storage": {ContentType: "application/x-ole-storage", Label: "DOC/XLS", Exts: []string{"doc", "xls"}, Kind: Document, Max: maxOffice, Office: true},
}

// Problems with a file's type, as catalogue keys.
const (
	errEmpty     = "media.error.empty"
	errUnknown   = "media.error.type"
	errSVG       = "media.error.svg"
	errGIF       = "media.error.gif"
	errMismatch  = "media.error.mismatch"
	errTooLarge  = "media.error.too_large"
	errBroken    = "media.error.broken_image"
	errTooManyPx = "media.error.too_many_pixels"
)

// Detect judges a file by its first bytes (at least sniffLength of them,
// or all of a shorter file) and the extension of the name it came with:
// the content decides the type, and a name that says otherwise is refused,
// so that no one is handed a "report.pdf" that is something else. problem
// is a catalogue key, "" when the file is acceptable.
//
// mimetype rather than http.DetectContentType: the standard library tells
// neither ODF from OOXML from any ZIP, nor CSV from text.
func Detect(head []byte, name string) (f *Format, problem string) {
	if len(head) == 0 {
		return nil, errEmpty
	}
	ext := Extension(name)
	// The most specific type whose extensions include the name's wins: a
	// CSV named .txt is text, an HTML page named .txt is text too (and is
	// downloaded, never rendered). A known type under another's name is
	// refused.
	var named *Format
	for m := mimetype.Detect(head); m != nil; m = m.Parent() {
		base, _, _ := strings.Cut(m.String(), ";")
		switch base {
		case "image/svg+xml":
			return nil, errSVG
		case "image/gif":
			return nil, errGIF
		}
		f, ok := formats[base]
		if !ok {
			continue
		}
		if slices.Contains(f.Exts, ext) {
			if base == "application/x-ole-storage" {
				return formats[map[string]string{"doc": "application/msword", "xls": "application/vnd.ms-excel"}[ext]], ""
			}
			return f, ""
		}
		if named == nil {
			named = f
		}
	}
	if named != nil {
		return named, errMismatch
	}
	return nil, errUnknown
}
