package feedback

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

// FormPath is the public form; the footer of every page links to it with
// ?puslapis= and the page's path.
const FormPath = "/prieinamumas/atsiliepimas"

// maxFormBytes caps the public form's body: the longest description, even
// in four-byte characters and percent-encoded, fits well below it.
const maxFormBytes = 128 << 10

// Choice is one radio button of a group.
type Choice struct {
	ID, Value, Label, Hint string
	Checked                bool
}

type formPage struct {
	web.Page
	Form    Form
	Kinds   []Choice
	Formats []web.Option
	// Problem explains why the form was refused as a whole (too many
	// submissions, too large); empty otherwise.
	Problem string
}

func (s *Service) newFormPage(r *http.Request, f Form) *formPage {
	d := &formPage{Page: web.Page{Lang: web.LangFrom(r)}, Form: f}
	d.Title = d.T("feedback.form.title")
	d.Crumbs = []web.Crumb{{Title: d.T("feedback.crumb.home"), URL: "/"}, {Title: d.Title}}
	for i, k := range Kinds {
		c := Choice{ID: web.FieldID("kind") + "-" + string(k), Value: string(k), Label: d.T("feedback.choice." + string(k)),
			Hint: d.T("feedback.choice." + string(k) + ".hint"), Checked: f.Kind == string(k)}
		if i == 0 {
			// The error summary links to the group's first radio button.
			c.ID = web.FieldID("kind")
		}
		d.Kinds = append(d.Kinds, c)
	}
	d.Formats = []web.Option{{Value: "", Label: d.T("feedback.format.choose")}}
	for _, f := range Formats {
		d.Formats = append(d.Formats, web.Option{Value: f, Label: d.T("feedback.format." + f)})
	}
	return d
}

// handleForm shows the empty form, with the page the visitor came from
// filled in when it is a page of this site.
func (s *Service) handleForm(w http.ResponseWriter, r *http.Request) {
	in := institution.FromContext(r.Context())
	page, _ := PageAddress(r.URL.Query().Get("puslapis"), in.SiteHosts())
	s.render.Render(w, r, http.StatusOK, "feedback_form", s.newFormPage(r, Form{PageAddress: page}))
}

func formFrom(r *http.Request) Form {
	return Form{Kind: r.PostFormValue("kind"), PageAddress: r.PostFormValue("page"), Description: r.PostFormValue("description"),
		Format: r.PostFormValue("format"), FormatOther: r.PostFormValue("format_other"), Name: r.PostFormValue("name"),
		Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone"), Website: r.PostFormValue("website")}
}

// handleSubmit registers the form and sends the visitor to the
// confirmation page; invalid input re-renders the form with every typed
// value and the errors.
func (s *Service) handleSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		d := s.newFormPage(r, Form{})
		d.Problem = d.T("feedback.error.too_large")
		s.render.Render(w, r, http.StatusRequestEntityTooLarge, "feedback_form", d)
		return
	}
	f := formFrom(r)
	it, err := s.Submit(ctx, institution.FromContext(ctx), f, Sender{Client: ClientKey(r), Lang: web.LangFrom(r)})
	var fe web.FieldErrors
	var limited *LimitError
	switch {
	case errors.Is(err, ErrDiscarded):
		http.Redirect(w, r, FormPath+"/gauta", http.StatusSeeOther)
	case errors.As(err, &limited):
		f.Website = ""
		d := s.newFormPage(r, f)
		d.Problem = d.T("feedback.error.limited", s.Limit, web.FormatDateTime(limited.Until))
		w.Header().Set("Retry-After", strconv.Itoa(int(limited.Until.Sub(s.db.Now())/time.Second)+1))
		s.render.Render(w, r, http.StatusTooManyRequests, "feedback_form", d)
	case errors.As(err, &fe):
		d := s.newFormPage(r, f)
		d.Errors = fe
		s.render.Render(w, r, http.StatusUnprocessableEntity, "feedback_form", d)
	case err != nil:
		s.render.Error(w, r, err)
	default:
		http.Redirect(w, r, FormPath+"/gauta/"+it.Receipt, http.StatusSeeOther)
	}
}

type receivedPage struct {
	web.Page
	Item   *Item
	Format string
}

// handleReceived confirms a submission: its registration number and the
// date the answer is due. Without a receipt it only thanks.
func (s *Service) handleReceived(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d := &receivedPage{Page: web.Page{Lang: web.LangFrom(r)}}
	d.Title = d.T("feedback.received.title")
	if receipt := r.PathValue("receipt"); receipt != "" {
		it, err := FindByReceipt(ctx, s.db, institution.FromContext(ctx).ID, receipt)
		if err != nil {
			s.render.Error(w, r, err)
			return
		}
		d.Item, d.Format = it, FormatLabel(d.Lang, it.Format, it.FormatOther)
	}
	s.render.Render(w, r, http.StatusOK, "feedback_received", d)
}
