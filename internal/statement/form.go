package statement

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/web"
)

// Form is the statement as the staff form holds it: what was typed, kept
// as typed when it is invalid.
type Form struct {
	ScopeKind, ScopeNameLT, ScopeNameEN, ScopeURL string
	Compliance, Standard                          string
	PreparedOn, Method, Assessor                  string
	FeedbackName, FeedbackEmail, FeedbackPhone    string
	EnforcementLT, EnforcementEN                  string
	AuthorityNameLT, AuthorityNameEN              string
	AuthorityAddress, AuthorityEmail              string
	AuthorityPhone, AuthorityURL                  string
	Version                                       int64
}

// fields binds the form's inputs to its struct, in the page's order.
func (f *Form) fields() []struct {
	name  string
	value *string
} {
	return []struct {
		name  string
		value *string
	}{
		{"scope_kind", &f.ScopeKind}, {"scope_name_lt", &f.ScopeNameLT}, {"scope_name_en", &f.ScopeNameEN},
		{"scope_url", &f.ScopeURL}, {"compliance", &f.Compliance}, {"standard", &f.Standard},
		{"prepared_on", &f.PreparedOn}, {"method", &f.Method}, {"assessor", &f.Assessor},
		{"feedback_name", &f.FeedbackName}, {"feedback_email", &f.FeedbackEmail}, {"feedback_phone", &f.FeedbackPhone},
		{"enforcement_lt", &f.EnforcementLT}, {"enforcement_en", &f.EnforcementEN},
		{"authority_name_lt", &f.AuthorityNameLT}, {"authority_name_en", &f.AuthorityNameEN},
		{"authority_address", &f.AuthorityAddress}, {"authority_email", &f.AuthorityEmail},
		{"authority_phone", &f.AuthorityPhone}, {"authority_url", &f.AuthorityURL},
	}
}

// ParseForm reads the statement form from a request.
func ParseForm(r *http.Request) Form {
	var f Form
	for _, fl := range f.fields() {
		*fl.value = strings.TrimSpace(strings.ReplaceAll(r.PostFormValue(fl.name), "\r\n", "\n"))
	}
	f.Version = web.FormID(r.PostFormValue("version"))
	return f
}

// FormOf fills the form from a statement.
func FormOf(st *Statement) Form {
	f := Form{
		ScopeKind: string(st.ScopeKind), ScopeNameLT: st.ScopeName.LT, ScopeNameEN: st.ScopeName.EN, ScopeURL: st.ScopeURL,
		Compliance: string(st.Compliance), Standard: st.Standard, PreparedOn: dateString(st.PreparedOn),
		Method: string(st.Method), Assessor: st.Assessor,
		FeedbackName: st.FeedbackName, FeedbackEmail: st.FeedbackEmail, FeedbackPhone: st.FeedbackPhone,
		EnforcementLT: st.Enforcement.LT, EnforcementEN: st.Enforcement.EN,
		AuthorityNameLT: st.AuthorityName.LT, AuthorityNameEN: st.AuthorityName.EN,
		AuthorityAddress: st.AuthorityAddress, AuthorityEmail: st.AuthorityEmail,
		AuthorityPhone: st.AuthorityPhone, AuthorityURL: st.AuthorityURL,
	}
	if st.Stored {
		f.Version = st.Version
	}
	return f
}

// apply validates the form against today and writes it into st. The
// failures carry catalogue keys that say what to fix.
func (f *Form) apply(st *Statement, today calendar.Date) web.FieldErrors {
	var fe web.FieldErrors
	required := func(field, value string) bool {
		if value == "" {
			fe.Add(field, "statement.error.required."+field)
			return false
		}
		return true
	}
	switch ScopeKind(f.ScopeKind) {
	case Website, MobileApp:
	default:
		fe.Add("scope_kind", "statement.error.scope_kind")
	}
	required("scope_name_lt", f.ScopeNameLT)
	if required("scope_url", f.ScopeURL) && !validURL(f.ScopeURL) {
		fe.Add("scope_url", "statement.error.url")
	}
	switch Compliance(f.Compliance) {
	case FullyCompliant, PartiallyCompliant, NotCompliant:
	default:
		fe.Add("compliance", "statement.error.compliance")
	}
	required("standard", f.Standard)
	prepared, _ := validDate(&fe, "prepared_on", f.PreparedOn, today, true)
	switch Method(f.Method) {
	case SelfAssessment:
	case ThirdParty:
		if required("assessor", f.Assessor) && institution.NameTooLong(f.Assessor) {
			fe.Add("assessor", "statement.error.name_too_long", institution.MaxNameLength)
		}
	default:
		fe.Add("method", "statement.error.method")
	}
	if required("feedback_name", f.FeedbackName) && institution.NameTooLong(f.FeedbackName) {
		fe.Add("feedback_name", "statement.error.name_too_long", institution.MaxNameLength)
	}
	if required("feedback_email", f.FeedbackEmail) && !institution.ValidEmail(f.FeedbackEmail) {
		fe.Add("feedback_email", "statement.error.email")
	}
	if f.FeedbackPhone != "" && !institution.ValidPhone(f.FeedbackPhone) {
		fe.Add("feedback_phone", "statement.error.phone")
	}
	required("enforcement_lt", f.EnforcementLT)
	required("authority_name_lt", f.AuthorityNameLT)
	if f.AuthorityEmail != "" && !institution.ValidEmail(f.AuthorityEmail) {
		fe.Add("authority_email", "statement.error.email")
	}
	if f.AuthorityPhone != "" && !institution.ValidPhone(f.AuthorityPhone) {
		fe.Add("authority_phone", "statement.error.phone")
	}
	if required("authority_url", f.AuthorityURL) && !validURL(f.AuthorityURL) {
		fe.Add("authority_url", "statement.error.url")
	}
	if len(fe) > 0 {
		return fe
	}
	st.ScopeKind, st.ScopeName, st.ScopeURL = ScopeKind(f.ScopeKind), Text{f.ScopeNameLT, f.ScopeNameEN}, f.ScopeURL
	st.Compliance, st.Standard, st.PreparedOn = Compliance(f.Compliance), f.Standard, prepared
	st.Method, st.Assessor = Method(f.Method), f.Assessor
	if st.Method == SelfAssessment {
		st.Assessor = ""
	}
	st.FeedbackName, st.FeedbackEmail, st.FeedbackPhone = f.FeedbackName, f.FeedbackEmail, f.FeedbackPhone
	st.Enforcement, st.AuthorityName = Text{f.EnforcementLT, f.EnforcementEN}, Text{f.AuthorityNameLT, f.AuthorityNameEN}
	st.AuthorityAddress, st.AuthorityEmail, st.AuthorityPhone, st.AuthorityURL = f.AuthorityAddress, f.AuthorityEmail, f.AuthorityPhone, f.AuthorityURL
	return nil
}

// validDate reads a required YYYY-MM-DD date that is not after today.
func validDate(fe *web.FieldErrors, field, value string, today calendar.Date, required bool) (calendar.Date, bool) {
	if value == "" {
		if required {
			fe.Add(field, "statement.error.required."+field)
		}
		return calendar.Date{}, false
	}
	d, err := calendar.ParseDate(value)
	switch {
	case err != nil:
		fe.Add(field, "statement.error.date."+field)
		return calendar.Date{}, false
	case d.After(today):
		fe.Add(field, "statement.error.future."+field)
		return calendar.Date{}, false
	}
	return d, true
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func dateString(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
