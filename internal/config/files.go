package config

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/files"
)

// parseFiles reads SAVIVALDA_FILES: dir:PATH, or
// s3://[ACCESS:SECRET@]host[:port]/bucket[?tls=false&region=NAME]. The
// credentials are better given in SAVIVALDA_S3_ACCESS_KEY and
// SAVIVALDA_S3_SECRET_KEY, which win over the address's: a flag shows in
// process lists.
func parseFiles(s, dataDir string, getenv func(string) string) (files.Config, error) {
	bad := func(why string) (files.Config, error) {
		return files.Config{}, fmt.Errorf("SAVIVALDA_FILES / -files: %s, got %q", why, redact(s))
	}
	if s == "" {
		return files.Config{Dir: filepath.Join(dataDir, "files")}, nil
	}
	if dir, ok := strings.CutPrefix(s, "dir:"); ok {
		if dir == "" {
			return bad("want a folder after dir:")
		}
		return files.Config{Dir: dir}, nil
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "s3" {
		return bad("want dir:PATH or s3://host:port/bucket")
	}
	c := files.S3Config{Endpoint: u.Host, Bucket: strings.Trim(u.Path, "/"), TLS: true}
	if c.Endpoint == "" || c.Bucket == "" || strings.Contains(c.Bucket, "/") {
		return bad("want s3://host:port/bucket")
	}
	q := u.Query()
	for k := range q {
		if k != "tls" && k != "region" {
			return bad("unknown setting " + k + " (tls and region are known)")
		}
	}
	if v := q.Get("tls"); v != "" {
		if c.TLS, err = strconv.ParseBool(v); err != nil {
			return bad("tls= wants true or false")
		}
	}
	c.Region = q.Get("region")
	if u.User != nil {
		c.AccessKey = u.User.Username()
		c.SecretKey, _ = u.User.Password()
	}
	if v := getenv("SAVIVALDA_S3_ACCESS_KEY"); v != "" {
		c.AccessKey = v
	}
	if v := getenv("SAVIVALDA_S3_SECRET_KEY"); v != "" {
		c.SecretKey = v
	}
	if c.AccessKey == "" || c.SecretKey == "" {
		return bad("S3 needs an access key and a secret key (SAVIVALDA_S3_ACCESS_KEY, SAVIVALDA_S3_SECRET_KEY)")
	}
	return files.Config{S3: c}, nil
}

// redact hides a secret key in an address shown in an error.
func redact(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		return u.Redacted()
	}
	return s
}
