// Package app wires the capabilities into one HTTP handler and the
// background work of "savivalda serve". Tests build the same App, so they
// exercise the real wiring.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/config"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/feedback"
	"github.com/savivalda/savivalda/internal/files"
	"github.com/savivalda/savivalda/internal/holidays"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/media"
	"github.com/savivalda/savivalda/internal/notify"
	"github.com/savivalda/savivalda/internal/outbox"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/statement"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// maxBody caps any request body but the media library's uploads (their
// cap is media.MaxUploadBody): forms are small, and the coat of arms is
// far below this.
const maxBody = 2 << 20

// App is a running Savivalda.
type App struct {
	Config    *config.Config
	DB        *store.DB
	Files     files.Store // uploaded files, outside the database
	Log       *slog.Logger
	Registry  *institution.Registry
	Cache     *rendercache.Cache
	Render    *web.Renderer
	Staff     *staff.Service
	Site      *site.Service
	Deadlines *deadline.Service
	Notify    *notify.Service
	Feedback  *feedback.Service
	Statement *statement.Service
	Media     *media.Service
	Mailer    *outbox.Worker

	menu         []menuItem
	institutions *institution.Handler
	audit        *audit.Handler
	holidays     *holidays.Handler
	outbox       *outbox.Handler
}

// New builds the app on a migrated database. It opens the file store that
// cfg names (by default the folder DATA/files) and fails if that store is
// unreachable.
func New(ctx context.Context, cfg *config.Config, db *store.DB, log *slog.Logger) (*App, error) {
	fs, err := OpenFiles(ctx, cfg)
	if err != nil {
		return nil, err
	}
	reg, err := institution.NewRegistry(ctx, db, cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, DB: db, Files: fs, Log: log, Registry: reg, Cache: rendercache.New(func() time.Time { return db.Now() }), Render: web.NewRenderer()}
	a.Cache.OnChange(func() {
		if err := reg.Reload(context.Background()); err != nil {
			log.Error("reload institutions", "err", err)
		}
	})
	a.Staff = staff.NewService(db, a.Render, cfg.BaseURL)
	a.Deadlines = deadline.NewService(db, a.Render, cfg.BaseURL, cfg.DueSoonDays)
	a.Notify = notify.New(db, cfg.BaseURL)
	a.Site = site.NewService(db, a.Render, a.Cache, a.Deadlines, a.Notify)
	a.Feedback = feedback.NewService(db, a.Render, a.Deadlines)
	a.Statement = statement.NewService(db, a.Render, a.Cache, a.Deadlines)
	a.Media = media.NewService(db, a.Render, a.Files, a.Cache, a.Site)
	a.holidays = holidays.NewHandler(db, holidays.NewService(db, a.Deadlines.Recompute), a.Render)
	a.outbox = outbox.NewHandler(db, a.Render, cfg.MailFrom)
	a.Mailer = outbox.NewWorker(db, outbox.NewSender(cfg), cfg.MailFrom, log)
	a.Mailer.ID = instanceID(cfg)
	a.institutions = institution.NewHandler(db, a.Render, a.Cache)
	a.audit = audit.NewHandler(db, a.Render)
	a.menu = staffMenu()
	a.Render.Chrome = a.chrome
	return a, nil
}

// Handler is the whole site: routes, then the middleware every request
// passes through, outermost first: panic recovery, the client address behind
// trusted proxies, the access log, https for cookies, security headers,
// cross-origin protection of state-changing requests (CSRF), body limit,
// institution by host, staff session, the check of text input (inside both,
// so that its error pages carry the institution's header and, in the staff
// area, the staff menu).
func (a *App) Handler() http.Handler {
	h, _ := a.handler()
	return h
}

// Routes lists every route pattern the handler serves, for the access
// matrix test.
func (a *App) Routes() []string {
	_, mux := a.handler()
	return mux.Patterns()
}

