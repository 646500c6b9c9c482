// Package institution holds the institutions an installation serves,
// chosen by the request's host name, with the identification every page
// shows (WEB-04), the data controller's contacts (EPS-15), and their
// departments and elderships (WEB-20).
package institution

import (
	"net/mail"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/web"
)

// Institution is one municipality or public institution.
type Institution struct {
	ID        int64
	Slug      string
	Name      string // full name, as registered
	ShortName string
	LegalForm string
	Address   string
	LegalCode string // juridinio asmens kodas: 9 digits
	Register  string // the register that keeps its data
	Phone     string
	Fax       string
	Email     string

	ControllerName    string
	ControllerCode    string
	ControllerAddress string
	ControllerEmail   string
	ControllerPhone   string
	DPOEmail          string

	CoatOfArms     []byte
	CoatOfArmsType string

	StructureProfile string // the version of the mandated structure it was created with
	IsDefault        bool
	Hosts            []string
	UpdatedAt        time.Time

	// SiteURL is the site's public address without a trailing slash,
	// "https://www.pavyzdys.lt"; the Registry sets it (see siteURL).
	SiteURL string
}

// Validate checks the header data an administrator edits.
func (in *Institution) Validate() web.FieldErrors {
	var fe web.FieldErrors
	required := []struct{ field, value string }{
		{"name", in.Name}, {"short_name", in.ShortName}, {"legal_form", in.LegalForm}, {"address", in.Address},
		{"legal_code", in.LegalCode}, {"register", in.Register}, {"phone", in.Phone}, {"email", in.Email},
		{"controller_name", in.ControllerName}, {"controller_code", in.ControllerCode},
		{"controller_address", in.ControllerAddress}, {"controller_email", in.ControllerEmail},
		{"controller_phone", in.ControllerPhone}, {"dpo_email", in.DPOEmail},
	}
	for _, r := range required {
		if strings.TrimSpace(r.value) == "" {
			fe.Add(r.field, "institution.error.required."+r.field)
		}
	}
	if in.LegalCode != "" && !ValidLegalCode(in.LegalCode) {
		fe.Add("legal_code", "institution.error.legal_code")
	}
	if in.ControllerCode != "" && !ValidLegalCode(in.ControllerCode) {
		fe.Add("controller_code", "institution.error.legal_code")
	}
	for _, e := range []struct{ field, value string }{{"email", in.Email}, {"controller_email", in.ControllerEmail}, {"dpo_email", in.DPOEmail}} {
		if e.value != "" && !ValidEmail(e.value) {
			fe.Add(e.field, "institution.error.email")
		}
	}
	for _, p := range []struct{ field, value string }{{"phone", in.Phone}, {"fax", in.Fax}, {"controller_phone", in.ControllerPhone}} {
		if strings.TrimSpace(p.value) != "" && !ValidPhone(p.value) {
			fe.Add(p.field, "institution.error.phone."+p.field)
		}
	}
	for _, n := range []struct{ field, value string }{{"name", in.Name}, {"short_name", in.ShortName}, {"controller_name", in.ControllerName}} {
		if NameTooLong(n.value) {
			fe.Add(n.field, "institution.error.name_too_long."+n.field, MaxNameLength)
		}
	}
	return fe
}

// ValidLegalCode reports whether s is a legal entity code: exactly 9 digits.
func ValidLegalCode(s string) bool {
	if len(s) != 9 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// ValidEmail reports whether s is a plain email address (no display name).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s, ".")
}

// Department is a department, an eldership (seniūnija) or a specialist not
// belonging to any department, as in the WEB seed's appendix.
type Department struct {
	ID            int64
	InstitutionID int64
	Name          string
	Kind          string // "department", "eldership", "specialist"
	Position      int
}

// Department kinds.
const (
	KindDepartment = "department"
	KindEldership  = "eldership"
	KindSpecialist = "specialist"
)
