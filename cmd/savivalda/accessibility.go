package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"

	"github.com/savivalda/savivalda/internal/a11ycheck"
	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/statement"
	"github.com/savivalda/savivalda/internal/store"
)

const accessibilityUsage = `Usage:
  savivalda accessibility check [-url BASE] [-limit N] [-institution SLUG] [flags]

Crawls the running site in headless Chromium with axe-core (WCAG 2.0–2.2,
levels A and AA), stores the result in the accessibility statement of the
institution that serves BASE's host (or of -institution SLUG), and prints
the pages checked and the violations by rule. A rule found for the first
time becomes a draft entry of non-accessible content for an administrator
to confirm, explain or fix; the automatic drafts of rules no longer found
are resolved.

Flags: -url BASE (default: the configured base URL), -limit N (pages to
check at most, default 100), -institution SLUG, -chromium PATH, -axe PATH
(axe.min.js; default tools/axe or $SAVIVALDA_AXE), and the common flags
(-db, -data …) of "savivalda serve -h".

Exits 0 when the check ran, whatever it found; 1 when it could not run.
`

// runAccessibility runs "savivalda accessibility check".
func runAccessibility(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	switch {
	case len(args) == 0:
		fmt.Fprint(stderr, accessibilityUsage)
		return usageError("accessibility: no subcommand given (want check)")
	case args[0] == "help" || args[0] == "-h" || args[0] == "--help":
		fmt.Fprint(stdout, accessibilityUsage)
		return nil
	case args[0] != "check":
		fmt.Fprint(stderr, accessibilityUsage)
		return usageError(fmt.Sprintf("accessibility: unknown subcommand %q (want check)", args[0]))
	}
	fs := flags("accessibility check", stderr)
	base := fs.String("url", "", "base URL of the running site (default: the configured base URL)")
	limit := fs.Int("limit", a11ycheck.DefaultLimit, "pages to check at most")
	slug := fs.String("institution", "", "institution slug (default: the one serving the base URL's host)")
	chromium := fs.String("chromium", "", "path of Chromium (default: chromium on PATH or /usr/bin/chromium)")
	axe := fs.String("axe", "", "path of axe.min.js (default: $SAVIVALDA_AXE or tools/axe)")
	cfg, err := loadConfig(fs, args[1:])
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("accessibility check: unexpected argument %q", fs.Arg(0)))
	}
	if *limit < 1 {
		return usageError("accessibility check: -limit must be at least 1")
	}
	if *base == "" {
		*base = cfg.BaseURL
	}
	u, err := url.Parse(*base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError(fmt.Sprintf("accessibility check: -url %q: want http(s)://host[:port]", *base))
	}
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	in, err := checkedInstitution(ctx, db, cfg.BaseURL, *slug, u.Host)
	if err != nil {
		return err
	}

	fmt.Fprintf(stdout, "Checking %s for %s …\n", *base, in.Name)
	res, err := a11ycheck.Run(ctx, a11ycheck.Options{Chromium: *chromium, AxeFile: *axe,
		BaseURL: strings.TrimSuffix(*base, "/"), Limit: *limit})
	if err != nil {
		return fmt.Errorf("accessibility check could not run: %w", err)
	}
	svc := statement.NewService(db, nil, rendercache.New(db.Now), deadline.NewService(db, nil, cfg.BaseURL, deadline.DefaultDueSoon))
	out, err := svc.RecordCheck(ctx, actor.NewJob("komandinė eilutė: savivalda accessibility check", in.ID), in.ID, checkResult(res, *base))
	if err != nil {
		return fmt.Errorf("store the check's result: %w", err)
	}
	printCheck(stdout, out)
	return nil
}

// checkedInstitution is the institution named by slug, else the one that
// serves host.
func checkedInstitution(ctx context.Context, db *store.DB, baseURL, slug, host string) (*institution.Institution, error) {
	if slug != "" {
		return chooseInstitution(ctx, db, slug)
	}
	reg, err := institution.NewRegistry(ctx, db, baseURL)
	if err != nil {
		return nil, err
	}
	in := reg.ForHost(host)
	if in == nil {
		return chooseInstitution(ctx, db, "")
	}
	return in, nil
}

// checkResult converts the browser's result for storing.
func checkResult(res *a11ycheck.Result, base string) statement.CheckResult {
	out := statement.CheckResult{At: res.At, BaseURL: base}
	for _, p := range res.Pages {
		cp := statement.CheckedPage{Path: p.Path}
		for _, v := range p.Violations {
			cp.Violations = append(cp.Violations, statement.Violation{Rule: v.Rule, Impact: v.Impact, Help: v.Help,
				HelpURL: v.HelpURL, Nodes: v.Nodes})
		}
		out.Pages = append(out.Pages, cp)
	}
	return out
}

func printCheck(w io.Writer, out *statement.CheckOutcome) {
	c := out.Check
	fmt.Fprintf(w, "Pages checked: %d\nViolations: %d (a rule failing on a page), on %d elements\n", c.PagesChecked, c.Violations, c.Elements)
	if len(c.Rules) > 0 {
		fmt.Fprintln(w, "\nBy rule:")
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  RULE\tPAGES\tELEMENTS\tWCAG\tHELP")
		for _, r := range c.Rules {
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%s\t%s\n", r.Rule, len(r.Pages), r.Elements, r.Criterion, r.Help)
		}
		tw.Flush()
	}
	if len(out.Drafted) > 0 {
		fmt.Fprintf(w, "\nNew draft entries in the accessibility statement: %s\n", strings.Join(out.Drafted, ", "))
		fmt.Fprintf(w, "An administrator confirms, explains or fixes them at %s\n", statement.AdminPath)
	}
	if len(out.Resolved) > 0 {
		fmt.Fprintf(w, "\nResolved (no longer found): %s\n", strings.Join(out.Resolved, ", "))
	}
}
