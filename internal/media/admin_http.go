package media

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// libraryRow is one item of the library with the pages that use it.
type libraryRow struct {
	*Item
	Uses Uses
}

type libraryPage struct {
	web.Page
	Rows        []libraryRow
	Pager       web.Pager
	Filter      Filter
	KindOptions []web.Option
	Departments []web.Option
	PickDept    bool
}

func (s *Service) handleLibrary(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	page, offset := web.PageNumber(q)
	f := Filter{Query: q.Get("q"), Kind: Kind(q.Get("rusis")), DepartmentID: web.FormID(q.Get("padalinys")),
		NeedsDetails: q.Get("reikia") == "1", Offset: offset, Limit: web.PerPage}
	if f.Kind != Image && f.Kind != Document {
		f.Kind = ""
	}
	items, total, err := list(ctx, s.db, by, f)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d := &libraryPage{Page: web.StaffPage(w, r, "media.title"), Filter: f, PickDept: seesAll(by)}
	for _, it := range items {
		uses, err := usesOf(ctx, s.db, by, it.ID)
		if err != nil {
			s.render.Error(w, r, err)
			return
		}
		d.Rows = append(d.Rows, libraryRow{it, uses})
	}
	d.Pager = web.NewPager(&d.Page, "/admin/media", q, page, total)
	d.KindOptions = []web.Option{{Value: "", Label: d.T("media.filter.all_kinds")},
		{Value: string(Image), Label: d.T("media.kind.image")}, {Value: string(Document), Label: d.T("media.kind.document")}}
	if d.PickDept {
		if d.Departments, err = s.departmentOptions(ctx, by.InstitutionID, d.T("media.filter.all_departments")); err != nil {
			s.render.Error(w, r, err)
			return
		}
	}
	s.render.Render(w, r, http.StatusOK, "media_library", d)
}

