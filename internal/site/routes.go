package site

import (
	"net/http"

	"github.com/savivalda/savivalda/internal/web"
)

// Routes registers the public site and the staff's content pages.
// guard lets staff through to the content pages; each service method checks
// the page or section itself.
func (s *Service) Routes(mux *web.Mux, guard web.Guard) {
	mux.HandleFunc("GET /{$}", s.handleHome)
	mux.HandleFunc("GET /informacijos-rodykle", s.handleSiteIndex)
	mux.HandleFunc("GET /archyvas", s.handleArchive)
	mux.HandleFunc("GET /archyvas/{path...}", s.handleArchivedPage)
	mux.HandleFunc("GET /slapuku-politika", s.handleCookiePolicy)
	mux.HandleFunc("GET /{path...}", s.handlePath)

	staffOnly := func(h http.HandlerFunc) http.Handler { return guard(CanUse)(h) }
	mux.Handle("GET /admin", staffOnly(s.handleDashboard))
	mux.Handle("GET "+MinePath, staffOnly(s.handleMine))
	mux.Handle("GET /admin/pages/new", staffOnly(s.handleNewPage))
	mux.Handle("POST /admin/pages", staffOnly(s.handleCreatePage))
	mux.Handle("GET /admin/pages/{id}", staffOnly(s.handlePageOverview))
	mux.Handle("GET /admin/pages/{id}/edit", staffOnly(s.handleEditPage))
	mux.Handle("POST /admin/pages/{id}/edit", staffOnly(s.handleSavePage))
	mux.Handle("POST /admin/pages/{id}/unpublish", staffOnly(s.handleUnpublish))
	mux.Handle("POST /admin/pages/{id}/extend", staffOnly(s.handleExtend))
	mux.Handle("POST /admin/pages/{id}/confirm", staffOnly(s.handleConfirm))
	mux.Handle("POST /admin/revisions/{id}/submit", staffOnly(s.handleSubmit))
	mux.Handle("POST /admin/revisions/{id}/publish", staffOnly(s.handlePublish))
	mux.Handle("POST /admin/revisions/{id}/return", staffOnly(s.handleReturn))
	s.revisionRoutes(mux, staffOnly)
	mux.Handle("GET /admin/sections", staffOnly(s.handleSections))
	mux.Handle("POST /admin/sections", staffOnly(s.handleCreateSection))
	mux.Handle("GET /admin/sections/{id}", staffOnly(s.handleEditSection))
	mux.Handle("POST /admin/sections/{id}", staffOnly(s.handleSaveSection))
	mux.Handle("POST /admin/sections/{id}/delete", staffOnly(s.handleDeleteSection))
	mux.Handle("POST /admin/sections/{id}/order", staffOnly(s.handleOrderSection))
	mux.Handle("GET /admin/pages/{id}/move", staffOnly(s.handleMoveForm))
	mux.Handle("POST /admin/pages/{id}/move", staffOnly(s.handleMovePage))
	mux.Handle("POST /admin/pages/{id}/order", staffOnly(s.handleOrderPage))
	mux.Handle("GET /admin/redirects", guard(CanManageRedirects)(http.HandlerFunc(s.handleRedirects)))
	mux.Handle("POST /admin/redirects", guard(CanManageRedirects)(http.HandlerFunc(s.handleAddRedirect)))
	mux.Handle("POST /admin/redirects/{id}/delete", guard(CanManageRedirects)(http.HandlerFunc(s.handleRemoveRedirect)))
}
