// Package site is the public website: the mandated structure (WEB-01…03),
// pages with their review workflow (WEB-20, WEB-21, WEB-24), publication
// terms and the archive (WEB-23), and the public pages, which anonymous
// visitors get from the render cache.
package site

import (
	"embed"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/notify"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Service is the website capability.
type Service struct {
	db        *store.DB
	render    *web.Renderer
	cache     *rendercache.Cache
	deadlines *deadline.Service
	notify    *notify.Service
	media     MediaInfo // nil: no media library
}

// NewService builds the service and registers its page templates.
func NewService(db *store.DB, rd *web.Renderer, cache *rendercache.Cache, deadlines *deadline.Service, notices *notify.Service) *Service {
	rd.Add(templateFiles, "templates/*.html")
	// A page's review is the business of whoever publishes it: its
	// department's editor or the reception editor (WEB-10, WEB-20); a legal
	// act's publication term belongs to the legal-acts publisher, its
	// department only sees it (WEB-19).
	deadlines.Handle(ModuleReview, deadline.Handlers{Roles: []actor.Role{actor.RoleReception}, DepartmentActs: true})
	deadlines.Handle(ModuleLegalAct, deadline.Handlers{Roles: []actor.Role{actor.RoleLegalPublisher}})
	return &Service{db: db, render: rd, cache: cache, deadlines: deadlines, notify: notices}
}