func (s *Service) departmentOptions(ctx context.Context, institutionID int64, first string) ([]web.Option, error) {
	deps, err := institution.Departments(ctx, s.db, institutionID)
	if err != nil {
		return nil, err
	}
	opts := []web.Option{{Value: "", Label: first}}
	for _, d := range deps {
		opts = append(opts, web.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	return opts, nil
}

// jsonItem is one item for the page editor.
type jsonItem struct {
	ID         int64  `json:"id"`
	Kind       Kind   `json:"kind"`
	Title      string `json:"title"`
	URL        string `json:"url"`
	Alt        string `json:"alt"`
	Decorative bool   `json:"decorative"`
	Label      string `json:"label"`
}

// handleJSON lists the items the page editor may insert: those the
// library shows the actor, except images that still need a text
// alternative.
func (s *Service) handleJSON(w http.ResponseWriter, r *http.Request) {
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	f := Filter{Query: q.Get("q"), Kind: Kind(q.Get("kind")), Limit: 50}
	if f.Kind != Image && f.Kind != Document {
		f.Kind = ""
	}
	items, _, err := list(r.Context(), s.db, by, f)
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	out := struct {
		Items []jsonItem `json:"items"`
	}{Items: []jsonItem{}}
	for _, it := range items {
		if it.NeedsDetails() {
			continue
		}
		out.Items = append(out.Items, jsonItem{it.ID, it.Kind, it.Title, it.URL(), it.Alt, it.Decorative, it.Label()})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(out)
}

type uploadPage struct {
	web.Page
	Form        Details
	Added       []*Item
	Departments []web.Option
	PickDept    bool
	Limits      []limitRow
}

type limitRow struct {
	Label string
	MB    int64
	Note  string // a catalogue key
}

// limits lists the accepted types and their limits for the upload form.
func limits() []limitRow {
	return []limitRow{
		{"JPEG, PNG, WebP", maxImage / MB, "media.limit.image"},
		{"PDF", maxPDF / MB, ""},
		{"ODT, ODS, ODP", maxOffice / MB, ""},
		{"HTML, CSV, TXT", maxText / MB, "media.limit.download"},
		{"DOCX, XLSX, PPTX, DOC, XLS", maxOffice / MB, "media.limit.office"},
	}
}

func (s *Service) handleUploadForm(w http.ResponseWriter, r *http.Request) {
	d := &uploadPage{Page: web.StaffPage(w, r, "media.upload.title")}
	s.renderUpload(w, r, http.StatusOK, d)
}

func (s *Service) renderUpload(w http.ResponseWriter, r *http.Request, status int, d *uploadPage) {
	by, _ := actor.From(r.Context())
	d.PickDept, d.Limits = seesAll(by), limits()
	if d.PickDept {
		var err error
		if d.Departments, err = s.departmentOptions(r.Context(), by.InstitutionID, d.T("media.field.department_none")); err != nil {
			s.render.Error(w, r, err)
			return
		}
	}
	s.render.Render(w, r, status, "media_upload", d)
}

// handleUpload streams each file of the form into the library as it
// arrives: never the whole body in memory, each file held to its type's
// limit. The text fields come before the files in the form, and apply to
// every file. Files that were refused are listed with why, and the form
// keeps what was typed; the others are in the library.
func (s *Service) handleUpload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, ok := s.render.Actor(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	d := &uploadPage{Page: web.StaffPage(w, r, "media.upload.title")}
	var fe web.FieldErrors
	err := eachPart(r, func(field, value string) {
		switch field {
		case "title":
			d.Form.Title = value
		case "description":
			d.Form.Description = value
		case "alt":
			d.Form.Alt = value
		case "decorative":
			d.Form.Decorative = value == "1"
		case "department_id":
			d.Form.DepartmentID = web.FormID(value)
		}
	}, func(name string, body io.Reader) error {
		up := &Upload{Name: name, Body: body, Details: d.Form}
		it, err := s.Add(ctx, by, in, up)
		var bad web.FieldErrors
		if errors.As(err, &bad) {
			fe = append(fe, bad...)
			return nil
		}
		if err == nil {
			d.Added = append(d.Added, it)
		}
		return err
	})
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	if len(d.Added) == 0 && len(fe) == 0 {
		fe.Add("files", "media.error.no_files")
	}
	if len(fe) > 0 {
		d.Errors = fe
		s.renderUpload(w, r, http.StatusUnprocessableEntity, d)
		return
	}
	next := "/admin/media"
	switch {
	case len(d.Added) == 1:
		next = "/admin/media/" + strconv.FormatInt(d.Added[0].ID, 10)
	default:
		for _, it := range d.Added {
			if it.NeedsDetails() {
				next = "/admin/media?reikia=1" // the images that want their text
				break
			}
		}
	}
	web.SetFlash(w, r, "media.flash.uploaded")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// maxField bounds a text field of an upload form.
const maxField = 8 << 10

// eachPart reads a multipart form in order: text fields to field, files to
// file, each file's content streamed from the request. A malformed form
// is a 400; a body over the request's cap a 413.
func eachPart(r *http.Request, field func(name, value string), file func(name string, body io.Reader) error) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return web.ErrBadText
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return partError(err)
		}
		if part.FileName() == "" {
			if err := readField(part, field); err != nil {
				return err
			}
			continue
		}
		// The browser's name of the file (FileName keeps only its base);
		// a file input left empty sends a part without content.
		if err := file(part.FileName(), part); err != nil {
			return err
		}
	}
}

func readField(part *multipart.Part, field func(name, value string)) error {
	b, err := io.ReadAll(io.LimitReader(part, maxField+1))
	if err != nil {
		return partError(err)
	}
	if len(b) > maxField || !web.ValidFormText(string(b)) {
		return web.ErrBadText
	}
	field(part.FormName(), string(b))
	return nil
}

func partError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return web.ErrBadText
}

type itemPage struct {
	web.Page
	Item        *Item
	Form        Details
	Uses        Uses
	Copy        *Item
	Copies      []web.Option
	Departments []web.Option
	PickDept    bool
	CanEdit     bool // else the item is one of no department, to use only
}

func (s *Service) handleItem(w http.ResponseWriter, r *http.Request) {
	s.renderItem(w, r, http.StatusOK, nil, nil)
}

