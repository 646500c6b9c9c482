package media

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Stripping metadata (EXIF with a photo's GPS position, camera serials,
// XMP, IPTC, text chunks) from an image works on the file's structure, byte
// for byte: the picture itself is not re-encoded, so it loses no quality.
// JPEG keeps one thing of EXIF: its Orientation, without which a phone's
// portrait photo shows on its side; the sizes made from it apply it.

var errBadImage = errors.New("media: malformed image")

// stripMetadata copies the image in src to dst without its metadata and
// returns the EXIF orientation it had (1 when none).
func stripMetadata(dst io.Writer, src io.ReadSeeker, contentType string) (orientation int, err error) {
	switch contentType {
	case "image/jpeg":
		return stripJPEG(dst, bufio.NewReader(src))
	case "image/png":
		return 1, stripPNG(dst, bufio.NewReader(src))
	case "image/webp":
		return 1, stripWebP(dst, src)
	}
	_, err = io.Copy(dst, src)
	return 1, err
}

// stripJPEG drops the APP1 (EXIF, XMP), APP13 (IPTC) and comment segments
// before the image data, and writes a minimal EXIF segment with only the
// orientation when it is not the default. APP0 (JFIF), APP2 (the colour
// profile) and APP14 (Adobe colour transform) stay: the picture needs them.
func stripJPEG(dst io.Writer, r *bufio.Reader) (int, error) {
	var soi [2]byte
	if _, err := io.ReadFull(r, soi[:]); err != nil || soi != [2]byte{0xFF, 0xD8} {
		return 0, errBadImage
	}
	orientation := 1
	var head bytes.Buffer // segments kept before SOS
	for {
		b, err := r.ReadByte()
		if err != nil {
			return 0, errBadImage
		}
		if b != 0xFF {
			return 0, errBadImage
		}
		marker, err := r.ReadByte()
		for err == nil && marker == 0xFF { // fill bytes
			marker, err = r.ReadByte()
		}
		if err != nil {
			return 0, errBadImage
		}
		if marker == 0x01 || marker >= 0xD0 && marker <= 0xD7 {
			head.Write([]byte{0xFF, marker})
			continue
		}
		var lenb [2]byte
		if _, err := io.ReadFull(r, lenb[:]); err != nil {
			return 0, errBadImage
		}
		n := int(binary.BigEndian.Uint16(lenb[:]))
		if n < 2 {
			return 0, errBadImage
		}
		if marker == 0xDA { // start of scan: the image data follows as is
			if _, err := dst.Write([]byte{0xFF, 0xD8}); err != nil {
				return 0, err
			}
			if orientation != 1 {
				if _, err := dst.Write(orientationSegment(orientation)); err != nil {
					return 0, err
				}
			}
			if _, err := dst.Write(head.Bytes()); err != nil {
				return 0, err
			}
			if _, err := dst.Write([]byte{0xFF, 0xDA, lenb[0], lenb[1]}); err != nil {
				return 0, err
			}
			_, err := io.Copy(dst, r)
			return orientation, err
		}
		if marker == 0xE1 || marker == 0xED || marker == 0xFE {
			seg := make([]byte, n-2)
			if _, err := io.ReadFull(r, seg); err != nil {
				return 0, errBadImage
			}
			if o := exifOrientation(seg); o != 0 {
				orientation = o
			}
			continue
		}
		head.Write([]byte{0xFF, marker, lenb[0], lenb[1]})
		if _, err := io.CopyN(&head, r, int64(n-2)); err != nil {
			return 0, errBadImage
		}
	}
}

// exifOrientation reads the Orientation tag of an APP1 EXIF segment's
// first IFD; 0 when the segment is something else or has none.
func exifOrientation(seg []byte) int {
	if !bytes.HasPrefix(seg, []byte("Exif\x00\x00")) || len(seg) < 14 {
		return 0
	}
	t := seg[6:]
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:8]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	count := int(bo.Uint16(t[off:]))
	for i := 0; i < count; i++ {
		e := off + 2 + i*12
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 0
		}
	}
	return 0
}

