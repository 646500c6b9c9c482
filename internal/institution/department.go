package institution

import (
	"strings"

	"github.com/savivalda/savivalda/internal/web"
)

// Kinds lists the department kinds in the order pages show them.
var Kinds = []string{KindDepartment, KindEldership, KindSpecialist}

// KindLabel is the catalogue key of a kind's name ("Skyrius", "Seniūnija" …).
func KindLabel(kind string) string { return "institution.kind." + kind }

// Validate checks a department before it is saved.
func (d *Department) Validate() web.FieldErrors {
	var fe web.FieldErrors
	if strings.TrimSpace(d.Name) == "" {
		fe.Add("name", "institution.error.department_name")
	}
	valid := false
	for _, k := range Kinds {
		valid = valid || d.Kind == k
	}
	if !valid {
		fe.Add("kind", "institution.error.department_kind")
	}
	return fe
}
