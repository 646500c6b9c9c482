package media

import (
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/files"
)

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Tarybos sprendimas Nr. 5.pdf": "tarybos-sprendimas-nr-5.pdf",
		"Rotušė ŽIEMĄ.JPG":             "rotuse-ziema.jpg",
		"../../etc/passwd":             "passwd",
		`..\..\windows\win.ini`:        "win.ini",
		"a\x00b.png":                   "a-b.png",
		".htaccess":                    "htaccess",
		"...":                          "failas",
		"":                             "failas",
		"ataskaita.tar.gz":             "ataskaita-tar.gz",
		"Ąžuolų gatvė.odt":             "azuolu-gatve.odt",
		"be plėtinio":                  "be-pletinio",
		"planas.pdf%00.html":           "planas-pdf-00.html",
	}
	for in, want := range tests {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
	long := Slug("Ilgas " + strings.Repeat("žodis ", 60) + ".pdf")
	if len(long) != maxSlugLen+len(".pdf") || !strings.HasPrefix(long, "ilgas-zodis-") || !strings.HasSuffix(long, ".pdf") {
		t.Errorf("a long name: %q", long)
	}
}

// Whatever a browser sends as a file's name, the slug is one short
// segment of safe characters, fit to be part of an address and even of a
// storage key (which it never is).
func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Tarybos sprendimas Nr. 5.pdf", "../../etc/passwd", "a\x00b", ".", "ąčęėįšųūž.ŽĄ", "\\\\srv\\x.doc", "a.b.c.d.e.f.g"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		s := Slug(name)
		if s == "" || len(s) > maxSlugLen+6 || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "-") {
			t.Fatalf("Slug(%q) = %q", name, s)
		}
		if !files.ValidKey("media/1/" + s) {
			t.Fatalf("Slug(%q) = %q is not a safe segment", name, s)
		}
		if strings.Contains(s, "..") {
			t.Fatalf("Slug(%q) = %q holds ..", name, s)
		}
	})
}
