package site_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/site"
)

// The benchmarks measure; they assert nothing about time. Figures and how to
// run them: docs/performance.md.

// longDocument is a long Lithuanian page of the kind municipalities publish:
// headings, tables, lists, internal and external links.
func longDocument() string {
	var b strings.Builder
	b.WriteString("Rajono savivaldybės administracija yra biudžetinė įstaiga, vykdanti savivaldybės tarybos " +
		"sprendimus ir teikianti viešąsias paslaugas rajono gyventojams. Prašymus galima pateikti " +
		"[Bendrajame priėmimo skyriuje](/struktura-ir-kontaktai) arba per " +
		"[Elektroninius valdžios vartus](https://www.epaslaugos.lt).\n\n")
	b.WriteString("## Darbo laikas\n\n| Diena | Darbo laikas | Pietų pertrauka |\n|---|---|---|\n" +
		"| Pirmadienis–ketvirtadienis | 8.00–17.00 | 12.00–12.45 |\n| Penktadienis | 8.00–15.45 | 12.00–12.45 |\n" +
		"| Šeštadienis, sekmadienis | nedirbama | – |\n\nPrieš valstybines šventes darbo diena trumpinama viena valanda.\n\n")
	b.WriteString("## Vadovybė\n\n" +
		"- **Administracijos direktorius** – Jonas Petrauskas, tel. (8 427) 60 101, jonas.petrauskas@savivaldybe.lt\n" +
		"- **Administracijos direktoriaus pavaduotoja** – Rasa Kazlauskienė, tel. (8 427) 60 102, rasa.kazlauskiene@savivaldybe.lt\n\n")
	b.WriteString("## Skyriai\n\n| Skyrius | Vedėjas | Telefonas | El. paštas |\n|---|---|---|---|\n")
	departments := []struct{ name, head, email string }{
		{"Apskaitos skyrius", "Daiva Jankauskienė", "daiva.jankauskiene"},
		{"Architektūros ir urbanistikos skyrius", "Tomas Vaitkus", "tomas.vaitkus"},
		{"Bendrasis priėmimo skyrius", "Inga Žukauskienė", "inga.zukauskiene"},
		{"Finansų skyrius", "Vilma Stankevičienė", "vilma.stankeviciene"},
		{"Socialinės paramos skyrius", "Aušra Butkienė", "ausra.butkiene"},
		{"Statybos ir infrastruktūros skyrius", "Darius Paulauskas", "darius.paulauskas"},
		{"Švietimo, kultūros ir sporto skyrius", "Ramunė Urbonienė", "ramune.urboniene"},
		{"Teisės ir personalo skyrius", "Mindaugas Kairys", "mindaugas.kairys"},
		{"Turto valdymo skyrius", "Giedrius Žemaitis", "giedrius.zemaitis"},
		{"Žemės ūkio ir kaimo plėtros skyrius", "Ona Čepulienė", "ona.cepuliene"},
	}
	for i, d := range departments {
		fmt.Fprintf(&b, "| %s | %s | (8 427) 60 %d | %s@savivaldybe.lt |\n", d.name, d.head, 110+10*i, d.email)
	}
	b.WriteString("\n## Seniūnijos\n\n")
	for _, e := range []string{"Pušyno", "Ąžuolyno", "Beržyno", "Liepų"} {
		fmt.Fprintf(&b, "### %s seniūnija\n\n%s seniūnija išduoda pažymas, registruoja gyvenamąją vietą, priima "+
			"prašymus socialinei paramai gauti ir organizuoja viešųjų erdvių priežiūrą. Seniūnas priima gyventojus "+
			"antradieniais ir ketvirtadieniais nuo 8.00 iki 12.00 val.\n\n"+
			"1. Pažymos apie šeimos sudėtį\n2. Gyvenamosios vietos deklaravimas\n3. Prašymai dėl kompensacijų\n\n", e, e)
	}
	b.WriteString("## Rekvizitai\n\nSavivaldybės administracija, Laisvės a. 1, LT-86101. Juridinio asmens kodas 188712345. " +
		"Duomenys kaupiami ir saugomi [Juridinių asmenų registre](https://www.registrucentras.lt).\n")
	return b.String()
}

