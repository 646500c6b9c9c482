package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config names a bucket on an S3-compatible server.
type S3Config struct {
	Endpoint  string // host:port
	Bucket    string
	Region    string // empty: the server's default
	AccessKey string
	SecretKey string
	TLS       bool
}

// PartSize is how much of an upload S3 holds in memory at a time: content
// up to this size goes up in one request, longer content in parts of this
// size (S3's smallest part is 5 MiB).
const PartSize = 8 << 20

// S3 keeps files as objects in one bucket of an S3-compatible server (AWS,
// MinIO, Ceph, Garage, the Versity gateway…), addressed path-style
// (http://host/bucket/key), which self-hosted servers expect.
type S3 struct {
	core   minio.Core
	bucket string
}

// NewS3 returns the store for c; it does not contact the server (Ping does).
func NewS3(c S3Config) (*S3, error) {
	if c.Endpoint == "" || c.Bucket == "" {
		return nil, errors.New("files: S3 needs a host and a bucket")
	}
	cl, err := minio.New(c.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""),
		Secure:       c.TLS,
		Region:       c.Region,
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		return nil, fmt.Errorf("files: S3 %s: %w", c.Endpoint, err)
	}
	return &S3{core: minio.Core{Client: cl}, bucket: c.Bucket}, nil
}

// Ping checks that the server answers and the bucket exists.
func (s *S3) Ping(ctx context.Context) error {
	ok, err := s.core.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("files: S3 server %s: %w", s.core.EndpointURL().Host, err)
	}
	if !ok {
		return fmt.Errorf("files: S3 server %s has no bucket %q; create it first", s.core.EndpointURL().Host, s.bucket)
	}
	return nil
}

// Put implements Store. S3 makes an object visible only once its upload is
// complete, so the old file stays until then; a failed multipart upload is
// aborted, so neither a file nor its parts are left behind.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, max int64, contentType string) (n int64, err error) {
	if !ValidKey(key) {
		return 0, ErrBadKey
	}
	opts := minio.PutObjectOptions{ContentType: contentType}
	src := Limit(contextReader{ctx, r}, max)
	buf := make([]byte, PartSize)
	read, last, err := fill(src, buf)
	if err != nil {
		return 0, err
	}
	if last {
		if _, err := s.core.PutObject(ctx, s.bucket, key, bytes.NewReader(buf[:read]), int64(read), "", "", opts); err != nil {
			return 0, s.err(err)
		}
		return int64(read), nil
	}

	id, err := s.core.NewMultipartUpload(ctx, s.bucket, key, opts)
	if err != nil {
		return 0, s.err(err)
	}
	defer func() {
		if err != nil {
			// The request's context may be the reason for failing; the
			// clean-up must still reach the server.
			abort, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			_ = s.core.AbortMultipartUpload(abort, s.bucket, key, id)
		}
	}()
	var parts []minio.CompletePart
	// A content a whole number of parts long ends with an empty read,
	// which is not sent as a part of its own.
	for num := 1; read > 0; num++ {
		p, err := s.core.PutObjectPart(ctx, s.bucket, key, id, num, bytes.NewReader(buf[:read]), int64(read), minio.PutObjectPartOptions{})
		if err != nil {
			return 0, s.err(err)
		}
		parts = append(parts, minio.CompletePart{PartNumber: num, ETag: p.ETag})
		n += int64(read)
		if last {
			break
		}
		if read, last, err = fill(src, buf); err != nil {
			return 0, err
		}
	}
	if _, err := s.core.CompleteMultipartUpload(ctx, s.bucket, key, id, parts, opts); err != nil {
		return 0, s.err(err)
	}
	return n, nil
}

// fill reads into buf until it is full or r ends; last tells the end came.
func fill(r io.Reader, buf []byte) (n int, last bool, err error) {
	n, err = io.ReadFull(r, buf)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return n, true, nil
	case err != nil:
		return 0, false, err
	}
	return n, false, nil
}

// Open implements Store. Reads after a seek ask for the same version of the
// object (If-Match), so a file replaced meanwhile fails instead of mixing.
func (s *S3) Open(ctx context.Context, key string) (File, error) {
	if !ValidKey(key) {
		return nil, ErrBadKey
	}
	obj, err := s.core.Client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s.err(err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, s.err(err)
	}
	return s3File{obj, st.Size, st.LastModified}, nil
}

type s3File struct {
	*minio.Object
	size int64
	mod  time.Time
}

func (f s3File) Size() int64        { return f.size }
func (f s3File) ModTime() time.Time { return f.mod }

// Delete implements Store.
func (s *S3) Delete(ctx context.Context, key string) error {
	if !ValidKey(key) {
		return ErrBadKey
	}
	return s.err(s.core.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}))
}

// List implements Store. S3 lists keys in byte order, which for the keys
// ValidKey allows is Go's string order, as Local sorts them.
func (s *S3) List(ctx context.Context, prefix string, fn func(key string, size int64) error) error {
	if !validPrefix(prefix) {
		return ErrBadKey
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing if fn fails
	for obj := range s.core.Client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return s.err(obj.Err)
		}
		if err := fn(obj.Key, obj.Size); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// err turns the server's "no such key" into ErrNotFound.
func (s *S3) err(err error) error {
	if err == nil {
		return nil
	}
	if r := minio.ToErrorResponse(err); r.Code == minio.NoSuchKey || r.StatusCode == http.StatusNotFound && r.Code == "" {
		return ErrNotFound
	}
	return err
}
