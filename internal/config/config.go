// Package config is the program's configuration: one struct, filled from
// command-line flags and SAVIVALDA_* environment variables, passed down to
// whatever needs it. The defaults run a demo on an embedded SQLite database.
package config

import (
	"flag"
	"fmt"
	"log/slog"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/savivalda/savivalda/internal/files"
)

// Config is the whole configuration.
type Config struct {
	Addr    string // listen address
	DB      string // sqlite:PATH or postgres://…
	DataDir string // the data folder (SQLite file, demo mail, uploads)
	// Files is where uploaded files are kept: a folder (by default
	// DATA/files) or an S3 bucket shared by several instances.
	Files    files.Config
	BaseURL  string // public base URL, for links in emails
	Demo     bool   // seed a demo municipality into an empty database
	LogLevel slog.Level
	// DueSoonDays: how many working days before a deadline staff are
	// reminded and the deadline is highlighted.
	DueSoonDays int
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client (for rate limits and login throttling).
	TrustedProxies []netip.Prefix

	// Outgoing mail. With no SMTP host, messages are written as .eml files
	// into DATA/mail instead of being sent (the demo).
	SMTPHost     string
	SMTPPort     int
	SMTPMode     string // "starttls", "tls" (implicit, usually port 465) or "none"
	SMTPUser     string
	SMTPPassword string
	MailFrom     string // the envelope and header sender address
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
	filesAt := fs.String("files", env("SAVIVALDA_FILES", ""), "where files are kept: dir:PATH or s3://host:port/bucket?tls=false&region=… (SAVIVALDA_FILES; default dir:DATA/files; S3 credentials from SAVIVALDA_S3_ACCESS_KEY and SAVIVALDA_S3_SECRET_KEY)")
	fs.StringVar(&c.BaseURL, "base-url", env("SAVIVALDA_BASE_URL", ""), "public base URL (SAVIVALDA_BASE_URL; default http://ADDR)")
	demo := fs.String("demo", env("SAVIVALDA_DEMO", ""), "seed demo data into an empty database: true or false (SAVIVALDA_DEMO; default true only for the embedded SQLite default)")
	fs.StringVar(&c.SMTPHost, "smtp-host", env("SAVIVALDA_SMTP_HOST", ""), "SMTP server for outgoing mail (SAVIVALDA_SMTP_HOST; none: write .eml files into DATA/mail)")
	smtpPort := fs.String("smtp-port", env("SAVIVALDA_SMTP_PORT", "587"), "SMTP port (SAVIVALDA_SMTP_PORT)")
	fs.StringVar(&c.SMTPMode, "smtp-mode", env("SAVIVALDA_SMTP_MODE", "starttls"), "SMTP security: starttls, tls or none (SAVIVALDA_SMTP_MODE)")
	fs.StringVar(&c.SMTPUser, "smtp-user", env("SAVIVALDA_SMTP_USER", ""), "SMTP user name (SAVIVALDA_SMTP_USER)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", env("SAVIVALDA_SMTP_PASSWORD", ""), "SMTP password (SAVIVALDA_SMTP_PASSWORD; prefer the variable, flags show in process lists)")
	fs.StringVar(&c.MailFrom, "mail-from", env("SAVIVALDA_MAIL_FROM", ""), "sender address of outgoing mail (SAVIVALDA_MAIL_FROM; default noreply@ the base URL's host)")
	fs.IntVar(&c.DueSoonDays, "due-soon-days", envInt(getenv, "SAVIVALDA_DUE_SOON_DAYS", 2), "working days before a deadline when staff are reminded (SAVIVALDA_DUE_SOON_DAYS)")
	proxies := fs.String("trusted-proxies", env("SAVIVALDA_TRUSTED_PROXIES", ""), "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (SAVIVALDA_TRUSTED_PROXIES)")
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
	if c.Files, err = parseFiles(*filesAt, c.DataDir, getenv); err != nil {
		return nil, err
	}
	if err := c.loadMail(*smtpPort, u); err != nil {
		return nil, err
	}
	for _, s := range strings.Split(*proxies, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, fmt.Errorf("SAVIVALDA_TRUSTED_PROXIES / -trusted-proxies: %q is not an address or CIDR range", s)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, p.Masked())
	}
	if c.DueSoonDays < 1 || c.DueSoonDays > 30 {
		return nil, fmt.Errorf("SAVIVALDA_DUE_SOON_DAYS / -due-soon-days: want 1 to 30 working days, got %d", c.DueSoonDays)
	}
	return c, nil
}

// loadMail checks the outgoing mail settings and fills the sender address.
func (c *Config) loadMail(port string, base *url.URL) error {
	p, err := strconv.Atoi(port)
	if err != nil || p < 1 || p > 65535 {
		return fmt.Errorf("SAVIVALDA_SMTP_PORT / -smtp-port: want a port number, got %q", port)
	}
	c.SMTPPort = p
	switch c.SMTPMode {
	case "starttls", "tls", "none":
	default:
		return fmt.Errorf("SAVIVALDA_SMTP_MODE / -smtp-mode: want starttls, tls or none, got %q", c.SMTPMode)
	}
	if c.MailFrom == "" {
		c.MailFrom = "noreply@" + base.Hostname()
		// A base URL such as http://:8080 or an IP address gives no usable
		// domain; the demo's files still need a sender.
		if !plainAddress(c.MailFrom) {
			c.MailFrom = "noreply@localhost"
		}
		return nil
	}
	if !plainAddress(c.MailFrom) {
		return fmt.Errorf("SAVIVALDA_MAIL_FROM / -mail-from: want a plain email address, got %q", c.MailFrom)
	}
	return nil
}

func plainAddress(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// HTTPS reports whether the public site is served over TLS.
func (c *Config) HTTPS() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// EnsureDataDir creates the data folder.
func (c *Config) EnsureDataDir() error { return os.MkdirAll(c.DataDir, 0o750) }

// envInt reads a whole number from the environment; a malformed value is
// passed on as -1 so that the range check reports it.
func envInt(getenv func(string) string, key string, def int) int {
	v := getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}
