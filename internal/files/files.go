// Package files keeps uploaded and generated files (media, attachments,
// exports) outside the database behind one interface: a folder under the
// data directory on one machine, S3-compatible object storage when several
// instances share the files.
package files

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"
)

// Errors a Store returns.
var (
	ErrNotFound = errors.New("files: no such file")
	// ErrTooLarge: the content was longer than the limit Put was given;
	// nothing is kept.
	ErrTooLarge = errors.New("files: file too large")
	ErrBadKey   = errors.New("files: invalid key")
)

// Store keeps files by key. Keys are chosen by the program, never taken from
// a person's input: slash-separated segments of [a-z0-9._-].
type Store interface {
	// Put streams r into the file at key, replacing any file there only
	// once all of r has arrived, and returns the number of bytes written.
	// More than max bytes is ErrTooLarge and leaves the old file (or none).
	Put(ctx context.Context, key string, r io.Reader, max int64, contentType string) (int64, error)
	// Open returns the file at key, or ErrNotFound.
	Open(ctx context.Context, key string) (File, error)
	// Delete removes the file at key; a missing file is not an error.
	Delete(ctx context.Context, key string) error
	// List calls fn for every file whose key starts with prefix, in key
	// order. A prefix no valid key can start with is ErrBadKey.
	List(ctx context.Context, prefix string, fn func(key string, size int64) error) error
}

// File is an open stored file; http.ServeContent can serve it.
type File interface {
	io.ReadSeekCloser
	Size() int64
	ModTime() time.Time
}

// ValidKey reports whether key is one the stores accept.
func ValidKey(key string) bool {
	if key == "" || len(key) > 512 {
		return false
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") {
			return false
		}
		for _, c := range seg {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
				return false
			}
		}
	}
	return true
}

// validPrefix reports whether a valid key can start with prefix.
func validPrefix(prefix string) bool {
	return prefix == "" || ValidKey(strings.TrimSuffix(prefix, "/"))
}

// limited reads r and fails with ErrTooLarge after max bytes.
type limited struct {
	r    io.Reader
	left int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, ErrTooLarge
	}
	return n, err
}

// Limit wraps r so that reading more than max bytes fails with ErrTooLarge.
func Limit(r io.Reader, max int64) io.Reader { return &limited{r: r, left: max} }
