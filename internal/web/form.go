package web

import (
	"strings"
)

// FieldError is one validation failure: the form field's name and the
// catalogue key of a message that says what to fix.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

// FieldErrors collects a form's validation failures in field order. It is an
// error, so services can return it and handlers re-render the form with it.
type FieldErrors []FieldError

// Add records a failure for field.
func (fe *FieldErrors) Add(field, key string, args ...any) {
	*fe = append(*fe, FieldError{Field: field, Key: key, Args: args})
}

// Err returns fe as an error, or nil when there are no failures.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

func (fe FieldErrors) Error() string {
	var keys []string
	for _, e := range fe {
		keys = append(keys, e.Field+": "+e.Key)
	}
	return "invalid form: " + strings.Join(keys, ", ")
}

// For returns the first failure of field, or nil.
func (fe FieldErrors) For(field string) *FieldError {
	for i := range fe {
		if fe[i].Field == field {
			return &fe[i]
		}
	}
	return nil
}

// Field is what the form components render: a labelled control with its
// hint and error, wired together by ids for assistive technology.
type Field struct {
	Name, ID, Type string
	Value          string
	Label, Hint    string
	Error          string
	Required       bool
	Rows           int
	Options        []Option
	Autocomplete   string
	// Translated words the components need.
	Optional, ErrorPrefix string
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

// DescribedBy lists the ids of the hint and the error, for aria-describedby.
func (f Field) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// FieldID is the element id of a form field; error summaries link to it.
func FieldID(name string) string { return "f-" + name }

// newField builds a Field for templates. Options are "hint=KEY", "type=T",
// "rows=N", "autocomplete=V", "required", "filter" for a search or filter
// control, which is never marked optional, and "conditional" for a field
// required only in the cases its hint names, which is not marked optional
// either.
func newField(d Data, name string, value any, labelKey string, opts ...string) Field {
	p := d.Base()
	f := Field{Name: name, ID: FieldID(name), Type: "text", Value: toString(value), Label: p.T(labelKey),
		Optional: p.T("web.optional"), ErrorPrefix: p.T("web.error_prefix")}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "hint":
			f.Hint = p.T(v)
		case "type":
			f.Type = v
		case "rows":
			f.Rows = atoi(v)
		case "autocomplete":
			f.Autocomplete = v
		case "required":
			f.Required = true
		case "filter", "conditional":
			f.Optional = ""
		}
	}
	if f.Required {
		f.Optional = ""
	}
	if e := p.Errors.For(name); e != nil {
		f.Error = p.T(e.Key, e.Args...)
	}
	return f
}

// withOptions attaches select options to a field, marking the current value.
func withOptions(f Field, opts []Option) Field {
	f.Type = "select"
	f.Options = make([]Option, len(opts))
	for i, o := range opts {
		o.Selected = o.Value == f.Value
		f.Options[i] = o
	}
	return f
}
