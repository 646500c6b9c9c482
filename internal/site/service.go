// Package site is the public website: the mandated structure (WEB-01…03),
// pages with their review workflow (WEB-20, WEB-21), publication terms and
// the archive (WEB-23), and the public pages served from the render cache.
package site

import (
	"context"
	"net/http"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Service is the website capability.
type Service struct {
	db     *store.DB
	render *web.Renderer
	cache  *rendercache.Cache
}

// NewService builds the service.
func NewService(db *store.DB, rd *web.Renderer, cache *rendercache.Cache) *Service {
	return &Service{db: db, render: rd, cache: cache}
}

// Routes registers the public site and the staff's content pages.
func (s *Service) Routes(mux *http.ServeMux, st *staff.Service) {}

// Nav is the public top navigation.
func (s *Service) Nav(ctx context.Context, in *institution.Institution, lang, path string) []web.NavItem {
	return nil
}

// ArchiveExpired moves pages whose term ended to the archive.
func (s *Service) ArchiveExpired(ctx context.Context) error { return nil }
