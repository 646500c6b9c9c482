package media_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/media"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
	"github.com/savivalda/savivalda/internal/web"
)

// file is one file of an upload form.
type file struct {
	name string
	body []byte
}

// multipartForm builds an upload form: the fields first, then the files,
// as the browser sends the library's forms.
func multipartForm(t *testing.T, fields url.Values, field string, fs ...file) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, f := range fs {
		h := textproto.MIMEHeader{}
		// The browser's word on the type, which is never believed.
		quoted := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(f.name) // as browsers send it, control bytes and all
		h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+quoted+`"`)
		h.Set("Content-Type", "image/png")
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

func upload(t *testing.T, c *apptest.Client, fields url.Values, fs ...file) apptest.Response {
	t.Helper()
	ct, body := multipartForm(t, fields, "files", fs...)
	return c.PostBody("/admin/media/upload", ct, body)
}

// items lists the institution's items, newest first.
func items(t *testing.T, e *apptest.Env) []*media.Item {
	t.Helper()
	rows, err := e.DB.QueryContext(context.Background(), `SELECT id FROM media_items WHERE institution_id = ? ORDER BY id DESC`, e.In.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []*media.Item
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		it, err := media.Find(context.Background(), e.DB, e.In.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, it)
	}
	return out
}

func storedFiles(t *testing.T, e *apptest.Env) []string {
	t.Helper()
	var out []string
	root := filepath.Join(e.App.Config.DataDir, "files")
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

// Every accepted type is uploaded in one form of several files, each an
// item of its own with its type judged from its content (WEB-22, WEB-17).
func TestUploadEachType(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		c := e.Login("editorA")
		res := upload(t, c, url.Values{"description": {"Metinė ataskaita"}},
			file{"Rotušė.jpg", media.GPSJPEG(t, 800, 600, 1)},
			file{"schema.png", media.MetaPNG(t, 60, 40)},
			file{"taškas.webp", media.MetaWebP()},
			file{"Tarybos sprendimas Nr. 5.pdf", media.MinimalPDF()},
			file{"planas.odt", media.ODT(t)},
			file{"ataskaita.docx", media.DOCX(t)},
			file{"duomenys.csv", []byte("vardas,metai\nOna,1980\nJonas,1975\n")},
			file{"pastaba.txt", []byte("Tekstas su ąčęėįšųūž.\n")},
			file{"puslapis.html", []byte("<!DOCTYPE html><html><body><p>Sveiki</p><script>alert(1)</script></body></html>")},
		)
		if res.Status != http.StatusSeeOther || res.Location != "/admin/media?reikia=1" {
			t.Fatalf("upload: status %d, location %q\n%s", res.Status, res.Location, res.Body)
		}
		got := map[string]string{}
		for _, it := range items(t, e) {
			got[it.Slug] = it.Label()
			if it.DepartmentID != e.Depts["A"] || it.Description != "Metinė ataskaita" {
				t.Errorf("%s: department %d, description %q", it.Slug, it.DepartmentID, it.Description)
			}
		}
		want := map[string]string{"rotuse.jpg": "JPEG", "schema.png": "PNG", "taskas.webp": "WebP", "tarybos-sprendimas-nr-5.pdf": "PDF",
			"planas.odt": "ODT", "ataskaita.docx": "DOCX", "duomenys.csv": "CSV", "pastaba.txt": "TXT", "puslapis.html": "HTML"}
		for slug, label := range want {
			if !strings.HasPrefix(got[slug], label+", ") {
				t.Errorf("%s: %q, want %s", slug, got[slug], label)
			}
		}
		// The library lists them, warns of the office file without a copy
		// and of the images without a text alternative.
		lib := c.Get("/admin/media")
		for _, s := range []string{"Tarybos sprendimas Nr. 5", "Nėra PDF ar ODF kopijos", "Trūksta alternatyviojo teksto", "[Tarybos sprendimas Nr. 5](/failai/"} {
			if !strings.Contains(lib.Body, s) {
				t.Errorf("library lacks %q", s)
			}
		}
		// Their owner gets each file with the detected type; HTML and the
		// rest that could run on the site are downloaded, never rendered.
		for _, it := range items(t, e) {
			r := c.Get(it.URL())
			if r.Status != http.StatusOK || r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Content-Type") != it.ContentType {
				t.Errorf("%s: status %d, type %q", it.Slug, r.Status, r.Header.Get("Content-Type"))
			}
			disp := r.Header.Get("Content-Disposition")
			if inline := strings.HasPrefix(disp, "inline"); inline != (it.Kind == media.Image || it.ContentType == "application/pdf") {
				t.Errorf("%s: disposition %q", it.Slug, disp)
			}
			if it.ContentType != "application/pdf" && !strings.Contains(r.Header.Get("Content-Security-Policy"), "sandbox") {
				t.Errorf("%s: not sandboxed", it.Slug)
			}
		}
	})
}

