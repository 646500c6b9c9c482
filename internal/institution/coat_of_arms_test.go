package institution

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

func testPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 10))
	img.Set(3, 3, color.RGBA{R: 200, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func testJPEG(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A WebP file's RIFF header, which is what the type is judged by.
var testWebP = []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00\x02\x00\x34\x25\xa4\x00\x03\x70\x00\xfe\xfb\x94\x00\x00")

func TestCoatOfArmsType(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string // "" = refused
	}{
		{"PNG", testPNG(t), "image/png"},
		{"JPEG", testJPEG(t), "image/jpeg"},
		{"WebP", testWebP, "image/webp"},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>`), "image/svg+xml"},
		{"SVGWithDeclarationCommentDoctype", []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- herbas -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0h1\"/></svg>\n"), "image/svg+xml"},
		{"SVGWithScript", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`), "image/svg+xml"},
		{"ErrHTML", []byte(`<html><body><svg></svg></body></html>`), ""},
		{"ErrOtherXML", []byte(`<?xml version="1.0"?><note>labas</note>`), ""},
		{"ErrBrokenSVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><g></svg>`), ""},
		{"ErrTextBeforeSVG", []byte(`labas <svg xmlns="http://www.w3.org/2000/svg"></svg>`), ""},
		{"ErrEntity", []byte(`<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>`), ""},
		{"ErrGIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), ""},
		{"ErrPDF", []byte("%PDF-1.7\n"), ""},
		{"ErrText", []byte("tai ne paveikslėlis"), ""},
		{"ErrEmpty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := CoatOfArmsType(tt.data)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("got %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

// Uploaded files are outside input: whatever the bytes, the check answers
// without panicking, and only ever with an accepted type.
func FuzzCoatOfArmsType(f *testing.F) {
	f.Add(testPNG(f))
	f.Add(testWebP)
	f.Add([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>`))
	f.Add([]byte(`<?xml version="1.0"?><!-- x --><svg/>`))
	f.Add([]byte("<svg"))
	f.Fuzz(func(t *testing.T, data []byte) {
		typ, ok := CoatOfArmsType(data)
		switch typ {
		case "image/png", "image/jpeg", "image/webp", "image/svg+xml":
			if !ok {
				t.Errorf("type %q but not ok", typ)
			}
		case "":
			if ok {
				t.Error("ok without a type")
			}
		default:
			t.Errorf("unexpected type %q", typ)
		}
	})
}
