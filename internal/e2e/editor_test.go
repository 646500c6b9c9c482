package e2e_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/savivalda/savivalda/internal/a11ycheck"
	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/browsertest"
	"github.com/savivalda/savivalda/internal/media"
)

// The page body editor (WEB-34, issue 17): a person who knows no Markdown
// writes a heading, a list, a table and a link with the toolbar, using the
// keyboard only, and the saved page shows them.
func TestEditorWritesAPageWithTheKeyboard(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	logIn(t, b, "editora@savivaldybe.lt")
	newPageForm(b, "Seniūnijos darbo laikas")

	// From the title, Tab reaches the Markdown switch, then the toolbar
	// (one tab stop), then the text.
	if visible(b, "#f-body") || !visible(b, "[role=toolbar]") {
		t.Fatal("with the editor on, the Markdown field is shown or the toolbar is not")
	}
	b.Eval(`document.getElementById("f-title").focus()`, nil)
	tabTo(t, b, ".sv-editor__toggle")
	if f := b.Focused(); f.Text != "Rodyti Markdown" {
		t.Fatalf("the first stop of the editor is %q, want the Markdown switch", f.Text)
	}
	b.Press(kb.Tab)
	if f := b.Focused(); f.Text != "Antraštė" {
		t.Fatalf("after the switch the focus is on %q, want the toolbar's first button", f.Text)
	}
	b.Press(kb.Tab)
	if !b.FocusWithin(".sv-editor__content") {
		t.Fatalf("the second Tab after the switch left the focus on %+v, want the text", b.Focused())
	}

	// A heading: type, then Escape to the toolbar and Enter on "Antraštė".
	keys(b, "Darbo laikas")
	toolbarButton(t, b, "Antraštė")
	keys(b, "\n")
	if !b.FocusWithin(".sv-editor__content") {
		t.Fatalf("after a toolbar button the focus is on %+v, want the text", b.Focused())
	}
	// A list; Enter on an empty item ends it.
	keys(b, "\n")
	toolbarButton(t, b, "Sąrašas")
	keys(b, "\nPirmadienis\nAntradienis\n\n")
	// A table of three columns; Tab moves between its cells. The empty
	// last row is deleted, a column added and deleted again.
	toolbarButton(t, b, "Įterpti lentelę")
	keys(b, "\nDiena\tLaikas\tPastaba\tI-V\t8-17\tPietus 12-13\t")
	toolbarButton(t, b, "Šalinti eilutę")
	keys(b, "\n")
	toolbarButton(t, b, "Pridėti stulpelį")
	keys(b, "\n")
	if n := count(b, ".sv-editor__content tr:first-child > *"); n != 4 {
		t.Errorf("after adding a column the table has %d columns, want 4", n)
	}
	keys(b, "\t") // into the new column
	toolbarButton(t, b, "Šalinti stulpelį")
	keys(b, "\n")
	if rows, cols := count(b, ".sv-editor__content tr"), count(b, ".sv-editor__content tr:first-child > *"); rows != 2 || cols != 3 {
		t.Errorf("the table has %d rows and %d columns, want 2 and 3", rows, cols)
	}
	// Below the table, a link through the link dialog: a wrong address is
	// refused with a message, a right one inserted.
	keys(b, kb.ArrowDown+kb.ArrowDown+"Daugiau: ")
	toolbarButton(t, b, "Nuoroda")
	keys(b, "\n")
	if !b.FocusWithin("dialog[open]") {
		t.Fatalf("the link button opened no dialog; the focus is on %+v", b.Focused())
	}
	keys(b, "lrs\n")
	if got := b.Text("dialog[open] .sv-error-message"); !strings.Contains(got, "Įveskite nuorodos adresą") {
		t.Errorf("a wrong address says %q", got)
	}
	selectAll(b)
	keys(b, "www.lrs.lt\tSeimas\n")
	if b.Has("dialog[open]") || !b.FocusWithin(".sv-editor__content") {
		t.Fatalf("after the link the dialog is still open or the focus is on %+v", b.Focused())
	}

	md := b.Value("body")
	for _, want := range []string{"## Darbo laikas", "- Pirmadienis\n- Antradienis", "| Diena | Laikas | Pastaba      |", "| I-V   | 8-17   | Pietus 12-13 |", "[Seimas](https://www.lrs.lt)"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
	b.ClickButton("Išsaugoti")
	preview := b.Text(".sv-preview")
	if got := b.Text(".sv-preview h2"); got != "Darbo laikas" {
		t.Errorf("the preview's heading is %q:\n%s", got, preview)
	}
	if got := b.Text(".sv-preview ul"); got != "Pirmadienis\nAntradienis" {
		t.Errorf("the preview's list is %q", got)
	}
	if got := b.Text(".sv-preview thead"); !strings.Contains(got, "Diena") || !strings.Contains(got, "Pastaba") {
		t.Errorf("the preview's table header is %q", got)
	}
	if got := b.Text(`.sv-preview a[href="https://www.lrs.lt"]`); got != "Seimas (išorinė nuoroda)" {
		t.Errorf("the preview's link is %q", got)
	}
	for _, e := range b.ConsoleErrors() {
		t.Errorf("browser console: %s", e)
	}
}

// A body left empty comes back with the error, and the error summary's
// link and the field's label lead to the editor, not to the hidden field.
func TestEditorErrorLeadsToTheEditor(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	logIn(t, b, "editora@savivaldybe.lt")
	newPageForm(b, "Be turinio")
	b.ClickButton("Išsaugoti")
	if b.Status() != 422 {
		t.Fatalf("saving without a body answered %d, want 422", b.Status())
	}
	var invalid string
	b.Eval(`document.querySelector(".sv-editor__content").getAttribute("aria-invalid") || ""`, &invalid)
	if invalid != "true" {
		t.Errorf("the editor of a body with an error is not marked invalid")
	}
	b.Eval(`document.querySelector('.sv-error-summary a[href="#f-body"]').click()`, nil)
	if !b.FocusWithin(".sv-editor__content") {
		t.Errorf("the error summary's link put the focus on %+v, want the editor", b.Focused())
	}
	b.Eval(`document.activeElement.blur(); document.querySelector('label[for="f-body"]').click()`, nil)
	if !b.FocusWithin(".sv-editor__content") {
		t.Errorf("the field's label put the focus on %+v, want the editor", b.Focused())
	}
}

// wordClipboard is what Word for Windows puts on the clipboard for a heading,
// a paragraph with a link and a span, a bulleted and a numbered list, a
// table and an embedded picture.
const wordClipboard = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;} --></style></head>
<body lang=LT style='tab-interval:36.0pt'><!--StartFragment-->
<h1 style='mso-margin-top-alt:auto'><a name="_Toc1"></a><span style='font-family:"Calibri Light"'>Seniūnijos paslaugos<o:p></o:p></span></h1>
<p class=MsoNormal><span style='font-size:12.0pt;color:#1F3864'>Prašymus priimame <b>darbo dienomis</b>. Daugiau – <a href="https://www.e-tar.lt/" target="_blank"><span style='color:#0563C1'>TAR</span></a>.<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span style='font-size:12.0pt'>Gyvenamosios vietos deklaravimas<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Pažymų išdavimas<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>Užpildykite prašymą<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>Pateikite jį seniūnijai<o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'><td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt'><p class=MsoNormal><b>Diena<o:p></o:p></b></p></td>
  <td width=301 valign=top style='width:225.4pt'><p class=MsoNormal><b>Laikas<o:p></o:p></b></p></td></tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'><td width=301 valign=top><p class=MsoNormal>Pirmadienis<o:p></o:p></p></td>
  <td width=301 valign=top><p class=MsoNormal>8.00–17.00<o:p></o:p></p><p class=MsoNormal>pietūs 12.00<o:p></o:p></p></td></tr>
