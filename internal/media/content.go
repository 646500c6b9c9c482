package media

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decodes uploaded JPEG images
	_ "image/png"  // and PNG
	"io"
	"net/http"

	"github.com/savivalda/savivalda/internal/files"
)

// content is an accepted file in the files store.
type content struct {
	key           string // the folder: key+"/original" is the file
	format        *Format
	size          int64
	sha256        string
	width, height int // as seen: after the EXIF orientation
}

// problem is why an uploaded file is refused: a catalogue key whose
// message takes the file's name, the detected format's label and the
// type's limit in MB.
type problem struct {
	key    string
	format *Format
}

func (p *problem) Error() string { return "media: refused file: " + p.key }

// storeContent streams an uploaded file into the files store under a new
// folder, judging it on the way: its type from its first bytes, its size
// against its type's limit, an image by decoding it whole (a truncated one
// is refused) and without its metadata. A refused file leaves nothing
// behind and comes as a *problem; other errors are the store's.
func (s *Service) storeContent(ctx context.Context, name string, body io.Reader, want *Format) (*content, error) {
	br := bufio.NewReaderSize(body, sniffLength)
	head, err := br.Peek(sniffLength)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, readError(err)
	}
	f, key := Detect(head, name)
	if key != "" {
		return nil, &problem{key: key, format: f}
	}
	if want != nil && f.ContentType != want.ContentType {
		return nil, &problem{key: "media.error.replace_format", format: want}
	}
	c := &content{key: "media/" + token(), format: f}
	if f.Kind == Document {
		if err := s.put(ctx, c, br); err != nil {
			return nil, err
		}
		return c, nil
	}
	// An image goes to a staging file first: it is decoded whole before
	// anything is kept, and its metadata stripped on the way to its place.
	staging := "media/staging/" + token()
	defer s.files.Delete(context.WithoutCancel(ctx), staging)
	if _, err := s.files.Put(ctx, staging, br, f.Max, f.ContentType); err != nil {
		return nil, s.putError(err, f)
	}
	src, err := s.files.Open(ctx, staging)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	cfg, _, err := image.DecodeConfig(src)
	if err != nil {
		return nil, &problem{key: errBroken, format: f}
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return nil, &problem{key: errTooManyPx, format: f}
	}
	if err := rewind(src); err != nil {
		return nil, err
	}
	if _, _, err := image.Decode(src); err != nil {
		return nil, &problem{key: errBroken, format: f}
	}
	if err := rewind(src); err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		o, err := stripMetadata(pw, src, f.ContentType)
		pw.CloseWithError(err)
		done <- o
	}()
	err = s.put(ctx, c, pr)
	pr.CloseWithError(io.ErrClosedPipe) // lets the goroutine end if put stopped early
	if errors.Is(err, errBadImage) {
		return nil, &problem{key: errBroken, format: f}
	}
	if err != nil {
		return nil, err
	}
	c.width, c.height = cfg.Width, cfg.Height
	if <-done >= 5 { // turned a quarter: width and height swap
		c.width, c.height = cfg.Height, cfg.Width
	}
	return c, nil
}

// put writes the file into the content's folder, measuring and hashing it.
func (s *Service) put(ctx context.Context, c *content, r io.Reader) error {
	h := sha256.New()
	n, err := s.files.Put(ctx, c.key+"/original", io.TeeReader(r, h), c.format.Max, c.format.ContentType)
	if err != nil {
		return s.putError(err, c.format)
	}
	if n == 0 {
		_ = s.files.Delete(context.WithoutCancel(ctx), c.key+"/original")
		return &problem{key: errEmpty, format: c.format}
	}
	c.size, c.sha256 = n, hex.EncodeToString(h.Sum(nil))
	return nil
}

func (s *Service) putError(err error, f *Format) error {
	if errors.Is(err, files.ErrTooLarge) {
		return &problem{key: errTooLarge, format: f}
	}
	return readError(err)
}

// readError passes on a body over the request's cap as what it is, for
// its 413.
func readError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return fmt.Errorf("read upload: %w", err)
}

// removeContent deletes a content folder: the original and its sizes.
func (s *Service) removeContent(ctx context.Context, key string) error {
	ctx = context.WithoutCancel(ctx)
	var keys []string
	if err := s.files.List(ctx, key+"/", func(k string, _ int64) error { keys = append(keys, k); return nil }); err != nil {
		return err
	}
	for _, k := range keys {
		if err := s.files.Delete(ctx, k); err != nil {
			return err
		}
	}
	return nil
}

func rewind(f io.Seeker) error { _, err := f.Seek(0, io.SeekStart); return err }

// token names a content folder: random, so that no one can guess it from
// the item, and never taken from a name.
func token() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
