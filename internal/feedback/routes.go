package feedback

import (
	"net/http"

	"github.com/savivalda/savivalda/internal/web"
)

// Routes registers the public form and the staff queue; guard lets through
// the staff CanHandle admits.
func (s *Service) Routes(mux *web.Mux, guard web.Guard) {
	staff := guard(CanHandle)
	mux.HandleFunc("GET "+FormPath, s.handleForm)
	mux.HandleFunc("POST "+FormPath, s.handleSubmit)
	mux.HandleFunc("GET "+FormPath+"/gauta", s.handleReceived)
	mux.HandleFunc("GET "+FormPath+"/gauta/{receipt}", s.handleReceived)

	mux.Handle("GET "+QueuePath, staff(http.HandlerFunc(s.handleQueue)))
	mux.Handle("GET "+QueuePath+"/{id}", staff(http.HandlerFunc(s.handleItem)))
	mux.Handle("POST "+QueuePath+"/{id}/atsakyti", staff(http.HandlerFunc(s.handleAnswer)))
	mux.Handle("POST "+QueuePath+"/{id}/uzdaryti", staff(http.HandlerFunc(s.handleClose)))
}