// orientationSegment is an APP1 EXIF segment holding only Orientation.
func orientationSegment(o int) []byte {
	tiff := []byte{'I', 'I', 42, 0, 8, 0, 0, 0, // header, IFD0 at 8
		1, 0, // one entry
		0x12, 0x01, 3, 0, 1, 0, 0, 0, byte(o), 0, 0, 0, // Orientation, SHORT, 1, value
		0, 0, 0, 0} // no next IFD
	body := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(body)+2))
	return append(seg, body...)
}

// pngDropped are the PNG chunks that carry metadata rather than picture.
var pngDropped = map[string]bool{"eXIf": true, "tEXt": true, "iTXt": true, "zTXt": true, "tIME": true}

func stripPNG(dst io.Writer, r *bufio.Reader) error {
	sig := make([]byte, 8)
	if _, err := io.ReadFull(r, sig); err != nil || string(sig) != "\x89PNG\r\n\x1a\n" {
		return errBadImage
	}
	if _, err := dst.Write(sig); err != nil {
		return err
	}
	for {
		var h [8]byte
		if _, err := io.ReadFull(r, h[:]); err != nil {
			return errBadImage // a PNG ends with IEND, not in the middle
		}
		n := int64(binary.BigEndian.Uint32(h[:4])) + 4 // data and CRC
		typ := string(h[4:])
		if pngDropped[typ] {
			if _, err := io.CopyN(io.Discard, r, n); err != nil {
				return errBadImage
			}
			continue
		}
		if _, err := dst.Write(h[:]); err != nil {
			return err
		}
		if _, err := io.CopyN(dst, r, n); err != nil {
			return errBadImage
		}
		if typ == "IEND" {
			return nil
		}
	}
}

// stripWebP drops the EXIF and XMP chunks of a RIFF WebP file, clears their
// flags in the VP8X header and corrects the RIFF size, which comes first:
// a first pass over the chunk headers measures what stays.
func stripWebP(dst io.Writer, src io.ReadSeeker) error {
	var h [12]byte
	if _, err := io.ReadFull(src, h[:]); err != nil || string(h[:4]) != "RIFF" || string(h[8:]) != "WEBP" {
		return errBadImage
	}
	type chunk struct {
		fourcc string
		off    int64 // of its data
		size   int64 // padded
	}
	var chunks []chunk
	kept := int64(4) // "WEBP"
	riff := int64(binary.LittleEndian.Uint32(h[4:8]))
	for pos := int64(12); pos < 8+riff; {
		var ch [8]byte
		if _, err := src.Seek(pos, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.ReadFull(src, ch[:]); err != nil {
			return errBadImage
		}
		size := int64(binary.LittleEndian.Uint32(ch[4:]))
		size += size & 1
		c := chunk{string(ch[:4]), pos + 8, size}
		chunks = append(chunks, c)
		if c.fourcc != "EXIF" && c.fourcc != "XMP " {
			kept += 8 + size
		}
		pos += 8 + size
	}
	out := append([]byte("RIFF"), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(out[4:], uint32(kept))
	out = append(out, "WEBP"...)
	if _, err := dst.Write(out); err != nil {
		return err
	}
	for _, c := range chunks {
		if c.fourcc == "EXIF" || c.fourcc == "XMP " {
			continue
		}
		if _, err := src.Seek(c.off-8, io.SeekStart); err != nil {
			return err
		}
		data := io.LimitReader(src, 8+c.size)
		if c.fourcc == "VP8X" {
			b, err := io.ReadAll(data)
			if err != nil || len(b) < 9 {
				return errBadImage
			}
			b[8] &^= 0x08 | 0x04 // the EXIF and XMP flags
			data = bytes.NewReader(b)
		}
		if n, err := io.Copy(dst, data); err != nil {
			return err
		} else if n != 8+c.size {
			return fmt.Errorf("%w: short %s chunk", errBadImage, c.fourcc)
		}
	}
	return nil
}
