package site

import (
	"encoding/json"
	"strings"

	"github.com/savivalda/savivalda/internal/i18n"
)

// mediaListURL is the media library's list that the editor's "insert from
// library" searches (WEB-22).
const mediaListURL = "/admin/media.json"

// editorStrings is the interface text of the page body editor's script
// (the catalogue's "editor." keys in lang), as JSON for a data- attribute.
func editorStrings(lang string) string {
	m := map[string]string{}
	for _, k := range i18n.Keys(lang) {
		if strings.HasPrefix(k, "editor.") {
			m[k] = i18n.T(lang, k)
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// removedHTMLNotice is the editor's notice about the raw HTML of a body that
// the page will not show, or "" when it has none.
func removedHTMLNotice(lang, body string) string {
	tags := RemovedHTML(body)
	if len(tags) == 0 {
		return ""
	}
	return i18n.T(lang, "editor.html_removed", strings.Join(tags, ", "))
}
