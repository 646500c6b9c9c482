// Package apptest runs the real application on a fresh database for
// handler tests: one institution with the mandated structure, two
// departments, a staff member in every role, and an HTTP server with the
// real wiring. Clients log in through the real login form.
package apptest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/app"
	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/store/storetest"
)

// Password of every test account.
const Password = "testinis-slaptazodis"

// Env is a running application with its fixtures.
type Env struct {
	T      testing.TB
	DB     *store.DB
	App    *app.App
	Server *httptest.Server
	In     *institution.Institution // answers on any host
	Other  *institution.Institution // answers on Host: kita.example
	Depts  map[string]int64         // "A", "B"
	Users  map[string]*staff.User   // by role key, see New
}

// New starts the application on a fresh database of the given dialect;
// configure, if given, changes the configuration before the app is built.
// Users: "admin", "reception", "editorA" (department editor of A),
// "editorB", "legal" (legal-acts publisher), "contributorA", "contributorB"
// (department B has an editor; a contributor of department "C", which has
// none, is "contributorC"), and "otherAdmin" of the other institution.
func New(t testing.TB, dialect string, configure ...func(*config.Config)) *Env {
	t.Helper()
	db := storetest.New(t, dialect)
	return Start(t, db, configure...)
}

// Start seeds db and starts the application on it. The base URL is the
// test server's address.
func Start(t testing.TB, db *store.DB, configure ...func(*config.Config)) *Env {
	t.Helper()
	e := &Env{T: t, DB: db, Depts: map[string]int64{}, Users: map[string]*staff.User{}}
	ctx := context.Background()
	pw, err := staff.NewPassword(Password)
	if err != nil {
		t.Fatalf("hash: %v", err)
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		e.In = testInstitution("pirmoji", "Pirmosios savivaldybės administracija", "111111111", true, "localhost", "127.0.0.1")
		e.Other = testInstitution("kita", "Kitos savivaldybės administracija", "222222222", false, "kita.example")
		for _, in := range []*institution.Institution{e.In, e.Other} {
			if _, err := institution.Create(ctx, tx, in); err != nil {
				return err
			}
			if err := site.InstallStructure(ctx, tx, in.ID, site.CurrentProfile); err != nil {
				return err
			}
		}
		for _, d := range []string{"A", "B", "C"} {
			id, err := institution.CreateDepartment(ctx, tx, &institution.Department{InstitutionID: e.In.ID, Name: d + " skyrius", Kind: institution.KindDepartment})
			if err != nil {
				return err
			}
			e.Depts[d] = id
		}
		for _, u := range []struct {
			key  string
			role actor.Role
			dept string
			in   *institution.Institution
		}{
			{"admin", actor.RoleAdmin, "", e.In}, {"reception", actor.RoleReception, "", e.In},
			{"editorA", actor.RoleDepartmentEditor, "A", e.In}, {"editorB", actor.RoleDepartmentEditor, "B", e.In},
			{"legal", actor.RoleLegalPublisher, "", e.In}, {"contributorA", actor.RoleContributor, "A", e.In},
			{"contributorC", actor.RoleContributor, "C", e.In}, {"otherAdmin", actor.RoleAdmin, "", e.Other},
		} {
			user := &staff.User{InstitutionID: u.in.ID, Email: strings.ToLower(u.key) + "@savivaldybe.lt", Name: "Darbuotojas " + u.key,
				Phone: "(8 5) 200 0000", Role: u.role, DepartmentID: e.Depts[u.dept], Active: true}
			if _, err := staff.CreateUser(ctx, tx, actor.NewJob("testo duomenys", u.in.ID), user, pw); err != nil {
				return err
			}
			e.Users[u.key] = user
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	e.Server = httptest.NewUnstartedServer(nil)
	t.Cleanup(e.Server.Close)
	cfg := &config.Config{Addr: "127.0.0.1:0", DB: db.Source(), DataDir: t.TempDir(), BaseURL: "http://" + e.Server.Listener.Addr().String()}
	for _, f := range configure {
		f(cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.App, err = app.New(ctx, cfg, db, log)
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	e.Server.Config.Handler = e.App.Handler()
	e.Server.Start()
	return e
}

func testInstitution(slug, name, code string, def bool, hosts ...string) *institution.Institution {
	return &institution.Institution{Slug: slug, Name: name, ShortName: name, LegalForm: "Biudžetinė įstaiga",
		Address: "Gedimino g. 1, Vilnius", LegalCode: code, Register: "Juridinių asmenų registras", Phone: "(8 5) 200 0000",
		Email: slug + "@savivaldybe.lt", ControllerName: name, ControllerCode: code, ControllerAddress: "Gedimino g. 1, Vilnius",
		ControllerEmail: slug + "@savivaldybe.lt", ControllerPhone: "(8 5) 200 0000", DPOEmail: "dap@savivaldybe.lt",
		StructureProfile: site.CurrentProfile.Version, IsDefault: def, Hosts: hosts}
}

// SetNow moves the application's clock.
func (e *Env) SetNow(t time.Time) { e.DB.Now = func() time.Time { return t } }

// Client is a browser: it keeps cookies and does not follow redirects.
type Client struct {
	e      *Env
	http   *http.Client
	Host   string      // sent as the Host header when set
	Header http.Header // sent with every request
}

// Visitor returns a client that is not logged in.
func (e *Env) Visitor() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Login returns a client logged in as the user with the given key.
func (e *Env) Login(key string) *Client {
	e.T.Helper()
	c := e.Visitor()
	if key == "otherAdmin" {
		c.Host = "kita.example"
	}
	res := c.Post("/admin/login", url.Values{"email": {e.Users[key].Email}, "password": {Password}})
	if res.Status != http.StatusSeeOther {
		e.T.Fatalf("login as %s: status %d\n%s", key, res.Status, res.Body)
	}
	return c
}

// Response is what a request returned.
type Response struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

// Get requests path.
func (c *Client) Get(path string) Response {
	c.e.T.Helper()
	req, err := http.NewRequest(http.MethodGet, c.e.Server.URL+path, nil)
	if err != nil {
		c.e.T.Fatal(err)
	}
	return c.do(req)
}

// Post sends a form.
func (c *Client) Post(path string, form url.Values) Response {
	c.e.T.Helper()
	req, err := http.NewRequest(http.MethodPost, c.e.Server.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.e.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// PostBody sends a body of the given content type as it is, for
// multipart forms and malformed or oversized requests.
func (c *Client) PostBody(path, contentType string, body []byte) Response {
	c.e.T.Helper()
	req, err := http.NewRequest(http.MethodPost, c.e.Server.URL+path, bytes.NewReader(body))
	if err != nil {
		c.e.T.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return c.do(req)
}

func (c *Client) do(req *http.Request) Response {
	c.e.T.Helper()
	if c.Host != "" {
		req.Host = c.Host
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.e.T.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.e.T.Fatal(err)
	}
	return Response{Status: res.StatusCode, Body: string(b), Location: res.Header.Get("Location"), Header: res.Header}
}

// SecondInstance starts another application on the same database, as a
// second server behind a load balancer would run, with its background work
// (following other instances' changes) running until the test ends.
func (e *Env) SecondInstance() *Env {
	e.T.Helper()
	db := storetest.Open(e.T, e.DB.Source())
	// Behind one load balancer, both instances have the same public address.
	cfg := &config.Config{Addr: "127.0.0.1:0", DB: db.Source(), DataDir: e.T.TempDir(), BaseURL: e.App.Config.BaseURL}
	a, err := app.New(context.Background(), cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		e.T.Fatalf("second instance: %v", err)
	}
	second := *e
	second.DB, second.App = db, a
	second.Server = httptest.NewServer(a.Handler())
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		a.Run(ctx)
	}()
	// Before the database closes (a cleanup registered earlier runs later).
	e.T.Cleanup(func() { cancel(); second.Server.Close(); <-stopped })
	return &second
}
