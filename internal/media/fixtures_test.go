package media

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// Test files built in Go, so that each carries exactly what a test looks
// for.

// photo is a photo-like picture: a sky, hills and a house, w×h.
func photo(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{uint8(90 + 100*y/h), uint8(150 + 80*y/h), 235, 255} // sky
			hill := h*2/3 + int(float64(h/8)*sin(float64(x)/float64(w)*6))
			if y > hill {
				c = color.RGBA{uint8(40 + (x*y)%30), uint8(120 + (x+y)%40), 50, 255}
			}
			if x > w/3 && x < w/2 && y > h/2 && y < h*5/6 {
				c = color.RGBA{200, 190, 170, 255} // a wall
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// sin is a cheap sine for the hills (no need for math's precision).
func sin(x float64) float64 {
	for x > 3.14159 {
		x -= 6.28318
	}
	return x - x*x*x/6 + x*x*x*x*x/120
}

func jpegOf(t testing.TB, img image.Image) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngOf(t testing.TB, img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Secrets the metadata carries; none may survive an upload.
const (
	secretCamera = "SlaptasTelefonas X1"
	secretXMP    = "<x:xmpmeta><exif:GPSLatitude>54,41.0N</exif:GPSLatitude></x:xmpmeta>"
	secretText   = "Vieta: Vilniaus g. 1"
)

// exifTIFF is an EXIF block with the orientation, the camera's make and a
// GPS position (54°41′ N, 25°17′ E).
func exifTIFF(orientation uint16) []byte {
	le := binary.LittleEndian
	var b []byte
	u16 := func(v uint16) { b = le.AppendUint16(b, v) }
	u32 := func(v uint32) { b = le.AppendUint32(b, v) }
	b = append(b, 'I', 'I')
	u16(42)
	u32(8)
	// IFD0 at 8: 3 entries (2+36+4 = 42 bytes), then the make at 50, the
	// GPS IFD after it.
	makeOff := uint32(8 + 2 + 3*12 + 4)
	makeStr := append([]byte(secretCamera), 0)
	gpsOff := makeOff + uint32(len(makeStr))
	u16(3)
	u16(0x010F) // Make
	u16(2)
	u32(uint32(len(makeStr)))
	u32(makeOff)
	u16(0x0112) // Orientation
	u16(3)
	u32(1)
	u16(orientation)
	u16(0)
	u16(0x8825) // GPS IFD
	u16(4)
	u32(1)
	u32(gpsOff)
	u32(0)
	b = append(b, makeStr...)
	// GPS IFD: latitude ref and latitude (3 rationals after the IFD).
	ratOff := gpsOff + 2 + 2*12 + 4
	u16(2)
	u16(0x0001)
	u16(2)
	u32(2)
	b = append(b, 'N', 0, 0, 0)
	u16(0x0002)
	u16(5)
	u32(3)
	u32(ratOff)
	u32(0)
	for _, v := range []uint32{54, 1, 41, 1, 0, 1} {
		u32(v)
	}
	return b
}

func segment(marker byte, body []byte) []byte {
	s := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(s[2:], uint16(len(body)+2))
	return append(s, body...)
}

// gpsJPEG is a photo as a phone saves it: EXIF with the orientation,
// camera and GPS position, XMP repeating the position, and a comment.
func gpsJPEG(t testing.TB, w, h int, orientation uint16) []byte {
	plain := jpegOf(t, photo(w, h))
	var out []byte
	out = append(out, 0xFF, 0xD8)
	out = append(out, segment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(orientation)...))...)
	out = append(out, segment(0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00"+secretXMP))...)
	out = append(out, segment(0xFE, []byte(secretText))...)
	return append(out, plain[2:]...)
}

func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// metaPNG is a PNG with a text chunk and an EXIF chunk after its header.
func metaPNG(t testing.TB, w, h int) []byte {
	plain := pngOf(t, photo(w, h))
	ihdrEnd := 8 + 8 + 13 + 4
	var out []byte
	out = append(out, plain[:ihdrEnd]...)
	out = append(out, pngChunk("tEXt", []byte("Location\x00"+secretText))...)
	out = append(out, pngChunk("eXIf", exifTIFF(1))...)
	out = append(out, pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+secretXMP))...)
	return append(out, plain[ihdrEnd:]...)
}

// losslessWebP1x1 is a 1×1 lossless WebP image (the VP8L chunk).
var losslessWebP1x1 = []byte{0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00}

// metaWebP is an extended WebP (VP8X) whose EXIF chunk has the GPS position.
func metaWebP() []byte {
	chunk := func(fourcc string, data []byte) []byte {
		c := append([]byte(fourcc), 0, 0, 0, 0)
		binary.LittleEndian.PutUint32(c[4:], uint32(len(data)))
		c = append(c, data...)
		if len(data)%2 == 1 {
			c = append(c, 0)
		}
		return c
	}
	vp8x := []byte{0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0} // EXIF flag, 1×1 canvas
	body := []byte("WEBP")
	body = append(body, chunk("VP8X", vp8x)...)
	body = append(body, chunk("VP8L", losslessWebP1x1)...)
	body = append(body, chunk("EXIF", exifTIFF(1))...)
	out := append([]byte("RIFF"), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(out[4:], uint32(len(body)))
	return append(out, body...)
}

// minimalPDF is a valid one-page PDF.
func minimalPDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
		"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
}

// zipOf builds a ZIP whose first entry is stored, as ODF requires.
func zipOf(t testing.TB, entries ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		method := zip.Deflate
		if i == 0 {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: entries[i], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(entries[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func odt(t testing.TB) []byte {
	return zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text",
		"content.xml", `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`)
}

func docx(t testing.TB) []byte {
	return zipOf(t, "[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml", `<w:document/>`)
}
