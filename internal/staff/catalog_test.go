package staff_test

import (
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/i18n"
)

// The layout's error summary prints field messages without their
// arguments, so staff error messages must need none.
func TestErrorMessagesNeedNoArguments(t *testing.T) {
	for _, lang := range i18n.Supported {
		for _, k := range i18n.Keys(lang) {
			if strings.HasPrefix(k, "staff.error.") && strings.Contains(i18n.T(lang, k), "%") {
				t.Errorf("%s %s: %q has a formatting verb", lang, k, i18n.T(lang, k))
			}
		}
	}
}
