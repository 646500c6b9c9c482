package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/savivalda/savivalda/internal/staff"
)

const staffUsage = `Usage:
  savivalda staff email-address "FULL NAME" [--domain DOMAIN]

Prints the work email address the staff email rule (WEB-12) gives a person:
vardas.pavarde without Lithuanian letters, the first given name only and the
first part of a double surname, e.g.
  savivalda staff email-address "Ona Marija Petraitienė-Kazlauskienė" --domain kelme.lt
  ona.petraitiene@kelme.lt
Without --domain it prints the part before the @. Namesakes get a number
(vardas.pavarde2@…); the new-account form in the staff area checks the
existing accounts for them, this command does not.
`

// runStaff runs "savivalda staff …"; it needs no database.
func runStaff(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "email-address" {
		fmt.Fprint(stderr, staffUsage)
		return usageError(`staff: want "staff email-address"`)
	}
	fs := flags("staff email-address", stderr)
	domain := fs.String("domain", "", "the institution's mail domain, e.g. kelme.lt")
	// The name may come before or after the flag.
	var names []string
	for rest := args[1:]; ; {
		if err := fs.Parse(rest); err != nil {
			return usageError("staff email-address: " + err.Error())
		}
		if fs.NArg() == 0 {
			break
		}
		names, rest = append(names, fs.Arg(0)), fs.Args()[1:]
	}
	if len(names) != 1 {
		fmt.Fprint(stderr, staffUsage)
		return usageError(fmt.Sprintf(`staff email-address: want one "FULL NAME" (quoted), got %d arguments`, len(names)))
	}
	if strings.TrimSpace(names[0]) == "" {
		return usageError("staff email-address: the name is empty")
	}
	d := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(*domain)), "@")
	if *domain != "" && !staff.ValidDomain(d) {
		return usageError(fmt.Sprintf("staff email-address: %q is not a mail domain such as kelme.lt", *domain))
	}
	addr := staff.ProposeEmail(names[0], d, nil)
	if addr == "" {
		return usageError(fmt.Sprintf("staff email-address: %q has no given name and surname in letters", names[0]))
	}
	if d == "" {
		addr = strings.TrimSuffix(addr, "@")
	}
	fmt.Fprintln(stdout, addr)
	return nil
}
