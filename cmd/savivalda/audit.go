package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/savivalda/savivalda/internal/audit"
)

// runAudit runs "savivalda audit verify": it walks the whole hash chain and
// exits 1 if any entry was altered, removed or inserted, so it can run from
// cron or a monitoring check.
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(stderr, "Usage: savivalda audit verify [flags]\n\nChecks the audit trail's hash chain; exits 1 if it is broken.\n")
		if len(args) == 0 {
			return usageError("audit: no subcommand given (want verify)")
		}
		return usageError(fmt.Sprintf("audit: unknown subcommand %q (want verify)", args[0]))
	}
	_, db, rest, err := openDB(ctx, "audit verify", args[1:], stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	if len(rest) > 0 {
		return usageError(fmt.Sprintf("audit verify: unexpected argument %q", rest[0]))
	}
	n, err := audit.Verify(ctx, db)
	var broken *audit.Broken
	switch {
	case errors.As(err, &broken):
		fmt.Fprintf(stdout, "audit trail BROKEN at entry %d: %s\n", broken.Seq, broken.Reason)
		if n > 0 {
			fmt.Fprintf(stdout, "the %d entries before it are intact\n", n)
		}
		return errors.New("audit trail verification failed")
	case err != nil:
		return fmt.Errorf("verify audit trail: %w", err)
	}
	fmt.Fprintf(stdout, "audit trail intact: %d entries\n", n)
	return nil
}
