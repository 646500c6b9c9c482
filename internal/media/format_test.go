package media

import (
	"bytes"
	"testing"
)

// The type comes from the content; a name that says otherwise, SVG, GIF,
// an empty file and unknown content are refused (WEB-22).
func TestDetect(t *testing.T) {
	tests := []struct {
		name    string
		file    []byte
		want    string // the label, "" when refused
		problem string
	}{
		{"rotuse.jpg", jpegOf(t, photo(40, 30)), "JPEG", ""},
		{"Rotuse.JPEG", jpegOf(t, photo(40, 30)), "JPEG", ""},
		{"schema.png", pngOf(t, photo(40, 30)), "PNG", ""},
		{"taskas.webp", metaWebP(), "WebP", ""},
		{"sprendimas.pdf", minimalPDF(), "PDF", ""},
		{"planas.odt", odt(t), "ODT", ""},
		{"ataskaita.docx", docx(t), "DOCX", ""},
		{"duomenys.csv", []byte("vardas,pavarde,metai\nOna,Onaitė,1980\nJonas,Jonaitis,1975\n"), "CSV", ""},
		{"pastaba.txt", []byte("Paprastas tekstas su ąčęėįšųūž.\n"), "TXT", ""},
		{"puslapis.html", []byte("<!DOCTYPE html><html><head><title>x</title></head><body><p>Sveiki</p></body></html>"), "HTML", ""},
		// A CSV or an HTML page named .txt is text, downloaded as such.
		{"duomenys.txt", []byte("a,b\n1,2\n3,4\n"), "TXT", ""},
		{"sprendimas.pdf", pngOf(t, photo(4, 4)), "PNG", errMismatch},
		{"nuotrauka.jpg", minimalPDF(), "PDF", errMismatch},
		{"ataskaita.pdf", docx(t), "DOCX", errMismatch},
		{"nuotrauka.png", []byte("MZ\x90\x00 an executable"), "", errUnknown},
		{"herbas.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "", errSVG},
		{"herbas.png", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "", errSVG},
		{"animacija.gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "", errGIF},
		{"tuscias.pdf", nil, "", errEmpty},
		{"passwd", pngOf(t, photo(4, 4)), "PNG", errMismatch},
	}
	for _, tt := range tests {
		f, problem := Detect(tt.file, tt.name)
		if problem != tt.problem {
			t.Errorf("%s: problem %q, want %q", tt.name, problem, tt.problem)
		}
		label := ""
		if f != nil {
			label = f.Label
		}
		if label != tt.want {
			t.Errorf("%s: detected %q, want %q", tt.name, label, tt.want)
		}
	}
}

// Whatever the bytes and the name, Detect answers with an accepted format
// whose extensions include the name's, or a problem; never a panic.
func FuzzDetect(f *testing.F) {
	f.Add(minimalPDF(), "a.pdf")
	f.Add([]byte("<svg><script/></svg>"), "a.svg")
	f.Add([]byte("\xff\xd8\xff\xe0"), "a.jpg")
	f.Add([]byte("PK\x03\x04"), "a.docx")
	f.Add([]byte(""), "")
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		format, problem := Detect(b, name)
		if problem == "" {
			if format == nil {
				t.Fatal("accepted without a format")
			}
			ok := false
			for _, e := range format.Exts {
				ok = ok || e == Extension(name)
			}
			if !ok {
				t.Fatalf("%q accepted as %s", name, format.Label)
			}
			if bytes.Contains(b[:min(len(b), 512)], []byte("<svg")) && format.Inline && format.Kind == Image {
				t.Fatalf("SVG-looking content accepted as an inline image %s", format.Label)
			}
		}
	})
}
