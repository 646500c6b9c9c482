// Command savivalda runs a Lithuanian municipality's website and e-services
// and holds the tools its administrators use. Run "savivalda help".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `savivalda – municipal website and e-services platform

Usage:
  savivalda serve [flags]                 run the server (demo data on the embedded default)
  savivalda migrate [flags]               apply database migrations
  savivalda user add [flags] EMAIL NAME   create a staff account (asks for the password)
  savivalda user list [flags]             list staff accounts
  savivalda staff email-address NAME      the work email address the staff email rule gives NAME
  savivalda backup [flags] FILE           archive the SQLite database and the files, also while serving
  savivalda restore [flags] FILE          put a backup's database and files back (stop the server first)
  savivalda audit verify [flags]          check the audit trail's hash chain
  savivalda calendar holidays|due|days-off ARGS
                                          a year's public holidays, a term's due date, or a change of the
                                          Government-declared days off ("savivalda calendar help")
  savivalda accessibility check [flags]   crawl the running site with axe-core and update the accessibility statement

Every command takes -db, -data and the other flags of "savivalda serve -h";
the same settings come from SAVIVALDA_* environment variables.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	var ue usageError
	switch {
	case err == nil:
	case errors.As(err, &ue):
		fmt.Fprintln(os.Stderr, "savivalda:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "savivalda:", err)
		os.Exit(1)
	}
}

// usageError is a mistake in the command line; it exits with status 2.
type usageError string

func (e usageError) Error() string { return string(e) }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, rest, stdout, stderr)
	case "user":
		return runUser(ctx, rest, stdin, stdout, stderr)
	case "staff":
		return runStaff(rest, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, stdout, stderr)
	case "restore":
		return runRestore(ctx, rest, stdout, stderr)
	case "audit":
		return runAudit(ctx, rest, stdout, stderr)
	case "calendar":
		return runCalendar(ctx, rest, stdout, stderr)
	case "accessibility":
		return runAccessibility(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError(fmt.Sprintf("unknown command %q", cmd))
}

// flags returns a flag set for a subcommand that reports errors to stderr
// instead of exiting.
func flags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("savivalda "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
