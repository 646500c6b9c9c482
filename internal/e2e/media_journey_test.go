package e2e_test

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/browsertest"
)

// The journey of issue 17's quality bar (WEB-22, WEB-17, WEB-20): a
// department editor uploads a PDF and a photo into the library, inserts both
// into a new page through the editor's toolbar, publishes it; a visitor sees
// the photo with its text alternative and downloads the PDF; the page is
// moved, and its old address leads to the new one.
func TestMediaIntoAPageJourney(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	logIn(t, b, "editora@savivaldybe.lt")

	upload := func(path, title, alt string) {
		t.Helper()
		b.Navigate("/admin/media/upload")
		b.Fill("title", title)
		if alt != "" {
			b.Fill("alt", alt)
		}
		b.Upload("files", path)
		b.ClickButton("Įkelti")
		if !strings.Contains(b.PageText(), title) {
			t.Fatalf("after uploading %s: %s", path, b.PageText())
		}
	}
	upload(filepath.Join("..", "demo", "media", "tarybos-sprendimas-t-214.pdf"), "Tarybos sprendimas dėl vandens kainų", "")
	upload(filepath.Join("..", "demo", "media", "ezeras.jpg"), "Ežeras", "Ežero pakrantė rudenį")

	newPageForm(b, "Vandens kainos")
	b.Eval(`document.querySelector(".sv-editor__content").focus()`, nil)
	keys(b, "Naujos kainos nuo sausio.")
	insert := func(kind, query, choose string) {
		t.Helper()
		toolbarButton(t, b, "Įterpti iš bibliotekos")
		keys(b, "\n")
		waitFor(t, b, `!!document.querySelector("dialog[open] input")`)
		if kind == "document" {
			keys(b, "\t")
			b.Fill(b.Focused().ID, "Dokumentai")
			b.Eval(`document.querySelector("dialog[open] input").focus()`, nil)
		}
		keys(b, query)
		waitFor(t, b, `[...document.querySelectorAll("dialog[open] .sv-editor__media button")].some((el) => el.textContent.includes(`+"`"+choose+"`"+`))`)
		b.Eval(`[...document.querySelectorAll("dialog[open] .sv-editor__media button")].find((el) => el.textContent.includes(`+"`"+choose+"`"+`)).focus()`, nil)
		keys(b, "\n")
	}
	insert("image", "Ežer", "Ežeras")
	insert("document", "Tarybos", "Tarybos sprendimas")
	md := b.Value("body")
	if !strings.Contains(md, "](/failai/") || !strings.Contains(md, "![") {
		t.Fatalf("the editor inserted no library files:\n%s", md)
	}
	b.ClickButton("Išsaugoti")
	b.ClickButton("Pateikti peržiūrai")
	b.ClickButton("Paskelbti")

	visitor := b.Fresh()
	visitor.Navigate("/veiklos-sritys/vandens-kainos")
	var img struct {
		Alt, Srcset string
		Loaded      bool
	}
	visitor.Eval(`(() => { const i = document.querySelector("main img");
		return i ? {Alt: i.alt, Srcset: i.srcset, Loaded: i.complete && i.naturalWidth > 0} : {}; })()`, &img)
	if img.Alt != "Ežero pakrantė rudenį" || !strings.Contains(img.Srcset, "w") {
		t.Errorf("the visitor's image: %+v, want the alt text and a srcset", img)
	}
	link := visitor.Text(`main a[href*="/failai/"]`)
	if !strings.Contains(link, "Tarybos sprendimas") || !strings.Contains(link, "PDF") || !strings.Contains(link, "kB") {
		t.Errorf("the document link %q does not say its format and size", link)
	}
	var href string
	visitor.Eval(`document.querySelector('main a[href*="/failai/"]').href`, &href)
	res, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("downloading the PDF: %d %v", res.StatusCode, res.Header)
	}
	if text := pdfText(t, pdf); !strings.Contains(text, "SPRENDIMAS") && !strings.Contains(text, "sprendimas") {
		t.Errorf("the downloaded PDF does not read as the council decision:\n%.300s", text)
	}

	// Moved to another section, the old address leads to the new one.
	b.Click(`main a[href$="/move"]`)
	b.Fill("section_id", "Paslaugos")
	b.ClickButton("Perkelti puslapį")
	visitor.Navigate("/veiklos-sritys/vandens-kainos")
	if got := visitor.Path(); got != "/paslaugos/vandens-kainos" {
		t.Errorf("the old address led to %s", got)
	}
	if !visitor.Has(`main img[alt="Ežero pakrantė rudenį"]`) {
		t.Error("the moved page lost its image")
	}
}

// pdfText is what pdftotext reads in a PDF.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext (Debian poppler-utils) is required under CI")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	f := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
