package config

import (
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/files"
)

func TestFiles(t *testing.T) {
	c, err := load(t, nil, map[string]string{"SAVIVALDA_DATA": "/srv/sv"})
	if err != nil || c.Files != (files.Config{Dir: "/srv/sv/files"}) {
		t.Errorf("default: %+v %v", c.Files, err)
	}
	c, err = load(t, []string{"-files", "dir:/mnt/shared/files"}, nil)
	if err != nil || c.Files != (files.Config{Dir: "/mnt/shared/files"}) {
		t.Errorf("a folder: %+v %v", c.Files, err)
	}
	c, err = load(t, nil, map[string]string{"SAVIVALDA_FILES": "s3://AK:SK@s3.savivaldybe.lt:9000/svetaine?region=lt-1"})
	want := files.S3Config{Endpoint: "s3.savivaldybe.lt:9000", Bucket: "svetaine", Region: "lt-1", AccessKey: "AK", SecretKey: "SK", TLS: true}
	if err != nil || c.Files != (files.Config{S3: want}) {
		t.Errorf("S3 with credentials in the address: %+v %v", c.Files, err)
	}
	if s := c.Files.String(); strings.Contains(s, "SK") || s != "S3 https://s3.savivaldybe.lt:9000/svetaine" {
		t.Errorf("the store named for logs: %q", s)
	}
	// The variables win over the address, which then needs no secret.
	c, err = load(t, nil, map[string]string{"SAVIVALDA_FILES": "s3://old@127.0.0.1:7070/b/?tls=false",
		"SAVIVALDA_S3_ACCESS_KEY": "AK2", "SAVIVALDA_S3_SECRET_KEY": "SK2"})
	want = files.S3Config{Endpoint: "127.0.0.1:7070", Bucket: "b", AccessKey: "AK2", SecretKey: "SK2"}
	if err != nil || c.Files != (files.Config{S3: want}) {
		t.Errorf("S3 with credentials from the variables: %+v %v", c.Files, err)
	}
	for _, bad := range []string{"dir:", "/srv/files", "s3://AK:SK@host", "s3://AK:SK@/bucket", "s3://AK:SK@host/a/b",
		"s3://host/bucket", "s3://AK:SK@host/b?tls=ne", "s3://AK:SK@host/b?secure=false", "https://AK:SK@host/b"} {
		_, err := load(t, nil, map[string]string{"SAVIVALDA_FILES": bad})
		if err == nil {
			t.Errorf("%q was accepted", bad)
		} else if strings.Contains(err.Error(), "SK") {
			t.Errorf("%q: the error shows the secret: %v", bad, err)
		}
	}
}
