package files

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// Config names the store: a folder, or a bucket when S3.Bucket is set.
type Config struct {
	Dir string
	S3  S3Config
}

// String names the store without its credentials, for logs.
func (c Config) String() string {
	if c.S3.Bucket == "" {
		return "folder " + c.Dir
	}
	scheme := "https"
	if !c.S3.TLS {
		scheme = "http"
	}
	return "S3 " + scheme + "://" + c.S3.Endpoint + "/" + c.S3.Bucket
}

// Open returns the store c names once it is reachable, so that a wrong
// setting stops the server at start rather than at the first upload.
func Open(ctx context.Context, c Config) (Store, error) {
	var s interface {
		Store
		Pinger
	}
	var err error
	switch {
	case c.S3.Bucket != "":
		s, err = NewS3(c.S3)
	case c.Dir != "":
		s, err = NewLocal(c.Dir)
	default:
		return nil, errors.New("files: no folder or bucket configured")
	}
	if err != nil {
		return nil, err
	}
	// The S3 client retries for about ten seconds before it gives up.
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := s.Ping(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Pinger is a store that can tell whether it is reachable.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Ping checks that s is reachable, if it can tell.
func Ping(ctx context.Context, s Store) error {
	if p, ok := s.(Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

// Ping checks that the folder is still there (a network mount may go).
func (l *Local) Ping(context.Context) error {
	st, err := os.Stat(l.root)
	if err != nil {
		return fmt.Errorf("files: folder %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("files: %s is not a folder", l.root)
	}
	return nil
}
