// Package config is the program's configuration: one struct, filled from
// command-line flags and SAVIVALDA_* environment variables, passed down to
// whatever needs it. The defaults run a demo on an embedded SQLite database.
package config

import (
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is the whole configuration.
type Config struct {
	Addr     string // listen address
	DB       string // sqlite:PATH or postgres://…
	DataDir  string // the data folder (SQLite file, demo mail, uploads)
	BaseURL  string // public base URL, for links in emails
	Demo     bool   // seed a demo municipality into an empty database
	LogLevel slog.Level
}

// Defaults: the embedded demo.
const (
	DefaultAddr    = "localhost:8080"
	DefaultDataDir = "./data"
)

// Load reads flags from args (after the subcommand) with the environment as
// defaults; a flag wins over its variable.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (*Config, error) {
	env := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	c := &Config{}
	fs.StringVar(&c.Addr, "addr", env("SAVIVALDA_ADDR", DefaultAddr), "listen address (SAVIVALDA_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("SAVIVALDA_DATA", DefaultDataDir), "data folder (SAVIVALDA_DATA)")
	fs.StringVar(&c.DB, "db", env("SAVIVALDA_DB", ""), "database: sqlite:PATH or postgres://… (SAVIVALDA_DB; default sqlite:DATA/savivalda.db)")
	fs.StringVar(&c.BaseURL, "base-url", env("SAVIVALDA_BASE_URL", ""), "public base URL (SAVIVALDA_BASE_URL; default http://ADDR)")
	demo := fs.String("demo", env("SAVIVALDA_DEMO", ""), "seed demo data into an empty database: true or false (SAVIVALDA_DEMO; default true only for the embedded SQLite default)")
	level := fs.String("log-level", env("SAVIVALDA_LOG_LEVEL", "info"), "log level: debug, info, warn, error (SAVIVALDA_LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	embedded := c.DB == ""
	if embedded {
		c.DB = "sqlite:" + filepath.Join(c.DataDir, "savivalda.db")
	}
	if *demo == "" {
		c.Demo = embedded
	} else {
		b, err := strconv.ParseBool(*demo)
		if err != nil {
			return nil, fmt.Errorf("SAVIVALDA_DEMO / -demo: want true or false, got %q", *demo)
		}
		c.Demo = b
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("SAVIVALDA_BASE_URL / -base-url: want an http(s) URL, got %q", c.BaseURL)
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	if err := c.LogLevel.UnmarshalText([]byte(*level)); err != nil {
		return nil, fmt.Errorf("SAVIVALDA_LOG_LEVEL: %w", err)
	}
	return c, nil
}

// HTTPS reports whether the public site is served over TLS.
func (c *Config) HTTPS() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// EnsureDataDir creates the data folder.
func (c *Config) EnsureDataDir() error { return os.MkdirAll(c.DataDir, 0o750) }
