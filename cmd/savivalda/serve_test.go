package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/files/filestest"
)

// syncBuffer is a bytes.Buffer safe to read while the server writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeDemo: "savivalda serve" with no configuration but a data folder
// creates the database, seeds the demo, prints the address and the logins,
// answers /healthz and the home page, and stops cleanly when told to.
func TestServeDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	addr := freeAddr(t)
	for _, k := range []string{"SAVIVALDA_DB", "SAVIVALDA_DEMO", "SAVIVALDA_BASE_URL", "SAVIVALDA_ADDR", "SAVIVALDA_DATA"} {
		t.Setenv(k, "")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", addr, "-data", dir}, strings.NewReader(""), &out, &errOut)
	}()

	base := "http://" + addr
	var health *http.Response
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			health = res
			break
		}
	}
	if health == nil {
		t.Fatalf("the server did not answer /healthz; stderr:\n%s", errOut.String())
	}
	health.Body.Close()
	if health.StatusCode != 200 {
		t.Errorf("/healthz: %d", health.StatusCode)
	}
	res, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "Šilagirio rajono savivaldybės administracija") {
		t.Errorf("home page: %d", res.StatusCode)
	}
	printed := out.String()
	for _, want := range []string{base, "administratorius@silagiris.lt", "demo-slaptazodis"} {
		if !strings.Contains(printed, want) {
			t.Errorf("start-up output lacks %q:\n%s", want, printed)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "savivalda.db")); err != nil {
		t.Errorf("no database in the data folder: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after shutdown: %v", err)
		}
		// The database closed after the background work stopped.
		if log := errOut.String(); !strings.Contains(log, "msg=stopped") || strings.Contains(log, "database is closed") {
			t.Errorf("shutdown log:\n%s", log)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
}

func TestUnknownCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"publish"}, strings.NewReader(""), &out, &errOut)
	if _, ok := err.(usageError); !ok || !strings.Contains(errOut.String(), "Usage:") {
		t.Errorf("unknown command: %v, stderr %q", err, errOut.String())
	}
}

// TestServeRefusesUnreachableFiles: a file store that cannot be used stops
// the server at start, saying which store and why.
func TestServeRefusesUnreachableFiles(t *testing.T) {
	s3 := filestest.S3Server(t)
	t.Setenv("SAVIVALDA_S3_ACCESS_KEY", s3.AccessKey)
	t.Setenv("SAVIVALDA_S3_SECRET_KEY", s3.SecretKey)
	var out, errOut syncBuffer
	err := run(context.Background(), []string{"serve", "-addr", freeAddr(t), "-data", t.TempDir(),
		"-files", "s3://" + s3.Endpoint + "/nera?tls=false"}, strings.NewReader(""), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "S3 http://"+s3.Endpoint+"/nera") || !strings.Contains(err.Error(), `no bucket "nera"`) {
		t.Errorf("serve on a missing bucket: %v", err)
	}
}
