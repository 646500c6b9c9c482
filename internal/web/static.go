package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed templates
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// assets maps a file name to its content hash; files are served under
// /static/HASH/NAME so that browsers may cache them for a year.
var assets = hashAssets()

func hashAssets() map[string]string {
	m := map[string]string{}
	_ = fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := staticFiles.ReadFile(p)
		sum := sha256.Sum256(b)
		m[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
	return m
}

// AssetURL is the cacheable URL of a static file.
func AssetURL(name string) string {
	h, ok := assets[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + h + "/" + name
}

// StaticHandler serves /static/{hash}/{name...}.
func StaticHandler(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	h, ok := assets[name]
	if !ok || h != r.PathValue("hash") {
		http.NotFound(w, r)
		return
	}
	b, _ := staticFiles.ReadFile("static/" + name)
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(b)
}