func (a *App) handler() (http.Handler, *web.Mux) {
	mux := web.NewMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.HandleFunc("GET /static/{hash}/{name...}", web.StaticHandler)
	mux.HandleFunc("GET /kalba/{lang}", web.HandleLanguage)
	// Each capability guards its routes with its own policy (web.Guard);
	// the services check the actor against each object again.
	guard := a.Staff.Guard
	a.Staff.Routes(mux)
	a.institutions.Routes(mux, guard)
	a.audit.Routes(mux, guard)
	a.holidays.Routes(mux, guard)
	a.outbox.Routes(mux, guard)
	a.Deadlines.Routes(mux, guard)
	a.Feedback.Routes(mux, guard)
	a.Statement.Routes(mux, guard)
	a.Media.Routes(mux, guard)
	a.Site.Routes(mux, guard)

	var h http.Handler = mux
	h = a.Render.CheckInput(h)
	h = a.Staff.Sessions(h)
	h = a.Registry.Middleware(h)
	h = web.LimitBodyBy(media.BodyLimit(maxBody), h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = web.SecurityHeaders(a.Config.HTTPS(), h)
	h = web.ServedOverHTTPS(a.Config.HTTPS(), h)
	h = web.AccessLog(a.Log, h)
	h = web.TrustedProxies(a.Config.TrustedProxies, h)
	return web.Recover(h), mux
}

func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	// An instance that cannot reach the files would serve pages with
	// broken images and refuse uploads: the load balancer should know.
	if err := files.Ping(ctx, a.Files); err != nil {
		a.Log.Error("healthz", "err", err)
		http.Error(w, "file store unreachable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// OpenFiles opens the file store cfg names; a configuration built without
// one (as tests build it) keeps files in DATA/files.
func OpenFiles(ctx context.Context, cfg *config.Config) (files.Store, error) {
	fc := cfg.Files
	if fc == (files.Config{}) {
		fc.Dir = filepath.Join(cfg.DataDir, "files")
	}
	s, err := files.Open(ctx, fc)
	if err != nil {
		return nil, fmt.Errorf("file store (%s): %w", fc, err)
	}
	return s, nil
}

// Run does the background work until ctx ends: following content changes
// made by other instances, delivering the outbox, ending publication terms,
// reminding staff of deadlines, sending the daily notification digests, and
// purging expired sessions. Every job is
// safe to run on several instances at once. Run returns only once all of
// it has stopped (a delivery in progress waits for the mail server's
// answer and is recorded), so that the caller may then close the database.
func (a *App) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { a.Cache.Watch(ctx, a.DB, 500*time.Millisecond) })
	wg.Go(func() { a.Mailer.Run(ctx, 5*time.Second) })
	every(ctx, 15*time.Second, func() {
		for _, job := range []struct {
			name string
			run  func(context.Context) error
		}{
			{"record scheduled publications", a.Site.PublishDue},
			{"archive expired pages", a.Site.ArchiveExpired},
			{"deadline reminders", func(ctx context.Context) error { return a.Deadlines.Sweep(ctx, reminderJob) }},
			{"notification digests", a.Notify.SendDigests},
			{"purge expired sessions", a.Staff.PurgeExpired},
		} {
			if err := job.run(ctx); err != nil && ctx.Err() == nil {
				a.Log.Error(job.name, "err", err)
			}
		}
	})
	wg.Wait()
}

// reminderJob is the actor of the deadline reminders.
var reminderJob = actor.NewJob("terminų priminimai", 0)

// instanceID names this instance to the other instances sharing the
// database: the same after a restart, so that the outbox worker takes its
// own interrupted deliveries over at once, and different for two instances
// running at the same time, which differ in host, listening address or
// data folder.
func instanceID(cfg *config.Config) string {
	host, _ := os.Hostname()
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		dir = cfg.DataDir
	}
	return host + " " + cfg.Addr + " " + dir
}

func every(ctx context.Context, d time.Duration, f func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		f()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