// A refused file changes nothing and says why in Lithuanian; the form
// keeps what was typed; the other files of the form are kept.
func TestUploadRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		c := e.Login("editorA")
		photo := media.GPSJPEG(t, 64, 48, 1)
		big := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 10<<20)...)
		cases := []struct {
			name string
			f    file
			msg  string
		}{
			{"content belies its name", file{"sprendimas.pdf", media.PNGOf(t, media.Photo(8, 8))}, "turinys – PNG"},
			{"script-carrying SVG", file{"herbas.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}, "SVG failai nepriimami"},
			{"oversized", file{"didele.jpg", big}, "ne didesnis kaip 10 MB"},
			{"empty", file{"tuscias.pdf", nil}, "tuščias"},
			{"truncated JPEG", file{"nuotrauka.jpg", photo[:len(photo)/2]}, "sugadintas arba įkeltas ne visas"},
			{"no extension after a path", file{"../../etc/passwd", media.PNGOf(t, media.Photo(8, 8))}, "turinys – PNG"},
		}
		for _, tc := range cases {
			res := upload(t, c, url.Values{"title": {"Mano pavadinimas"}, "description": {"Mano aprašymas"}, "alt": {"Mano tekstas"}}, tc.f)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d", tc.name, res.Status)
				continue
			}
			for _, s := range []string{tc.msg, `value="Mano pavadinimas"`, "Mano aprašymas", `value="Mano tekstas"`} {
				if !strings.Contains(res.Body, s) {
					t.Errorf("%s: the page lacks %q", tc.name, s)
				}
			}
		}
		if its := items(t, e); len(its) != 0 {
			t.Errorf("refused files stored: %d items", len(its))
		}
		if fs := storedFiles(t, e); len(fs) != 0 {
			t.Errorf("refused files left in the store: %v", fs)
		}
		// One bad file of three: the two good ones are kept and listed.
		res := upload(t, c, nil, file{"gera.pdf", media.MinimalPDF()}, file{"bloga.pdf", []byte("ne PDF")}, file{"kita.png", media.PNGOf(t, media.Photo(8, 8))})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Šie failai įkelti") || !strings.Contains(res.Body, "bloga.pdf") {
			t.Errorf("mixed upload: status %d\n%s", res.Status, res.Body)
		}
		if its := items(t, e); len(its) != 2 {
			t.Errorf("%d items, want the 2 good files", len(its))
		}
		// Path tricks, NUL and very long names end as a slug of the name.
		res = upload(t, c, nil, file{`..\..\Rotušė.png`, media.PNGOf(t, media.Photo(8, 8))},
			file{strings.Repeat("labai ilgas pavadinimas ", 40) + ".pdf", media.MinimalPDF()})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("names: status %d\n%s", res.Status, res.Body)
		}
		its := items(t, e)
		if its[1].Slug != "rotuse.png" || len(its[0].Slug) > 90 || !strings.HasSuffix(its[0].Slug, ".pdf") {
			t.Errorf("slugs %q, %q", its[1].Slug, its[0].Slug)
		}
		for _, k := range storedFiles(t, e) {
			if !regexp.MustCompile(`^media/[0-9a-f]{24}/original$`).MatchString(k) {
				t.Errorf("stored under %q", k)
			}
		}
		// A NUL in a name is refused with the form kept.
		ct, body := multipartForm(t, url.Values{"title": {"Su NUL"}}, "files", file{"a\x00b.pdf", media.MinimalPDF()})
		if res := c.PostBody("/admin/media/upload", ct, body); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("NUL in a name: status %d", res.Status)
		}
	})
}

