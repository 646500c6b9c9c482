package config

import (
	"flag"
	"io"
	"testing"
)

func load(t *testing.T, args []string, env map[string]string) (*Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return Load(fs, args, func(k string) string { return env[k] })
}

func TestLoad(t *testing.T) {
	c, err := load(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "localhost:8080" || c.DB != "sqlite:data/savivalda.db" || !c.Demo || c.BaseURL != "http://localhost:8080" || c.HTTPS() {
		t.Errorf("defaults: %+v", c)
	}
	c, err = load(t, []string{"-addr", ":9000"}, map[string]string{"SAVIVALDA_ADDR": ":7000",
		"SAVIVALDA_DB": "postgres://u@db/savivalda", "SAVIVALDA_BASE_URL": "https://www.savivaldybe.lt/"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9000" {
		t.Errorf("a flag should win over its variable: addr %q", c.Addr)
	}
	if c.Demo {
		t.Error("the demo must be off by default on PostgreSQL")
	}
	if c.BaseURL != "https://www.savivaldybe.lt" || !c.HTTPS() {
		t.Errorf("base URL %q", c.BaseURL)
	}
	c, err = load(t, nil, map[string]string{"SAVIVALDA_DATA": "/srv/sv", "SAVIVALDA_DEMO": "false"})
	if err != nil || c.DB != "sqlite:/srv/sv/savivalda.db" || c.Demo {
		t.Errorf("data folder and demo off: %+v %v", c, err)
	}
	for _, bad := range []map[string]string{
		{"SAVIVALDA_DEMO": "taip"}, {"SAVIVALDA_BASE_URL": "ftp://x"}, {"SAVIVALDA_LOG_LEVEL": "loud"},
		{"SAVIVALDA_DUE_SOON_DAYS": "0"}, {"SAVIVALDA_DUE_SOON_DAYS": "du"}, {"SAVIVALDA_TRUSTED_PROXIES": "10.0.0.0/33"},
	} {
		if _, err := load(t, nil, bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}
