package site

import (
	"strings"
	"testing"
)

func TestRenderMarkdown(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		want      []string
		forbidden []string
	}{
		{"headings and lists", "## Darbo laikas\n\n- Pirmadienis\n- Antradienis\n", []string{"<h2>Darbo laikas</h2>", "<li>Pirmadienis</li>"}, nil},
		{"table", "| Diena | Laikas |\n|---|---|\n| I | 8–17 |\n", []string{"<table>", "<th>Diena</th>", "<td>8–17</td>"}, nil},
		// WCAG 1.4.10, 2.1.1: a wide table scrolls in a named frame the
		// keyboard reaches, not by breaking its words.
		{"tables scroll in named frames", "| A |\n|---|\n| 1 |\n\nTekstas\n\n| B |\n|---|\n| 2 |\n",
			[]string{`<div class="sv-table-wrap" role="region" tabindex="0" aria-label="Lentelė 1"><table>`, `aria-label="Lentelė 2"><table>`, "</table></div>"}, nil},
		{"raw script dropped", "Tekstas <script>alert(1)</script>", []string{"Tekstas"}, []string{"<script", "alert(1)</script>"}},
		{"javascript link neutralised", "[spauskite](javascript:alert(1))", []string{"spauskite"}, []string{"javascript:"}},
		{"event handler attribute dropped", "<img src=x onerror=alert(1)>", nil, []string{"onerror"}},
		{"external link marked (EPS-15)", "[Registrų centras](https://www.registrucentras.lt)", []string{`class="sv-external"`, "Registrų centras (išorinė nuoroda)</a>"}, nil},
		{"internal link not marked", "[Kontaktai](/struktura-ir-kontaktai)", []string{`href="/struktura-ir-kontaktai"`}, []string{"išorinė"}},
		{"protocol-relative link marked (EPS-15)", "[x](//evil.example/a)", []string{`class="sv-external"`, "x (išorinė nuoroda)</a>"}, nil},
		{"scheme without slashes marked (EPS-15)", "[x](https:evil.example)", []string{"x (išorinė nuoroda)"}, nil},
		{"other host via one slash marked (EPS-15)", "[x](http:/evil.example)", []string{"x (išorinė nuoroda)"}, nil},
		{"anchor not marked", "[Turinys](#turinys)", []string{`href="#turinys"`}, []string{"išorinė"}},
		{"autolink marked", "Žr. https://e-seimas.lrs.lt/ puslapį", []string{"(išorinė nuoroda)"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RenderMarkdown(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, f := range tt.forbidden {
				if strings.Contains(got, f) {
					t.Errorf("output contains %q:\n%s", f, got)
				}
			}
		})
	}
}

// FuzzRenderMarkdown: whatever an editor types, the output carries no
// script, no event handler and no javascript: URL.
func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{"# Antraštė", "<script>x</script>", "[a](javascript:x)", "<a href=\"x\" onclick=\"y\">z</a>",
		"| a | b |\n|---|---|\n| <svg onload=x> | 2 |", "![x](data:text/html,<script>)", "<<script>script>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := RenderMarkdown(src)
		if err != nil {
			return
		}
		low := strings.ToLower(out)
		for _, bad := range []string{"<script", "javascript:", " onerror=", " onload=", " onclick=", "<iframe", "<style"} {
			if strings.Contains(low, bad) {
				t.Fatalf("unsafe output %q for input %q", out, src)
			}
		}
	})
}

func TestSignificantWords(t *testing.T) {
	tests := []struct {
		title string
		want  int
	}{
		{"Struktūra ir kontaktai", 2},
		{"Paskatinimai ir apdovanojimai", 2},
		{"Biudžeto vykdymo ataskaitų rinkiniai", 4},
		{"Teisinio reguliavimo stebėsena", 3},
		{"Informacija apie savivaldybės veiklą ir jos rezultatus 2026", 5},
		{"Prašymai dėl paslaugų", 2},
		{"Turizmas – lankytinos vietos", 3},
		{"  ", 0},
	}
	for _, tt := range tests {
		if got := SignificantWords(tt.title); got != tt.want {
			t.Errorf("SignificantWords(%q) = %d, want %d", tt.title, got, tt.want)
		}
	}
	if !ValidMenuTitle("Biudžeto vykdymo ataskaitų rinkiniai") || ValidMenuTitle("Savivaldybės tarybos sprendimų projektų svarstymas") {
		t.Error("the four-word limit of WEB-03 is not applied")
	}
}

// FuzzMenuTitle: the count never exceeds the number of whitespace-separated
// tokens, and adding a conjunction never changes the verdict.
func FuzzMenuTitle(f *testing.F) {
	for _, s := range []string{"Struktūra ir kontaktai", "a b c d e", "—", "Ūkio subjektų priežiūra"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		n := SignificantWords(title)
		if n < 0 || n > len(strings.Fields(title))+strings.Count(title, "-")+strings.Count(title, "/")+strings.Count(title, ",")+strings.Count(title, "–")+strings.Count(title, "—") {
			t.Fatalf("SignificantWords(%q) = %d", title, n)
		}
		if SignificantWords(title+" ir") != n {
			t.Fatalf("a trailing conjunction changed the count of %q", title)
		}
	})
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Teisės aktai":                "teises-aktai",
		"Ūkio subjektų priežiūra":     "ukio-subjektu-prieziura",
		"2026 m. biudžetas!":          "2026-m-biudzetas",
		"<script>":                    "script",
		"":                            "puslapis",
		"Čia – žodis / kitas žodis  ": "cia-zodis-kitas-zodis",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}
