package files_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/savivalda/savivalda/internal/files"
	"github.com/savivalda/savivalda/internal/files/filestest"
)

func put(t *testing.T, s files.Store, key, content string) {
	t.Helper()
	n, err := s.Put(context.Background(), key, strings.NewReader(content), 1<<20, "text/plain")
	if err != nil || n != int64(len(content)) {
		t.Fatalf("put %s: %d bytes, %v", key, n, err)
	}
}

func read(t *testing.T, s files.Store, key string) string {
	t.Helper()
	f, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return string(b)
}

func list(t *testing.T, s files.Store, prefix string) []string {
	t.Helper()
	var keys []string
	err := s.List(context.Background(), prefix, func(key string, size int64) error {
		keys = append(keys, fmt.Sprintf("%s:%d", key, size))
		return nil
	})
	if err != nil {
		t.Fatalf("list %q: %v", prefix, err)
	}
	return keys
}

func TestPutOpenSeekListDelete(t *testing.T) {
	filestest.Each(t, func(t *testing.T, s files.Store) {
		ctx := context.Background()
		put(t, s, "media/b.txt", "bb")
		put(t, s, "media/a.txt", "a")
		put(t, s, "media-x/c.txt", "ccc")
		put(t, s, "media/sub/d.txt", "dddd")
		put(t, s, "z.txt", "0123456789")
		if got, want := strings.Join(list(t, s, ""), " "), "media-x/c.txt:3 media/a.txt:1 media/b.txt:2 media/sub/d.txt:4 z.txt:10"; got != want {
			t.Errorf("list all: %s, want %s", got, want)
		}
		if got, want := strings.Join(list(t, s, "media/"), " "), "media/a.txt:1 media/b.txt:2 media/sub/d.txt:4"; got != want {
			t.Errorf("list media/: %s, want %s", got, want)
		}
		for _, prefix := range []string{"nothing/", "nothing/deeper/", "media/sub/d.txt/", "media/s"} {
			if got, want := strings.Join(list(t, s, prefix), " "), map[string]string{"media/s": "media/sub/d.txt:4"}[prefix]; got != want {
				t.Errorf("list %q: %s, want %q", prefix, got, want)
			}
		}
		if got, want := strings.Join(list(t, s, "media/sub/d"), " "), "media/sub/d.txt:4"; got != want {
			t.Errorf("list of a partial name: %s", got)
		}

		f, err := s.Open(ctx, "z.txt")
		if err != nil {
			t.Fatal(err)
		}
		if f.Size() != 10 || f.ModTime().IsZero() {
			t.Errorf("size %d, modified %v", f.Size(), f.ModTime())
		}
		b := make([]byte, 3)
		if _, err := f.Seek(4, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(f, b); err != nil || string(b) != "456" {
			t.Errorf("after seeking to 4: %q %v", b, err)
		}
		if _, err := f.Seek(-2, io.SeekEnd); err != nil {
			t.Fatal(err)
		}
		if rest, err := io.ReadAll(f); err != nil || string(rest) != "89" {
			t.Errorf("the last two bytes: %q %v", rest, err)
		}
		// What the file is for: serving, with ranges, to a browser.
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/z.txt", nil)
		req.Header.Set("Range", "bytes=2-5")
		http.ServeContent(rec, req, "z.txt", f.ModTime(), f)
		if rec.Code != http.StatusPartialContent || rec.Body.String() != "2345" {
			t.Errorf("range request: %d %q", rec.Code, rec.Body)
		}
		f.Close()

		if err := s.Delete(ctx, "media/a.txt"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Open(ctx, "media/a.txt"); !errors.Is(err, files.ErrNotFound) {
			t.Errorf("open after delete: %v", err)
		}
		if err := s.Delete(ctx, "media/a.txt"); err != nil {
			t.Errorf("deleting a missing file: %v", err)
		}
		if _, err := s.Open(ctx, "never/was.txt"); !errors.Is(err, files.ErrNotFound) {
			t.Errorf("open of a missing file: %v", err)
		}
		if _, err := s.Open(ctx, "media"); !errors.Is(err, files.ErrNotFound) {
			t.Errorf("open of a key that is only a prefix: %v", err)
		}
		if got := read(t, s, "media/b.txt"); got != "bb" {
			t.Errorf("another file after a delete: %q", got)
		}
	})
}

func TestReplaceKeepsReadersConsistent(t *testing.T) {
	filestest.Each(t, func(t *testing.T, s files.Store) {
		ctx := context.Background()
		old := strings.Repeat("old-", 256<<10) // 1 MiB
		put(t, s, "doc.pdf", old)
		f, err := s.Open(ctx, "doc.pdf")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		head := make([]byte, 8)
		if _, err := io.ReadFull(f, head); err != nil {
			t.Fatal(err)
		}
		put(t, s, "doc.pdf", "new content")
		// A reader that opened the old file reads the old file or fails;
		// it never gets a mixture.
		rest, err := io.ReadAll(f)
		if err == nil && string(head)+string(rest) != old {
			t.Errorf("reading on after a replacement gave %d bytes of something else", len(head)+len(rest))
		}
		if _, err := f.Seek(0, io.SeekStart); err == nil {
			if all, err := io.ReadAll(f); err == nil && string(all) != old {
				t.Errorf("re-reading after a replacement gave %q…", all[:min(len(all), 20)])
			}
		}
		if got := read(t, s, "doc.pdf"); got != "new content" {
			t.Errorf("a new reader sees %q…", got[:min(len(got), 20)])
		}
	})
}

func TestTooLargeLeavesNothing(t *testing.T) {
	filestest.Each(t, func(t *testing.T, s files.Store) {
		ctx := context.Background()
		for _, max := range []int64{10, files.PartSize + 10} {
			over := bytes.Repeat([]byte("x"), int(max)+1)
			if _, err := s.Put(ctx, "new.bin", bytes.NewReader(over), max, ""); !errors.Is(err, files.ErrTooLarge) {
				t.Errorf("max %d, one byte more: %v", max, err)
			}
			if _, err := s.Open(ctx, "new.bin"); !errors.Is(err, files.ErrNotFound) {
				t.Errorf("max %d: a too large upload left a file: %v", max, err)
			}
			put(t, s, "old.bin", "the old file")
			if _, err := s.Put(ctx, "old.bin", bytes.NewReader(over), max, ""); !errors.Is(err, files.ErrTooLarge) {
				t.Errorf("max %d, replacing: %v", max, err)
			}
			if got := read(t, s, "old.bin"); got != "the old file" {
				t.Errorf("max %d: a too large replacement changed the old file to %d bytes", max, len(got))
			}
			if n, err := s.Put(ctx, "exact.bin", bytes.NewReader(over[:max]), max, ""); err != nil || n != max {
				t.Errorf("exactly max %d bytes: %d, %v", max, n, err)
			}
		}
		if got := strings.Join(list(t, s, ""), " "); got != "exact.bin:8388618 old.bin:12" {
			t.Errorf("files left: %s", got)
		}
	})
}

func TestEmptyFile(t *testing.T) {
	filestest.Each(t, func(t *testing.T, s files.Store) {
		n, err := s.Put(context.Background(), "empty.txt", strings.NewReader(""), 100, "text/plain")
		if err != nil || n != 0 {
			t.Fatalf("put: %d %v", n, err)
		}
		f, err := s.Open(context.Background(), "empty.txt")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if b, err := io.ReadAll(f); err != nil || len(b) != 0 || f.Size() != 0 {
			t.Errorf("read %q %v, size %d", b, err, f.Size())
		}
		if got := list(t, s, ""); len(got) != 1 || got[0] != "empty.txt:0" {
			t.Errorf("list: %v", got)
		}
	})
}

// cancelAfter yields zeros and cancels its context after n bytes, as a
// visitor closing the browser mid-upload does.
type cancelAfter struct {
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	if c.n <= 0 {
		c.cancel()
		return 0, context.Canceled
	}
	p = p[:min(len(p), c.n)]
	clear(p)
	c.n -= len(p)
	return len(p), nil
}

func TestCancelledUploadLeavesNothing(t *testing.T) {
	filestest.Each(t, func(t *testing.T, s files.Store) {
		// Past the first part, so that S3 has begun a multipart upload.
		for _, size := range []int{1000, files.PartSize + 1000} {
			put(t, s, "f.bin", "old")
			ctx, cancel := context.WithCancel(context.Background())
			_, err := s.Put(ctx, "f.bin", &cancelAfter{n: size, cancel: cancel}, 1<<30, "")
			if !errors.Is(err, context.Canceled) {
				t.Errorf("after %d bytes: %v", size, err)
			}
			if got := read(t, s, "f.bin"); got != "old" {
				t.Errorf("after %d bytes the file became %d bytes", size, len(got))
			}
			_, err = s.Put(ctx, "g.bin", strings.NewReader("x"), 10, "")
			if err == nil {
				t.Error("a put with a cancelled context succeeded")
			}
		}
		if got := strings.Join(list(t, s, ""), " "); got != "f.bin:3" {
			t.Errorf("files left: %s", got)
		}
	})
}

func TestInvalidKeysRefused(t *testing.T) {
	filestest.Each(t, func(t *testing.T, s files.Store) {
		ctx := context.Background()
		for _, key := range []string{"", "../x", "a/../../b", "/etc/passwd", `a\b`, "a\x00b", "A.txt", "ą.txt", "a//b", ".x", "a/.upload-1", "a/"} {
			if _, err := s.Put(ctx, key, strings.NewReader("x"), 10, ""); !errors.Is(err, files.ErrBadKey) {
				t.Errorf("put %q: %v", key, err)
			}
			if _, err := s.Open(ctx, key); !errors.Is(err, files.ErrBadKey) {
				t.Errorf("open %q: %v", key, err)
			}
			if err := s.Delete(ctx, key); !errors.Is(err, files.ErrBadKey) {
				t.Errorf("delete %q: %v", key, err)
			}
		}
		if got := list(t, s, ""); len(got) != 0 {
			t.Errorf("files after refused keys: %v", got)
		}
		for _, prefix := range []string{"../", "..", "a/../", "/", "/etc", `a\`, "a//", "A"} {
			err := s.List(ctx, prefix, func(key string, _ int64) error { t.Errorf("%q lists %s", prefix, key); return nil })
			if !errors.Is(err, files.ErrBadKey) {
				t.Errorf("list %q: %v", prefix, err)
			}
		}
	})
}

// generator yields n bytes of a repeating pattern without holding them,
// noting the largest heap in use it sees while it is being read.
type generator struct {
	left, read int64
	peak       uint64
}

func (g *generator) Read(p []byte) (int, error) {
	if g.left == 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), g.left)]
	for i := range p {
		p[i] = byte((g.read + int64(i)) % 251)
	}
	before := g.read / (1 << 20)
	g.read += int64(len(p))
	g.left -= int64(len(p))
	if g.read/(1<<20) != before { // about once a megabyte
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		g.peak = max(g.peak, m.HeapInuse)
	}
	return len(p), nil
}

func TestLargeFileStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB upload")
	}
	filestest.Each(t, func(t *testing.T, s files.Store) {
		const size = 50 << 20
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		g := &generator{left: size}
		if n, err := s.Put(context.Background(), "big.bin", g, size, "application/octet-stream"); err != nil || n != size {
			t.Fatalf("put: %d %v", n, err)
		}
		// One part in memory, and the client's own buffers: far less than
		// the file.
		grew := int64(g.peak) - int64(m.HeapInuse)
		t.Logf("heap growth during the upload: %d MiB", grew>>20)
		if grew > size/2 {
			t.Errorf("the heap grew by %d MiB while uploading a %d MiB file", grew>>20, size>>20)
		}
		f, err := s.Open(context.Background(), "big.bin")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		got, want := sha256.New(), sha256.New()
		if _, err := io.Copy(got, f); err != nil {
			t.Fatal(err)
		}
		io.Copy(want, &generator{left: size})
		if !bytes.Equal(got.Sum(nil), want.Sum(nil)) || f.Size() != size {
			t.Error("the stored file differs from what was uploaded")
		}
	})
}

// TestS3FailedUploadsLeaveNoParts: the parts of an upload that failed
// half-way are aborted, so they take no space in the bucket.
func TestS3FailedUploadsLeaveNoParts(t *testing.T) {
	c := filestest.S3Server(t)
	s, err := files.NewS3(c)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := s.Put(ctx, "cancelled.bin", &cancelAfter{n: 2*files.PartSize + 1, cancel: cancel}, 1<<30, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := s.Put(context.Background(), "large.bin", &generator{left: 2*files.PartSize + 1}, 2*files.PartSize, ""); !errors.Is(err, files.ErrTooLarge) {
		t.Errorf("too large: %v", err)
	}
	cl, err := minio.New(c.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""), BucketLookup: minio.BucketLookupPath})
	if err != nil {
		t.Fatal(err)
	}
	for u := range cl.ListIncompleteUploads(context.Background(), c.Bucket, "", true) {
		t.Errorf("left behind: %+v", u)
	}
}

// TestPartBoundaries: content just around S3's part size, and a whole
// number of parts, comes back as it went in.
func TestPartBoundaries(t *testing.T) {
	filestest.Each(t, func(t *testing.T, s files.Store) {
		for _, size := range []int64{files.PartSize - 1, files.PartSize, files.PartSize + 1, 2 * files.PartSize} {
			n, err := s.Put(context.Background(), "f.bin", &generator{left: size}, size, "")
			if err != nil || n != size {
				t.Fatalf("%d bytes: put %d, %v", size, n, err)
			}
			got, want := sha256.New(), sha256.New()
			f, err := s.Open(context.Background(), "f.bin")
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(got, f)
			f.Close()
			io.Copy(want, &generator{left: size})
			if !bytes.Equal(got.Sum(nil), want.Sum(nil)) || f.Size() != size {
				t.Errorf("%d bytes: stored %d bytes that differ", size, f.Size())
			}
		}
	})
}
