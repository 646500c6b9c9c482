// Package i18n is the one message catalogue for every UI string. Lithuanian
// is the source language; English follows it key for key.
//
// Messages live in catalog/<lang>/<area>.json, one file per capability, so
// that each area owns its strings. Keys are unique across all files.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Languages the interface speaks; the first is the default.
const (
	LT = "lt"
	EN = "en"
)

// Supported lists the interface languages in display order.
var Supported = []string{LT, EN}

//go:embed catalog
var catalogFiles embed.FS

var messages = mustLoad(catalogFiles)

// T returns the message for key in lang, formatted with args (fmt verbs).
// A key missing in lang falls back to Lithuanian; a key missing everywhere is
// returned as is, which the catalogue test catches before release.
func T(lang, key string, args ...any) string {
	msg, ok := messages[lang][key]
	if !ok {
		if msg, ok = messages[LT][key]; !ok {
			return key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether key exists in lang.
func Has(lang, key string) bool {
	_, ok := messages[lang][key]
	return ok
}

// Keys returns the sorted keys of lang.
func Keys(lang string) []string {
	keys := make([]string, 0, len(messages[lang]))
	for k := range messages[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Normalize returns a supported language for the given choice (default LT).
func Normalize(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	for _, l := range Supported {
		if l == lang {
			return l
		}
	}
	return LT
}

func mustLoad(fsys fs.FS) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, lang := range Supported {
		out[lang] = map[string]string{}
		files, err := fs.Glob(fsys, path.Join("catalog", lang, "*.json"))
		if err != nil {
			panic(err)
		}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				panic(err)
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				panic(fmt.Sprintf("i18n: %s: %v", f, err))
			}
			for k, v := range m {
				if _, dup := out[lang][k]; dup {
					panic(fmt.Sprintf("i18n: key %q defined twice (again in %s)", k, f))
				}
				out[lang][k] = v
			}
		}
	}
	return out
}