// A photo's GPS position, camera and comments are gone once uploaded;
// its sizes are made once, kept, and then served from the store.
func TestUploadStripsMetadataAndServesSizes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		c := e.Login("editorA")
		res := upload(t, c, url.Values{"alt": {"Rotušės aikštė žiemą"}}, file{"rotuse.jpg", media.GPSJPEG(t, 1000, 700, 1)})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", res.Status, res.Body)
		}
		it := items(t, e)[0]
		orig := c.Get(it.URL())
		for _, secret := range []string{media.SecretCamera, media.SecretText, "xmpmeta", "Exif"} {
			if strings.Contains(orig.Body, secret) {
				t.Errorf("%q survived the upload", secret)
			}
		}
		if it.Width != 1000 || it.Height != 700 || !strings.Contains(it.Srcset(), "/w640/rotuse.jpg 640w") {
			t.Errorf("%d×%d, srcset %q", it.Width, it.Height, it.Srcset())
		}
		path := fmt.Sprintf("/failai/%d/v1/w640/rotuse.jpg", it.ID)
		first := c.Get(path)
		img, _, err := image.Decode(strings.NewReader(first.Body))
		if first.Status != http.StatusOK || err != nil || img.Bounds().Dx() != 640 || img.Bounds().Dy() != 448 {
			t.Fatalf("size: status %d, %v", first.Status, err)
		}
		key := filepath.Join(e.App.Config.DataDir, "files", it.FileKey, "w640.jpg")
		st, err := os.Stat(key)
		if err != nil {
			t.Fatalf("the size was not kept: %v", err)
		}
		time.Sleep(20 * time.Millisecond) // so that a second making would show in the time
		if second := c.Get(path); second.Body != first.Body {
			t.Error("the second request got another image")
		}
		if st2, _ := os.Stat(key); !st2.ModTime().Equal(st.ModTime()) {
			t.Error("the size was made again")
		}
		// A size at least as wide as the image is the image itself; a size
		// not offered is not there.
		if r := c.Get(fmt.Sprintf("/failai/%d/v1/w1280/rotuse.jpg", it.ID)); r.Status != http.StatusFound || r.Location != it.VersionedURL() {
			t.Errorf("w1280: %d %q", r.Status, r.Location)
		}
		if r := c.Get(fmt.Sprintf("/failai/%d/v1/w500/rotuse.jpg", it.ID)); r.Status != http.StatusNotFound {
			t.Errorf("w500: %d", r.Status)
		}
		// Ranges are served.
		if r := rangeGet(t, e, c, it.URL(), "bytes=0-9"); r.Status != http.StatusPartialContent || len(r.Body) != 10 {
			t.Errorf("range: %d, %d bytes", r.Status, len(r.Body))
		}
	})
}

func rangeGet(t *testing.T, e *apptest.Env, c *apptest.Client, path, rng string) apptest.Response {
	t.Helper()
	c.Header = http.Header{"Range": {rng}}
	defer func() { c.Header = nil }()
	return c.Get(path)
}

// pageForm is a page of department A whose body links to the files.
func pageForm(t *testing.T, e *apptest.Env, body string) *site.PageForm {
	t.Helper()
	var sec int64
	if err := e.DB.QueryRowContext(context.Background(), `SELECT id FROM sections WHERE institution_id = ? AND path = ?`,
		e.In.ID, "/veiklos-sritys").Scan(&sec); err != nil {
		t.Fatal(err)
	}
	return &site.PageForm{Title: "Rotušės remontas", Body: body, SectionID: sec, DepartmentID: e.Depts["A"],
		ResponsibleName: "Ona Onaitė", ResponsiblePhone: "(8 5) 200 0001", ResponsibleEmail: "ona.onaite@savivaldybe.lt",
		TermEnd: web.FormatDate(time.Now().AddDate(1, 0, 0))}
}

