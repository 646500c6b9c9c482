package institution

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
)

// MaxCoatOfArmsSize bounds an uploaded coat of arms; a header image needs
// far less, and every page links to it.
const MaxCoatOfArmsSize = 512 << 10

// CoatOfArmsType returns the content type of an image an administrator
// uploads, judged by its bytes, never by its name or the browser's word:
// PNG, JPEG, WebP or SVG. ok is false for anything else.
func CoatOfArmsType(b []byte) (contentType string, ok bool) {
	switch ct := http.DetectContentType(b); ct {
	case "image/png", "image/jpeg", "image/webp":
		return ct, true
	}
	// DetectContentType calls SVG text, XML or even HTML (after a
	// comment); parsing tells for sure.
	if isSVG(b) {
		return "image/svg+xml", true
	}
	return "", false
}

// isSVG reports whether b is a well-formed UTF-8 XML document whose root
// element is <svg>.
func isSVG(b []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(b))
	root := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return root
		}
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !root {
				if t.Name.Local != "svg" {
					return false
				}
				root = true
			}
		case xml.CharData:
			if !root && strings.TrimSpace(string(t)) != "" {
				return false
			}
		}
	}
}
