package files

import (
	"path/filepath"
	"strings"
	"testing"
)

// FuzzKey: a key either is refused or names a file inside the store's
// folder, whatever path tricks it tries (keys are program-chosen, but a bug
// upstream must not reach outside the folder).
func FuzzKey(f *testing.F) {
	for _, seed := range []string{
		"media/2026/a.pdf", "a", "a/b/c.txt", "../etc/passwd", "a/../../b", "a/./b", "/etc/passwd", "./a",
		`a\..\..\b`, `C:\Windows`, "a\x00b", "a//b", "a/", ".hidden", "a/.upload-1", "ą/č.txt", "Ａ", "a/…/b",
		"..", ".", "", "a/b/..", strings.Repeat("a", 513), "a%2f..%2fb", "a\nb", "a b", "a:b", "CON",
	} {
		f.Add(seed)
	}
	root := filepath.Join(f.TempDir(), "files")
	l := &Local{root: root}
	f.Fuzz(func(t *testing.T, key string) {
		p, err := l.path(key)
		if !ValidKey(key) {
			if err != ErrBadKey {
				t.Fatalf("%q: invalid key mapped to %q", key, p)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: valid key refused: %v", key, err)
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
			t.Fatalf("%q maps to %q, outside %q", key, p, root)
		}
		if filepath.ToSlash(rel) != key {
			t.Fatalf("%q maps to %q: not the same name", key, rel)
		}
		for _, c := range key {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '/') {
				t.Fatalf("%q: valid key holds %q", key, c)
			}
		}
	})
}