// A file no published page uses is not there for visitors, nor for
// another department's staff; once a page using it is published, it is
// public and cached for good under its versioned address. The page's
// image gets its sizes and dimensions, the link its format and size.
func TestVisibilityFollowsPublication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		ctx := context.Background()
		editor := e.Login("editorA")
		upload(t, editor, url.Values{"alt": {"Rotušė"}}, file{"rotuse.jpg", media.GPSJPEG(t, 900, 600, 1)})
		upload(t, editor, nil, file{"Sprendimas.pdf", media.MinimalPDF()})
		its := items(t, e)
		pdf, img := its[0], its[1]
		visitor, other := e.Visitor(), e.Login("editorB")
		for _, it := range its {
			for who, c := range map[string]*apptest.Client{"visitor": visitor, "editorB": other} {
				for _, p := range []string{it.URL(), it.VersionedURL()} {
					if r := c.Get(p); r.Status != http.StatusNotFound {
						t.Errorf("%s gets the draft file %s: %d", who, p, r.Status)
					}
				}
			}
		}
		if r := editor.Get(img.URL()); r.Status != http.StatusOK || r.Header.Get("Cache-Control") != "private, no-cache" {
			t.Errorf("owner: %d %q", r.Status, r.Header.Get("Cache-Control"))
		}
		body := fmt.Sprintf("![](%s)\n\nŽr. [sprendimą](%s).\n", img.URL(), pdf.URL())
		by := e.Users["editorA"].Actor()
		pageID, revID, err := e.App.Site.CreatePage(ctx, by, e.In, pageForm(t, e, body))
		if err != nil {
			t.Fatal(err)
		}
		if r := visitor.Get(img.URL()); r.Status != http.StatusNotFound {
			t.Errorf("a draft page's file is public: %d", r.Status)
		}
		// Where it is used: the draft page, so it cannot be removed.
		res := editor.Post(fmt.Sprintf("/admin/media/%d/delete", pdf.ID), url.Values{"version": {strconv.FormatInt(pdf.Version, 10)}})
		if res.Status != http.StatusConflict || !strings.Contains(res.Body, "Rotušės remontas") {
			t.Errorf("removing a used file: %d\n%s", res.Status, res.Body)
		}
		if err := e.App.Site.Submit(ctx, by, e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Publish(ctx, by, e.In, revID, 2); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{img.URL(), img.VersionedURL(), pdf.URL()} {
			if r := visitor.Get(p); r.Status != http.StatusOK {
				t.Errorf("published file %s: %d", p, r.Status)
			}
		}
		if r := visitor.Get(img.VersionedURL()); r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("versioned: %q", r.Header.Get("Cache-Control"))
		}
		if r := visitor.Get(fmt.Sprintf("/failai/%d/kitas-vardas.jpg", img.ID)); r.Status != http.StatusFound || r.Location != img.URL() {
			t.Errorf("a wrong slug: %d %q", r.Status, r.Location)
		}
		p, err := site.FindPage(ctx, e.DB, e.In.ID, pageID)
		if err != nil {
			t.Fatal(err)
		}
		page := visitor.Get(p.Path)
		for _, s := range []string{`src="` + img.VersionedURL() + `"`, `srcset="` + img.Srcset() + `"`, `width="900"`, `height="600"`,
			`loading="lazy"`, `alt="Rotušė"`, "sprendimą (PDF, "} {
			if !strings.Contains(page.Body, strings.ReplaceAll(s, "&", "&amp;")) {
				t.Errorf("the page lacks %s\n%s", s, page.Body)
			}
		}
	})
}