// renderItem shows an item's page: its details form (form, or the stored
// details), where it is used, its replacement and its removal.
func (s *Service) renderItem(w http.ResponseWriter, r *http.Request, status int, form *Details, fe web.FieldErrors) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	it, err := Find(ctx, s.db, in.ID, id)
	if err == nil && !canSee(by, it.InstitutionID, it.DepartmentID) {
		err = store.ErrNotFound // another department's item is not there for them
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	d := &itemPage{Page: web.StaffPage(w, r, ""), Item: it, PickDept: seesAll(by), CanEdit: canEdit(by, it.InstitutionID, it.DepartmentID)}
	d.Title = it.Title
	if status != http.StatusOK {
		d.Flash = ""
	}
	d.Errors = fe
	if form == nil {
		form = &Details{Title: it.Title, Description: it.Description, Alt: it.Alt, Decorative: it.Decorative,
			DepartmentID: it.DepartmentID, CopyID: it.CopyID, Version: it.Version}
	}
	d.Form = *form
	if d.Uses, err = usesOf(ctx, s.db, by, it.ID); err == nil && d.PickDept {
		d.Departments, err = s.departmentOptions(ctx, in.ID, d.T("media.field.department_none"))
	}
	if err == nil && it.Format().Office {
		err = s.copyOptions(ctx, by, d)
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.render.Render(w, r, status, "media_item", d)
}

// copyOptions lists the open-format documents an office file may name as
// its copy.
func (s *Service) copyOptions(ctx context.Context, by actor.Actor, d *itemPage) error {
	docs, _, err := list(ctx, s.db, by, Filter{Kind: Document, Limit: 200})
	if err != nil {
		return err
	}
	d.Copies = []web.Option{{Value: "", Label: d.T("media.field.copy_none")}}
	for _, c := range docs {
		if c.Format().Open {
			d.Copies = append(d.Copies, web.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Title + " (" + c.Label() + ")"})
		}
		if c.ID == d.Item.CopyID {
			d.Copy = c
		}
	}
	return nil
}

func (s *Service) handleSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	d := &Details{Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), Alt: r.PostFormValue("alt"),
		Decorative: r.PostFormValue("decorative") == "1", DepartmentID: web.FormID(r.PostFormValue("department_id")),
		CopyID: web.FormID(r.PostFormValue("copy_id")), Version: web.FormID(r.PostFormValue("version"))}
	err := s.Update(ctx, by, institution.FromContext(ctx), id, d)
	s.render.Finish(w, r, err, "media.flash.saved", itemURL(id), func(fe web.FieldErrors) {
		s.renderItem(w, r, http.StatusUnprocessableEntity, d, fe)
	})
}

// handleReplace streams the new content of an item; the form's version
// field comes before its file.
func (s *Service) handleReplace(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	in := institution.FromContext(ctx)
	// Whoever may not change the item learns nothing of it, not even
	// whether their form was well made.
	it, err := Find(ctx, s.db, in.ID, id)
	if err == nil && !canEdit(by, it.InstitutionID, it.DepartmentID) {
		err = store.ErrNotFound
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	var version int64
	done := false
	var result error
	err = eachPart(r, func(field, value string) {
		if field == "version" {
			version = web.FormID(value)
		}
	}, func(name string, body io.Reader) error {
		if done {
			_, err := io.Copy(io.Discard, body)
			return err
		}
		done = true
		result = s.Replace(ctx, by, in, id, version, name, body)
		var fe web.FieldErrors
		if errors.As(result, &fe) {
			return nil
		}
		return result
	})
	if err == nil && !done {
		result = web.FieldErrors{{Field: "file", Key: "media.error.no_files"}}
	}
	if err != nil {
		s.render.Error(w, r, err)
		return
	}
	s.render.Finish(w, r, result, "media.flash.replaced", itemURL(id), func(fe web.FieldErrors) {
		s.renderItem(w, r, http.StatusUnprocessableEntity, nil, fe)
	})
}

func (s *Service) handleDelete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	by, id, ok := s.render.ActorOn(w, r)
	if !ok {
		return
	}
	err := s.Remove(ctx, by, institution.FromContext(ctx), id, web.FormID(r.PostFormValue("version")))
	s.render.Finish(w, r, err, "media.flash.removed", "/admin/media", func(fe web.FieldErrors) {
		s.renderItem(w, r, http.StatusConflict, nil, fe)
	})
}

func itemURL(id int64) string { return "/admin/media/" + strconv.FormatInt(id, 10) }