</table>
<p class=MsoNormal><!--[if gte vml 1]><v:shape id="Picture_1" type="#_x0000_t75" style='width:100pt;height:50pt'><v:imagedata src="file:///C:/Users/ona/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png" o:title=""/></v:shape><![endif]--><![if !vml]><img width=133 height=67 src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==" v:shapes="Picture_1"><![endif]><span style='mso-bookmark:_Toc1'>Ačiū.</span><o:p></o:p></p>
<!--EndFragment--></body></html>`

// Pasting from Word keeps the heading, lists, table and link as clean
// content and drops the rest: styles, spans, classes, Office's markup and
// the picture held as data.
func TestEditorKeepsStructurePastedFromWord(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	logIn(t, b, "editora@savivaldybe.lt")
	newPageForm(b, "Seniūnijos paslaugos")
	b.Eval(`document.querySelector(".sv-editor__content").focus()`, nil)
	paste(b, wordClipboard)

	md := b.Value("body")
	for _, want := range []string{
		"## Seniūnijos paslaugos",
		"Prašymus priimame **darbo dienomis**. Daugiau – [TAR](https://www.e-tar.lt/).",
		"- Gyvenamosios vietos deklaravimas\n- Pažymų išdavimas",
		"1. Užpildykite prašymą\n2. Pateikite jį seniūnijai",
		"| **Diena**", "| Pirmadienis", "8.00–17.00 pietūs 12.00",
		"Ačiū.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
	for _, junk := range []string{"<", "mso", "Mso", "span", "style", "Calibri", "data:", "file:", "·", "!["} {
		if strings.Contains(md, junk) {
			t.Errorf("the Markdown keeps %q:\n%s", junk, md)
		}
	}
	if b.Text("[data-editor-notice]") != "" {
		t.Errorf("pasting clean content shows a notice: %q", b.Text("[data-editor-notice]"))
	}
	b.ClickButton("Išsaugoti")
	if got := b.Text(".sv-preview h2"); got != "Seniūnijos paslaugos" {
		t.Errorf("the preview's heading is %q", got)
	}
	if got := b.Text(".sv-preview ol"); got != "Užpildykite prašymą\nPateikite jį seniūnijai" {
		t.Errorf("the preview's numbered list is %q", got)
	}
	if got := count(b, ".sv-preview table tr"); got != 2 {
		t.Errorf("the preview's table has %d rows, want 2", got)
	}
}

// Raw HTML is not dropped silently: typed into the Markdown, the editor
// names the tags at once; saved, the page overview and the editor name them.
func TestEditorNamesTheHTMLItDrops(t *testing.T) {
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	logIn(t, b, "editora@savivaldybe.lt")
	newPageForm(b, "Renginiai")

	b.Eval(`document.querySelector(".sv-editor__toggle").focus()`, nil)
	keys(b, "\n")
	if !b.FocusWithin("#f-body") || visible(b, ".sv-editor__area") || visible(b, "[role=toolbar]") {
		t.Fatalf("the Markdown switch left the focus on %+v, want the Markdown field", b.Focused())
	}
	keys(b, `Koncertas <span class="x">sekmadieni</span> <div>`)
	notice := b.Text("[data-editor-notice]")
	if !strings.Contains(notice, "<span>") || !strings.Contains(notice, "<div>") {
		t.Errorf("the notice while typing Markdown says %q, want <span> and <div>", notice)
	}
	// Back in the editor the tags are gone from the text, and the notice
	// still names them.
	b.Eval(`document.querySelector(".sv-editor__toggle").focus()`, nil)
	keys(b, "\n")
	if got := strings.TrimSpace(b.Text(".sv-editor__content")); got != "Koncertas sekmadieni" {
		t.Errorf("the editor shows %q", got)
	}
	if got := b.Text("[data-editor-notice]"); got != notice {
		t.Errorf("back in the editor the notice says %q, want %q", got, notice)
	}

	b.ClickButton("Išsaugoti")
	if got := b.Text(".sv-notice--warning"); !strings.Contains(got, "<span>") || !strings.Contains(got, "<div>") {
		t.Errorf("the overview after saving says %q, want the removed tags", got)
	}
	b.ClickLink("Redaguoti")
	if got := b.Text("[data-editor-notice]"); !strings.Contains(got, "<span>") {
		t.Errorf("the editor of the saved page says %q, want the removed tags", got)
	}
}

// The library picker is a dialog: a search field, a list, chosen with the
// keyboard; an image goes in as ![alt](url), a document as a link. The
// list is the library's own (GET /admin/media.json).
func TestEditorInsertsFromTheLibrary(t *testing.T) {
	e := apptest.New(t, "sqlite")
	add := func(name, title, alt string, decorative bool) *media.Item {
		t.Helper()
		body, err := os.ReadFile(filepath.Join("..", "demo", "media", name))
		if err != nil {
			t.Fatal(err)
		}
		it, err := e.App.Media.Add(context.Background(), e.Users["editorA"].Actor(), e.In, &media.Upload{Name: name,
			Body: bytes.NewReader(body), Details: media.Details{Title: title, Alt: alt, Decorative: decorative}})
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	photo := add("rotuse.jpg", "Rotušė", "Rotušės aikštė", false)
	add("ezeras.jpg", "Ornamentas", "", true)
	pdf := add("tarybos-sprendimas-t-214.pdf", "Tarybos sprendimas", "", false)
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	logIn(t, b, "editora@savivaldybe.lt")
	newPageForm(b, "Rotušė")
	b.Eval(`document.querySelector(".sv-editor__content").focus()`, nil)

	toolbarButtonFromText(t, b, "Įterpti iš bibliotekos")
	keys(b, "\n")
	waitFor(t, b, `!!document.querySelector("dialog[open] .sv-editor__media button")`)
	if f := b.Focused(); f.Tag != "input" {
		t.Fatalf("the library dialog put the focus on %+v, want its search field", f)
	}
	keys(b, "Rot")
	waitFor(t, b, `document.querySelectorAll("dialog[open] .sv-editor__media button").length === 1`)
	keys(b, kb.ArrowDown+"\n")
	// A document, chosen from the second kind.
	toolbarButton(t, b, "Įterpti iš bibliotekos")
	keys(b, "\n")
	waitFor(t, b, `!!document.querySelector("dialog[open] select")`)
	keys(b, "\t")
	b.Fill(b.Focused().ID, "Dokumentai")
	waitFor(t, b, `[...document.querySelectorAll("dialog[open] .sv-editor__media button")].some((el) => el.textContent.includes("Tarybos sprendimas"))`)
	keys(b, "\t\n")

	md := b.Value("body")
	for _, want := range []string{"![Rotušės aikštė](" + photo.URL() + ")", "[Tarybos sprendimas](" + pdf.URL() + ")"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
}

// newPageForm opens the new page form and fills everything but the body.
func newPageForm(b *browsertest.Browser, title string) {
	b.Navigate("/admin/pages/new")
	b.Fill("section_id", "Veiklos sritys")
	b.Fill("title", title)
	b.Fill("responsible_name", "Ona Šviesaitė")
	b.Fill("responsible_phone", "(8 5) 211 2233")
	b.Fill("responsible_email", "ona.sviesaite@savivaldybe.lt")
	b.Fill("term_end", time.Now().AddDate(0, 6, 0).Format("2006-01-02"))
}

// tabTo presses Tab until the focus is in an element that matches the
// selector.
func tabTo(t *testing.T, b *browsertest.Browser, selector string) {
	t.Helper()
	for range 10 {
		b.Press(kb.Tab)
		if b.FocusWithin(selector) {
			return
		}
	}
	t.Fatalf("ten Tabs did not reach %s; the focus is on %+v", selector, b.Focused())
}

// toolbarButton goes from the text to the toolbar with Escape and moves
// along it with the arrow keys to the button with the text.
func toolbarButton(t *testing.T, b *browsertest.Browser, text string) {
	t.Helper()
	keys(b, kb.Escape)
	if !b.FocusWithin("[role=toolbar]") {
		t.Fatalf("Escape in the text left the focus on %+v, want the toolbar", b.Focused())
	}
	toolbarButtonFromText(t, b, text)
}

// toolbarButtonFromText moves along the toolbar (entering it with Escape
// from the text when the focus is not there yet) to the button with text.
func toolbarButtonFromText(t *testing.T, b *browsertest.Browser, text string) {
	t.Helper()
	if !b.FocusWithin("[role=toolbar]") {
		keys(b, kb.Escape)
	}
	keys(b, kb.Home)
	for range 20 {
		if b.Focused().Text == text {
			return
		}
		keys(b, kb.ArrowRight)
	}
	t.Fatalf("the toolbar has no button %q", text)
}

// keys types s on the keyboard into the focused element, as Press does,
// but sends Enter ("\n") as a browser gets it from a keyboard: a key down
// that carries its text, so that a handler that takes the key down
// (ProseMirror's Enter, a button's activation) also stops its text. Press
// sends the text as a separate event, which an editor takes for a second
// Enter.
func keys(b *browsertest.Browser, s string) {
	var events []*input.DispatchKeyEventParams
	for _, r := range s {
		if r != '\n' {
			events = append(events, kb.Encode(r)...) // ASCII and kb's keys: the tests type no other letters
			continue
		}
		down := input.DispatchKeyEventParams{Type: kb.KeyDown, Key: "Enter", Code: "Enter", Text: "\r", UnmodifiedText: "\r", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
		up := down
		up.Type, up.Text, up.UnmodifiedText = kb.KeyUp, "", ""
		events = append(events, &down, &up)
	}
	b.Do("type "+strconv.Quote(s), func(ctx context.Context) error {
		_, err := chromedp.Run(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			for _, ev := range events {
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *ev); err != nil {
					return err
				}
			}
			return nil
		}))
		return err
	})
}

// selectAll selects the text of the focused field (Ctrl+A).
func selectAll(b *browsertest.Browser) {
	b.Do("select all", func(ctx context.Context) error {
		_, err := chromedp.Run(ctx, chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
		return err
	})
}

// paste dispatches a paste of the HTML, as a word processor puts it on the
// clipboard, on the focused element.
func paste(b *browsertest.Browser, html string) {
	b.Eval(`((html) => {
		const dt = new DataTransfer();
		dt.setData("text/html", html);
		dt.setData("text/plain", html.replace(/<[^>]*>/g, ""));
		document.activeElement.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
	})(`+jsString(html)+`)`, nil)
}

func count(b *browsertest.Browser, selector string) int {
	var n int
	b.Eval(`document.querySelectorAll(`+jsString(selector)+`).length`, &n)
	return n
}

func visible(b *browsertest.Browser, selector string) bool {
	var v bool
	b.Eval(`(() => { const el = document.querySelector(`+jsString(selector)+`); return !!el && el.getClientRects().length > 0; })()`, &v)
	return v
}

// waitFor waits until the JavaScript condition holds, for what the page
// does after a request.
func waitFor(t *testing.T, b *browsertest.Browser, cond string) {
	t.Helper()
	var ok bool
	b.Eval(`new Promise((resolve) => {
		const start = Date.now();
		const check = () => { if (`+cond+`) resolve(true); else if (Date.now() - start > 5000) resolve(false); else setTimeout(check, 50); };
		check();
	})`, &ok)
	if !ok {
		t.Fatalf("the page never reached: %s", cond)
	}
}

func jsString(s string) string {
	var b strings.Builder
	b.WriteString("`")
	b.WriteString(strings.NewReplacer("\\", "\\\\", "`", "\\`", "${", "\\${").Replace(s))
	b.WriteString("`")
	return b.String()
}

