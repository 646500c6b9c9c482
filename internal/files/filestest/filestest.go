// Package filestest runs file-store tests against every kind of store: the
// local folder and a real S3-compatible server, the Versity S3 gateway
// (versitygw) serving a temporary folder, as storetest.Each does for the
// databases.
package filestest

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/savivalda/savivalda/internal/files"
)

// Bucket is the bucket S3Server creates.
const Bucket = "savivalda"

// Each runs fn against a fresh local folder store and a fresh S3 store.
func Each(t *testing.T, fn func(t *testing.T, s files.Store)) {
	t.Helper()
	t.Run("local", func(t *testing.T) {
		s, err := files.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		fn(t, s)
	})
	t.Run("s3", func(t *testing.T) { fn(t, S3(t)) })
}

// S3 starts a gateway with an empty bucket and returns the store on it.
func S3(t testing.TB) *files.S3 {
	t.Helper()
	s, err := files.NewS3(S3Server(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// S3Server starts versitygw on a free port over a temporary folder until
// the test ends, creates Bucket, and returns the settings to reach it. Without
// versitygw installed the test is skipped, except under CI=true, where
// it fails: CI installs it (.ci/run).
func S3Server(t testing.TB) files.S3Config {
	t.Helper()
	bin := gateway()
	if bin == "" {
		msg := "versitygw is not installed; go install github.com/versity/versitygw/cmd/versitygw@v1.8.0"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := files.S3Config{Endpoint: addr, Bucket: Bucket, AccessKey: "savivalda-test", SecretKey: "savivalda-test-secret"}
	var out strings.Builder
	cmd := exec.Command(bin, "--access", c.AccessKey, "--secret", c.SecretKey, "--port", addr, "--quiet", "posix", t.TempDir())
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start versitygw: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})

	cl, err := minio.New(addr, &minio.Options{Creds: credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""), BucketLookup: minio.BucketLookupPath})
	if err != nil {
		t.Fatal(err)
	}
	// The gateway takes a moment to listen; a port taken meanwhile by
	// someone else makes it exit.
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("versitygw exited: %v\n%s", err, out.String())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := cl.MakeBucket(ctx, Bucket, minio.MakeBucketOptions{})
		cancel()
		if err == nil {
			return c
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("versitygw at %s: %v\n%s", addr, err, out.String())
		}
	}
}

// gateway finds versitygw on PATH or where go install puts it.
func gateway() string {
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	dirs := []string{os.Getenv("GOBIN")}
	if gp := os.Getenv("GOPATH"); gp != "" {
		dirs = append(dirs, filepath.Join(gp, "bin"))
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		dirs = append(dirs, filepath.Join(strings.TrimSpace(string(out)), "bin"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		p := filepath.Join(d, "versitygw")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}
