package media

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"strconv"
	"strings"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // decodes uploaded WebP images

	"github.com/savivalda/savivalda/internal/files"
)

// Widths are the sizes an image is served in besides its own: enough
// steps for a phone, a tablet and the prose column on a wide screen at
// double density. An image is never made larger than it is.
var Widths = []int{320, 640, 960, 1280}

// Srcset lists the image's sizes for a page's <img srcset>.
func (it *Item) Srcset() string {
	var parts []string
	for _, w := range Widths {
		if w < it.Width {
			parts = append(parts, it.SizeURL(w)+" "+strconv.Itoa(w)+"w")
		}
	}
	parts = append(parts, it.VersionedURL()+" "+strconv.Itoa(it.Width)+"w")
	return strings.Join(parts, ", ")
}

// sizeKey is where the size w of the item's content is kept; PNG stays
// PNG (it may be transparent or drawn), photos become JPEG.
func sizeKey(it *Item, w int) (key, contentType string) {
	if it.ContentType == "image/png" {
		return fmt.Sprintf("%s/w%d.png", it.FileKey, w), "image/png"
	}
	return fmt.Sprintf("%s/w%d.jpg", it.FileKey, w), "image/jpeg"
}

// openSize opens the item's image w pixels wide, made from the original
// and kept in the files store the first time it is asked for.
func (s *Service) openSize(ctx context.Context, it *Item, w int) (files.File, string, error) {
	key, typ := sizeKey(it, w)
	f, err := s.files.Open(ctx, key)
	if err == nil {
		return f, typ, nil
	}
	if !errors.Is(err, files.ErrNotFound) {
		return nil, "", err
	}
	if _, err, _ := s.sizing.Do(key, func() (any, error) { return nil, s.makeSize(ctx, it, w, key, typ) }); err != nil {
		return nil, "", err
	}
	f, err = s.files.Open(ctx, key)
	return f, typ, err
}

func (s *Service) makeSize(ctx context.Context, it *Item, w int, key, typ string) error {
	src, err := s.files.Open(ctx, it.FileKey+"/original")
	if err != nil {
		return err
	}
	defer src.Close()
	orientation := 1
	if it.ContentType == "image/jpeg" {
		if orientation, err = stripJPEG(io.Discard, bufio.NewReader(src)); err != nil {
			return err
		}
		if _, err := src.Seek(0, io.SeekStart); err != nil {
			return err
		}
	}
	img, _, err := image.Decode(src)
	if err != nil {
		return fmt.Errorf("decode media %d: %w", it.ID, err)
	}
	img = orient(img, orientation)
	b := img.Bounds()
	h := (b.Dy()*w + b.Dx()/2) / b.Dx()
	dst := image.NewRGBA(image.Rect(0, 0, w, max(h, 1)))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	var buf bytes.Buffer
	if typ == "image/png" {
		err = png.Encode(&buf, dst)
	} else {
		err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 82})
	}
	if err != nil {
		return err
	}
	_, err = s.files.Put(ctx, key, &buf, maxImage, typ)
	return err
}

// orient turns a decoded JPEG the way its EXIF orientation says it is
// meant to be seen.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			dst.Set(dx, dy, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}
