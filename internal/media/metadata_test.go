package media

import (
	"bytes"
	"image"
	"testing"

	_ "golang.org/x/image/webp"
)

// Nothing of a photo's metadata survives but its orientation: no GPS
// position, no camera, no XMP, no comment; the picture itself is intact.
func TestStripJPEG(t *testing.T) {
	in := gpsJPEG(t, 64, 48, 6)
	var out bytes.Buffer
	o, err := stripMetadata(&out, bytes.NewReader(in), "image/jpeg")
	if err != nil {
		t.Fatal(err)
	}
	if o != 6 {
		t.Errorf("orientation %d, want 6", o)
	}
	b := out.Bytes()
	for _, secret := range []string{secretCamera, secretXMP, secretText, "xmpmeta"} {
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%q survived", secret)
		}
	}
	if bytes.Contains(b, []byte{0x25, 0x88}) { // the GPS IFD tag, little-endian
		t.Error("the GPS IFD pointer survived")
	}
	if !bytes.Contains(b, orientationSegment(6)) {
		t.Error("the orientation was not kept")
	}
	if exifOrientation(b[6:]) != 6 { // the kept segment reads back
		t.Error("the kept orientation does not read back")
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != 64 {
		t.Fatalf("the stripped JPEG does not decode: %v", err)
	}
	// Orientation 6 is a quarter turn: the sizes are made upright.
	if r := orient(img, 6).Bounds(); r.Dx() != 48 || r.Dy() != 64 {
		t.Errorf("oriented %v, want 48×64", r)
	}
}

func TestStripPNG(t *testing.T) {
	var out bytes.Buffer
	if _, err := stripMetadata(&out, bytes.NewReader(metaPNG(t, 20, 10)), "image/png"); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{secretText, secretCamera, "eXIf", "tEXt", "iTXt", "xmpmeta"} {
		if bytes.Contains(out.Bytes(), []byte(secret)) {
			t.Errorf("%q survived", secret)
		}
	}
	if _, _, err := image.Decode(&out); err != nil {
		t.Fatalf("the stripped PNG does not decode: %v", err)
	}
}

func TestStripWebP(t *testing.T) {
	in := metaWebP()
	if _, _, err := image.Decode(bytes.NewReader(in)); err != nil {
		t.Fatalf("the fixture does not decode: %v", err)
	}
	var out bytes.Buffer
	if _, err := stripMetadata(&out, bytes.NewReader(in), "image/webp"); err != nil {
		t.Fatal(err)
	}
	b := out.Bytes()
	if bytes.Contains(b, []byte("EXIF")) || bytes.Contains(b, []byte(secretCamera)) {
		t.Error("the EXIF chunk survived")
	}
	if int(b[4])|int(b[5])<<8 != len(b)-8 {
		t.Errorf("RIFF size %d, file %d", int(b[4])|int(b[5])<<8, len(b))
	}
	if b[20]&0x08 != 0 {
		t.Error("the VP8X EXIF flag is still set")
	}
	if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
		t.Fatalf("the stripped WebP does not decode: %v", err)
	}
}

// A truncated or malformed image is refused, not half-copied.
func TestStripMalformed(t *testing.T) {
	j := gpsJPEG(t, 32, 32, 1)
	for name, b := range map[string][]byte{
		"jpeg header only": j[:3], "jpeg cut in a segment": j[:30], "png cut": metaPNG(t, 8, 8)[:40], "webp cut": metaWebP()[:30],
	} {
		typ := map[byte]string{0xFF: "image/jpeg", 0x89: "image/png", 'R': "image/webp"}[b[0]]
		if _, err := stripMetadata(&bytes.Buffer{}, bytes.NewReader(b), typ); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
