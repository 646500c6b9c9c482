package web

import (
	"net/http"

	"github.com/savivalda/savivalda/internal/i18n"
)

// Page is the data every layout needs. Each page's data struct embeds it;
// the Renderer's Chrome hook fills the institution header, navigation and
// the logged-in user before rendering.
type Page struct {
	Lang   string
	Title  string
	Path   string // the request path, for the language switch
	Home   bool   // the home page shows the full WEB-04 header
	Admin  bool   // the staff area's layout
	Header Header
	Nav    []NavItem
	Crumbs []Crumb
	User   *Badge
	// AdminNav is the staff area's menu.
	AdminNav []NavItem
	Flash    string // a catalogue key
	Errors   FieldErrors
}

// Base returns the page itself; it makes every struct that embeds Page a Data.
func (p *Page) Base() *Page { return p }

// T translates key into the page's language.
func (p *Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Message translates a validation failure with its arguments.
func (p *Page) Message(e FieldError) string { return p.T(e.Key, e.Args...) }

// Data is what templates receive: any struct embedding Page.
type Data interface{ Base() *Page }

// Header is the institution's identification shown on every page (WEB-04) and
// the data controller's contacts (EPS-15).
type Header struct {
	Name, ShortName, LegalForm, Address, LegalCode, Register string
	Phone, Fax, Email                                        string
	CoatOfArmsURL                                            string
	ControllerName, ControllerCode, ControllerAddress        string
	ControllerEmail, ControllerPhone, DPOEmail               string
}

// NavItem is one entry of a menu.
type NavItem struct {
	Title    string
	URL      string
	Current  bool
	Children []NavItem
}

// Crumb is one step of the breadcrumb trail; the last has no URL.
type Crumb struct {
	Title string
	URL   string
}

// Badge names the logged-in staff member in the staff area's header.
type Badge struct {
	Name string
	Role string // a catalogue key
}

// StaffPage starts the data of a staff-area page: the staff layout, the
// visitor's language, the pending flash message and the translated title.
func StaffPage(w http.ResponseWriter, r *http.Request, titleKey string) Page {
	p := Page{Admin: true, Lang: LangFrom(r), Flash: TakeFlash(w, r)}
	if titleKey != "" {
		p.Title = p.T(titleKey)
	}
	return p
}