// Replacing keeps the address and changes the content; the pages show the
// new one; the old versioned address leads to the new.
func TestReplace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		c := e.Login("editorA")
		upload(t, c, url.Values{"alt": {"Schema"}}, file{"schema.png", media.PNGOf(t, media.Photo(400, 200))})
		it := items(t, e)[0]
		before := c.Get(it.URL()).Body
		// Another format is refused.
		ct, body := multipartForm(t, url.Values{"version": {"1"}}, "file", file{"schema.pdf", media.MinimalPDF()})
		if r := c.PostBody(fmt.Sprintf("/admin/media/%d/replace", it.ID), ct, body); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "tokio pat formato (PNG)") {
			t.Errorf("another format: %d", r.Status)
		}
		ct, body = multipartForm(t, url.Values{"version": {"1"}}, "file", file{"nauja.png", media.PNGOf(t, media.Photo(300, 300))})
		if r := c.PostBody(fmt.Sprintf("/admin/media/%d/replace", it.ID), ct, body); r.Status != http.StatusSeeOther {
			t.Fatalf("replace: %d\n%s", r.Status, r.Body)
		}
		after, err := media.Find(context.Background(), e.DB, e.In.ID, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.URL() != it.URL() || after.FileVersion != 2 || after.Width != 300 || after.SHA256 == it.SHA256 {
			t.Errorf("after: %s v%d %d", after.URL(), after.FileVersion, after.Width)
		}
		if now := c.Get(it.URL()).Body; now == before {
			t.Error("the address serves the old content")
		}
		if r := c.Get(it.VersionedURL()); r.Status != http.StatusFound || r.Location != after.VersionedURL() {
			t.Errorf("old version: %d %q", r.Status, r.Location)
		}
		for _, k := range storedFiles(t, e) {
			if strings.HasPrefix(k, it.FileKey) {
				t.Errorf("the old content is left: %s", k)
			}
		}
		// A stale form changes nothing.
		if r := c.PostBody(fmt.Sprintf("/admin/media/%d/replace", it.ID), ct, body); r.Status != http.StatusConflict {
			t.Errorf("stale replace: %d", r.Status)
		}
	})
}

// Details: an image needs its text alternative or the mark decorative;
// a page cannot take an image without either; removal of an unused item.
func TestDetailsAndRemoval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		c := e.Login("contributorA")
		upload(t, c, nil, file{"nuotrauka.png", media.PNGOf(t, media.Photo(50, 50))})
		it := items(t, e)[0]
		if !it.NeedsDetails() || it.DepartmentID != e.Depts["A"] {
			t.Fatalf("needs details %v, department %d", it.NeedsDetails(), it.DepartmentID)
		}
		_, _, err := e.App.Site.CreatePage(context.Background(), e.Users["contributorA"].Actor(), e.In, pageForm(t, e, "![]("+it.URL()+")"))
		var fe web.FieldErrors
		if !errAs(err, &fe) || fe.For("body") == nil {
			t.Errorf("a page with an image without its text: %v", err)
		}
		path := fmt.Sprintf("/admin/media/%d", it.ID)
		r := c.Post(path, url.Values{"title": {"Nuotrauka"}, "description": {"Aikštė"}, "version": {"1"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "pažymėkite, kad paveikslėlis dekoratyvinis") || !strings.Contains(r.Body, "Aikštė") {
			t.Errorf("no alt: %d", r.Status)
		}
		if r := c.Post(path, url.Values{"title": {"Nuotrauka"}, "decorative": {"1"}, "version": {"1"}}); r.Status != http.StatusSeeOther {
			t.Errorf("decorative: %d\n%s", r.Status, r.Body)
		}
		if r := c.Post(path+"/delete", url.Values{"version": {"2"}}); r.Status != http.StatusSeeOther {
			t.Errorf("remove: %d\n%s", r.Status, r.Body)
		}
		if len(items(t, e)) != 0 || len(storedFiles(t, e)) != 0 {
			t.Error("the removed item or its file is left")
		}
	})
}

