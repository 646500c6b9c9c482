package audit

import (
	"strings"

	"github.com/savivalda/savivalda/internal/i18n"
)

// The trail shows what was done and to what in words; the codes stay
// in the records, the filter's address and the CSV for machines. Every code
// in use has a label in the catalogue (audit.action.<code>,
// audit.object.<type>); TestEveryCodeHasLabel reads the code base for them.

// ActionLabel is the action's name in lang, e.g. "Paskelbė puslapį" for
// "site.revision.publish"; an unknown code is shown as it is.
func ActionLabel(lang, code string) string { return label(lang, "audit.action.", code) }

// ObjectLabel is the object type's name in lang, e.g. "puslapis" for "page".
func ObjectLabel(lang, objectType string) string { return label(lang, "audit.object.", objectType) }

func label(lang, prefix, code string) string {
	if code == "" || !i18n.Has(lang, prefix+code) {
		return code
	}
	return i18n.T(lang, prefix+code)
}

// ObjectTypes lists the object types the catalogue names, for the filter.
func ObjectTypes() []string {
	var types []string
	for _, k := range i18n.Keys(i18n.LT) {
		if t, ok := strings.CutPrefix(k, "audit.object."); ok {
			types = append(types, t)
		}
	}
	return types
}