// benchEnv starts the application and publishes the long document as a
// page; it returns the page's public path.
func benchEnv(b *testing.B) (*apptest.Env, string) {
	b.Helper()
	e := apptest.New(b, "sqlite")
	ctx := context.Background()
	tree, err := site.Tree(ctx, e.DB, e.In.ID)
	if err != nil {
		b.Fatal(err)
	}
	var secID int64
	for _, s := range tree {
		if strings.HasSuffix(s.ProfileKey, ":struktura-ir-kontaktai") {
			secID = s.ID
		}
	}
	if secID == 0 {
		b.Fatal("no section struktura-ir-kontaktai")
	}
	editor := e.Users["editorA"]
	f := form(secID, e.Depts["A"], "Savivaldybės administracijos struktūra ir kontaktai", longDocument(), time.Now().AddDate(1, 0, 0))
	_, revID, err := e.App.Site.CreatePage(ctx, editor.Actor(), e.In, f)
	if err != nil {
		b.Fatalf("create: %v", err)
	}
	if err := e.App.Site.Submit(ctx, editor.Actor(), e.In, revID, 1); err != nil {
		b.Fatalf("submit: %v", err)
	}
	if err := e.App.Site.Publish(ctx, editor.Actor(), e.In, revID, 2); err != nil {
		b.Fatalf("publish: %v", err)
	}
	pages, err := site.LivePages(ctx, e.DB, e.In.ID, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range pages {
		if p.SectionID == secID {
			return e, p.Path
		}
	}
	b.Fatal("published page not found")
	return nil, ""
}

// getPage sends one anonymous visitor's request through the whole handler and
// fails the benchmark unless the page came back.
func getPage(b *testing.B, h http.Handler, path string) int {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = "localhost"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d", path, rec.Code)
	}
	return rec.Body.Len()
}

// BenchmarkPublicPageCached is an anonymous visitor's request for a page in
// the render cache, through every middleware. "recorder" uses httptest's
// request and recorder, whose own work (parsing the request, copying the
// body into the recorder) is part of its figures; "discard" builds the
// request directly and drops the body, as the server's buffered connection
// writer does, so what is left is the application's own work.
func BenchmarkPublicPageCached(b *testing.B) {
	e, path := benchEnv(b)
	h := e.App.Handler()
	size := int64(getPage(b, h, path)) // fills the cache
	if e.App.Cache.Len() == 0 {
		b.Fatal("page was not cached")
	}
	b.Run("recorder", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			getPage(b, h, path)
		}
	})
	b.Run("discard", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			req := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: path}, RequestURI: path,
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Host: "localhost", RemoteAddr: "127.0.0.1:40000",
				Header: http.Header{"User-Agent": {"bench"}}, Body: http.NoBody}
			w := &discardWriter{header: http.Header{}}
			h.ServeHTTP(w, req)
			if w.code != http.StatusOK || w.n != size {
				b.Fatalf("status %d, %d bytes", w.code, w.n)
			}
		}
	})
}

// discardWriter is a ResponseWriter that keeps the status and counts the
// body.
type discardWriter struct {
	header http.Header
	code   int
	n      int64
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += int64(len(p))
	return len(p), nil
}

// BenchmarkPublicPageCachedParallel is the same from as many goroutines as
// GOMAXPROCS, to show contention in the cache and the middleware.
func BenchmarkPublicPageCachedParallel(b *testing.B) {
	e, path := benchEnv(b)
	h := e.App.Handler()
	b.SetBytes(int64(getPage(b, h, path)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Host = "localhost"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Errorf("status %d", rec.Code)
				return
			}
		}
	})
}

// BenchmarkPublicPageRender is the same request on a cache miss: the page is
// read from the database and rendered with its templates every time.
func BenchmarkPublicPageRender(b *testing.B) {
	e, path := benchEnv(b)
	h := e.App.Handler()
	b.SetBytes(int64(getPage(b, h, path)))
	b.ReportAllocs()
	for b.Loop() {
		e.App.Cache.Clear()
		getPage(b, h, path)
	}
}

// BenchmarkRenderMarkdown turns the long document into safe HTML, as saving
// a page does.
func BenchmarkRenderMarkdown(b *testing.B) {
	src := longDocument()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := site.RenderMarkdown(src); err != nil {
			b.Fatal(err)
		}
	}
}