func errAs(err error, fe *web.FieldErrors) bool {
	for err != nil {
		if f, ok := err.(web.FieldErrors); ok {
			*fe = f
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}

// The page editor's list: the items the library shows the person, with
// the address Markdown uses; images without a text alternative left out.
func TestJSON(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		a := e.Login("editorA")
		upload(t, a, url.Values{"alt": {"Rotušė"}}, file{"rotuse.png", media.PNGOf(t, media.Photo(20, 20))})
		upload(t, a, nil, file{"be-teksto.png", media.PNGOf(t, media.Photo(20, 20))})
		upload(t, a, nil, file{"sprendimas.pdf", media.MinimalPDF()})
		upload(t, e.Login("editorB"), nil, file{"kito-skyriaus.pdf", media.MinimalPDF()})
		var got struct {
			Items []struct {
				ID                      int64
				Kind, Title, URL, Label string
				Alt                     string
				Decorative              bool
			}
		}
		r := a.Get("/admin/media.json?kind=image")
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil || r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Fatalf("%v: %s", err, r.Body)
		}
		if len(got.Items) != 1 || got.Items[0].Alt != "Rotušė" || !strings.HasSuffix(got.Items[0].URL, "/rotuse.png") || !strings.HasPrefix(got.Items[0].Label, "PNG, ") {
			t.Errorf("images: %+v", got.Items)
		}
		r = a.Get("/admin/media.json?q=" + url.QueryEscape("SPRENDIMAS"))
		got.Items = nil
		_ = json.Unmarshal([]byte(r.Body), &got)
		if len(got.Items) != 1 || got.Items[0].Kind != "document" || got.Items[0].Title != "sprendimas" {
			t.Errorf("search: %+v", got.Items)
		}
		r = e.Login("admin").Get("/admin/media.json")
		got.Items = nil
		_ = json.Unmarshal([]byte(r.Body), &got)
		if len(got.Items) != 3 {
			t.Errorf("the administrator sees %d items, want 3", len(got.Items))
		}
	})
}

// Linking to another department's draft file does not make it public:
// only files the author may see count as used. A file of no department
// is every member of staff's to see and use.
func TestLinkingOthersDraftFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		ctx := context.Background()
		upload(t, e.Login("editorB"), nil, file{"vidinis.pdf", media.MinimalPDF()})
		upload(t, e.Login("admin"), url.Values{"alt": {"Herbas"}}, file{"bendras.png", media.PNGOf(t, media.Photo(30, 30))})
		its := items(t, e)
		general, secret := its[0], its[1]
		by := e.Users["editorA"].Actor()
		body := fmt.Sprintf("[Slaptas](%s)\n\n![](%s)\n", secret.URL(), general.URL())
		_, revID, err := e.App.Site.CreatePage(ctx, by, e.In, pageForm(t, e, body))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Submit(ctx, by, e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Publish(ctx, by, e.In, revID, 2); err != nil {
			t.Fatal(err)
		}
		visitor := e.Visitor()
		if r := visitor.Get(secret.URL()); r.Status != http.StatusNotFound {
			t.Errorf("another department's draft file made public by a link: %d", r.Status)
		}
		if r := visitor.Get(general.URL()); r.Status != http.StatusOK {
			t.Errorf("the general file used by a published page: %d", r.Status)
		}
		if r := e.Login("contributorA").Get(fmt.Sprintf("/admin/media/%d", general.ID)); r.Status != http.StatusOK || strings.Contains(r.Body, "/replace") {
			t.Errorf("a general item for a contributor: %d (to see, not to change)", r.Status)
		}

		// Someone else changing the general file renders the page again:
		// its link to the draft file still does not count.
		if err := e.App.Media.Update(ctx, e.Users["admin"].Actor(), e.In, general.ID, &media.Details{Title: general.Title,
			Alt: "Savivaldybės herbas", Version: general.Version}); err != nil {
			t.Fatal(err)
		}
		if r := visitor.Get(secret.URL()); r.Status != http.StatusNotFound {
			t.Errorf("another department's draft file made public by a change to another file: %d", r.Status)
		}

		// A draft of department A that uses the general file is counted,
		// not named, for department B.
		if _, _, err := e.App.Site.CreatePage(ctx, by, e.In, pageForm(t, e, fmt.Sprintf("![](%s)\n\nJuodraštis.", general.URL()))); err != nil {
			t.Fatal(err)
		}
		r := e.Login("editorB").Get(fmt.Sprintf("/admin/media/%d", general.ID))
		if r.Status != http.StatusOK || strings.Count(r.Body, "/admin/pages/") != 1 || !strings.Contains(r.Body, "kitų padalinių neskelbtų puslapių: 1") {
			t.Errorf("department B sees the uses of a general file as: %d\n%s", r.Status, r.Body)
		}
	})
}