// The editor passes axe-core with content in it and with each of its
// dialogs open, and fits a 320 px wide screen (WEB-34). The accessibility
// suite checks the editor page too, as one page among all.
func TestEditorIsAccessible(t *testing.T) {
	axeJS := requireAxe(t)
	e := apptest.New(t, "sqlite")
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	logIn(t, b, "editora@savivaldybe.lt")
	newPageForm(b, "Seniūnijos paslaugos")
	b.Eval(`document.querySelector(".sv-editor__content").focus()`, nil)
	paste(b, wordClipboard)
	b.Eval(`window.fetch = async () => new Response(JSON.stringify({items: [
		{id: 3, kind: "document", title: "Tarybos sprendimas", url: "/failai/3/sprendimas.pdf", label: "PDF, 120 kB"}]}),
		{headers: {"Content-Type": "application/json"}})`, nil)
	noViolations(t, b, axeJS, "the editor with a heading, lists, a table and a link")

	toolbarButton(t, b, "Nuoroda")
	keys(b, "\n")
	noViolations(t, b, axeJS, "the link dialog")
	keys(b, kb.Escape)
	if b.Has("dialog[open]") || !b.FocusWithin("[role=toolbar]") {
		t.Errorf("Escape in the link dialog left it open or the focus on %+v, want the toolbar", b.Focused())
	}
	toolbarButtonFromText(t, b, "Įterpti iš bibliotekos")
	keys(b, "\n")
	waitFor(t, b, `!!document.querySelector("dialog[open] .sv-editor__media button")`)
	noViolations(t, b, axeJS, "the library dialog")
	keys(b, kb.Escape)

	b.SetViewport(320, 640)
	var wide struct{ Scroll, Window int }
	b.Eval(`({Scroll: document.documentElement.scrollWidth, Window: innerWidth})`, &wide)
	if wide.Scroll > wide.Window {
		t.Errorf("at 320 px the editor page is %d px wide", wide.Scroll)
	}
}

func noViolations(t *testing.T, b *browsertest.Browser, axeJS, what string) {
	t.Helper()
	var violations []a11ycheck.Violation
	b.Do("run axe-core", func(ctx context.Context) error {
		var err error
		violations, err = a11ycheck.CheckPage(ctx, axeJS)
		return err
	})
	for _, v := range violations {
		t.Errorf("%s: axe: %s", what, v)
	}
}
