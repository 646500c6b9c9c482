package institution

// field is one value an administrator edits on the settings page, by its
// form name.
type field struct {
	name  string
	value *string
}

// fields lists the header (WEB-04) and controller (EPS-15) data in form
// order. Reading the form, the audit snapshot and the list of changes all
// follow it, so a new field needs adding here only.
func (in *Institution) fields() []field {
	return []field{
		{"name", &in.Name}, {"short_name", &in.ShortName}, {"legal_form", &in.LegalForm}, {"address", &in.Address},
		{"legal_code", &in.LegalCode}, {"register", &in.Register}, {"phone", &in.Phone}, {"fax", &in.Fax},
		{"email", &in.Email}, {"controller_name", &in.ControllerName}, {"controller_code", &in.ControllerCode},
		{"controller_address", &in.ControllerAddress}, {"controller_email", &in.ControllerEmail},
		{"controller_phone", &in.ControllerPhone}, {"dpo_email", &in.DPOEmail},
	}
}

// snapshot is what the audit trail keeps of the edited data.
func (in *Institution) snapshot() map[string]string {
	m := map[string]string{}
	for _, f := range in.fields() {
		m[f.name] = *f.value
	}
	return m
}

// changedFields names the fields whose values differ between in and other.
func (in *Institution) changedFields(other *Institution) []string {
	var names []string
	a, b := in.fields(), other.fields()
	for i := range a {
		if *a[i].value != *b[i].value {
			names = append(names, a[i].name)
		}
	}
	return names
}