// An office file names its open copy (WEB-17): the warning goes, and pages
// that link to the office file link to the copy beside it, which is then
// public with them.
func TestOfficeFileCopy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		ctx := context.Background()
		c := e.Login("editorA")
		upload(t, c, nil, file{"ataskaita.docx", media.DOCX(t)})
		upload(t, c, nil, file{"ataskaita.pdf", media.MinimalPDF()})
		its := items(t, e)
		pdf, doc := its[0], its[1]
		by := e.Users["editorA"].Actor()
		pageID, revID, err := e.App.Site.CreatePage(ctx, by, e.In, pageForm(t, e, "[Ataskaita]("+doc.URL()+")"))
		if err != nil {
			t.Fatal(err)
		}
		if r := c.Get(fmt.Sprintf("/admin/media/%d", doc.ID)); !strings.Contains(r.Body, "be PDF ar ODF kopijos") {
			t.Error("no warning of the office file without a copy")
		}
		r := c.Post(fmt.Sprintf("/admin/media/%d", doc.ID), url.Values{"title": {"Ataskaita"}, "copy_id": {strconv.FormatInt(pdf.ID, 10)}, "version": {"1"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("naming the copy: %d\n%s", r.Status, r.Body)
		}
		if r := c.Get(fmt.Sprintf("/admin/media/%d", doc.ID)); strings.Contains(r.Body, "be PDF ar ODF kopijos") {
			t.Error("still warned with a copy")
		}
		if err := e.App.Site.Submit(ctx, by, e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Publish(ctx, by, e.In, revID, 2); err != nil {
			t.Fatal(err)
		}
		p, err := site.FindPage(ctx, e.DB, e.In.ID, pageID)
		if err != nil {
			t.Fatal(err)
		}
		visitor := e.Visitor()
		page := visitor.Get(p.Path).Body
		if !strings.Contains(page, "Ataskaita (DOCX, ") || !strings.Contains(page, `<a href="`+pdf.VersionedURL()+`" rel="nofollow">PDF kopija (PDF, `) {
			t.Errorf("the page lacks the file or its copy:\n%s", page)
		}
		if r := visitor.Get(pdf.URL()); r.Status != http.StatusOK {
			t.Errorf("the copy of a published page's file: %d", r.Status)
		}
	})
}

// A file on a page scheduled to go live (WEB-23) stays in use, cannot be
// removed, and is public from the go-live instant, before the job records
// the publication.
func TestScheduledPageFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := apptest.Start(t, db)
		ctx := context.Background()
		upload(t, e.Login("editorA"), nil, file{"planas.pdf", media.MinimalPDF()})
		it := items(t, e)[0]
		by := e.Users["editorA"].Actor()
		_, revID, err := e.App.Site.CreatePage(ctx, by, e.In, pageForm(t, e, fmt.Sprintf("[Planas](%s)", it.URL())))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.Site.Submit(ctx, by, e.In, revID, 1); err != nil {
			t.Fatal(err)
		}
		at := e.DB.Now().Add(48 * time.Hour).Truncate(time.Minute)
		if err := e.App.Site.Schedule(ctx, by, e.In, revID, 2, at.In(web.Vilnius).Format("2006-01-02T15:04")); err != nil {
			t.Fatal(err)
		}
		var fe web.FieldErrors
		if err := e.App.Media.Remove(ctx, by, e.In, it.ID, it.Version); !errors.As(err, &fe) {
			t.Errorf("removing a file a scheduled page uses: %v, want a refusal", err)
		}
		if r := e.Visitor().Get(it.URL()); r.Status != http.StatusNotFound {
			t.Errorf("before the go-live time the file answers %d", r.Status)
		}
		e.SetNow(at.Add(time.Minute))
		if r := e.Visitor().Get(it.URL()); r.Status != http.StatusOK {
			t.Errorf("after the go-live time, before the job, the file answers %d", r.Status)
		}
	})
}
