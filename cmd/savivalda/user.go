package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/i18n"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

const userUsage = `Usage:
  savivalda user add [flags] EMAIL "FULL NAME"
  savivalda user list [flags]

"user add" creates a staff account. The password (at least 12 characters)
is asked for on a terminal, or read from the first line of standard input:
  savivalda user add -role contributor -department "Švietimo skyrius" \
      jonas@kelme.lt "Jonas Šimkus" < password.txt

Flags of "user add": -role ROLE (default admin), -department NAME,
-institution SLUG, -phone PHONE. Flags of "user list": -institution SLUG.
Both take the common flags (-db, -data …) and come before EMAIL.
`

func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			return runUserAdd(ctx, args[1:], stdin, stdout, stderr)
		case "list":
			return runUserList(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprint(stderr, userUsage)
	return usageError(`user: want "user add" or "user list"`)
}

func runUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flags("user add", stderr)
	role := fs.String("role", string(actor.RoleAdmin), "role: "+roleNames())
	deptName := fs.String("department", "", "department or eldership by name; required for department_editor and contributor")
	slug := fs.String("institution", "", "institution slug (default: the default institution)")
	phone := fs.String("phone", "", "phone number")
	cfg, err := loadConfig(fs, args)
	if err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fmt.Fprint(stderr, userUsage)
		return usageError(fmt.Sprintf(`user add: want EMAIL "FULL NAME" after the flags, got %d arguments`, fs.NArg()))
	}
	if !actor.Role(*role).Valid() {
		return usageError(fmt.Sprintf("user add: unknown role %q; want one of %s", *role, roleNames()))
	}
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	in, err := chooseInstitution(ctx, db, *slug)
	if err != nil {
		return err
	}
	u := &staff.User{InstitutionID: in.ID, Email: fs.Arg(0), Name: fs.Arg(1), Phone: *phone, Role: actor.Role(*role)}
	if *deptName != "" {
		if u.DepartmentID, err = findDepartment(ctx, db, in, *deptName); err != nil {
			return err
		}
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	// Hashed before the transaction, so as not to hold the database's writer.
	pw, err := staff.NewPassword(password, u.Name, u.Email, in.Name)
	if err != nil {
		return err
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		_, err := staff.CreateUser(ctx, tx, actor.NewJob("komandinė eilutė: savivalda user add", in.ID), u, pw)
		return err
	})
	var fe web.FieldErrors
	if errors.As(err, &fe) {
		return usageError("user add: " + describeErrors(fe, map[string]string{"email": "EMAIL", "name": "FULL NAME",
			"password": "password", "role": "-role", "department": "-department", "phone": "-phone"}))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created the account %s (%s) in %s.\n", u.Email, i18n.T(i18n.EN, u.Role.Label()), in.Name)
	return nil
}

func runUserList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flags("user list", stderr)
	slug := fs.String("institution", "", "institution slug (default: the default institution)")
	cfg, err := loadConfig(fs, args)
	if err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError(fmt.Sprintf("user list: unexpected arguments %q", fs.Args()))
	}
	db, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	in, err := chooseInstitution(ctx, db, *slug)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tDEPARTMENT\tACTIVE")
	const page = 200
	for offset := 0; ; offset += page {
		users, total, err := staff.FindUsers(ctx, db, staff.UserFilter{InstitutionID: in.ID, Offset: offset, Limit: page})
		if err != nil {
			return err
		}
		for _, u := range users {
			active := "yes"
			if !u.Active {
				active = "no"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, u.DepartmentName, active)
		}
		if offset+page >= total {
			break
		}
	}
	return tw.Flush()
}

// chooseInstitution returns the institution with slug, or without one the
// default institution (else the oldest).
func chooseInstitution(ctx context.Context, db *store.DB, slug string) (*institution.Institution, error) {
	all, err := institution.FindAll(ctx, db)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, errors.New(`no institution in this database yet: run "savivalda serve" once to create one ` +
			`(an empty database gets the demo municipality), then add staff to it`)
	}
	var slugs []string
	for _, in := range all {
		if slug != "" && in.Slug == slug {
			return in, nil
		}
		slugs = append(slugs, in.Slug)
	}
	if slug != "" {
		return nil, usageError(fmt.Sprintf("no institution %q; there are: %s", slug, strings.Join(slugs, ", ")))
	}
	for _, in := range all {
		if in.IsDefault {
			return in, nil
		}
	}
	return all[0], nil
}

// findDepartment returns the id of the institution's department called
// name, ignoring case.
func findDepartment(ctx context.Context, db *store.DB, in *institution.Institution, name string) (int64, error) {
	depts, err := institution.Departments(ctx, db, in.ID)
	if err != nil {
		return 0, err
	}
	var names []string
	for _, d := range depts {
		if strings.EqualFold(d.Name, strings.TrimSpace(name)) {
			return d.ID, nil
		}
		names = append(names, fmt.Sprintf("%q", d.Name))
	}
	if len(names) == 0 {
		return 0, usageError(fmt.Sprintf("%s has no departments yet; add them in the staff area first", in.Name))
	}
	return 0, usageError(fmt.Sprintf("no department %q in %s; there are: %s", name, in.Name, strings.Join(names, ", ")))
}

// readPassword asks for the password on a terminal, without echo and twice,
// or reads the first line of piped input.
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		ask := func(prompt string) (string, error) {
			fmt.Fprint(stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(stderr)
			if err != nil {
				return "", fmt.Errorf("read password: %w", err)
			}
			return string(b), nil
		}
		pw, err := ask(fmt.Sprintf("Password (at least %d characters): ", staff.MinPasswordLength))
		if err != nil {
			return "", err
		}
		again, err := ask("The same password again: ")
		if err != nil {
			return "", err
		}
		if pw != again {
			return "", usageError("user add: the two passwords differ")
		}
		return pw, nil
	}
	var line string
	if stdin != nil {
		var err error
		line, err = bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password: %w", err)
		}
	}
	// Only the line ending is dropped: spaces may be part of a password.
	if pw := strings.TrimRight(line, "\r\n"); pw != "" {
		return pw, nil
	}
	return "", usageError("user add: no password: type it when asked, or give it as the first line of standard input")
}

// describeErrors names each rejected input the way the command line calls
// it: names maps a form's field to its command-line name.
func describeErrors(fe web.FieldErrors, names map[string]string) string {
	var parts []string
	for _, e := range fe {
		name := names[e.Field]
		if name == "" {
			name = e.Field
		}
		parts = append(parts, name+": "+i18n.T(i18n.EN, e.Key, e.Args...))
	}
	return strings.Join(parts, "; ")
}

func roleNames() string {
	var names []string
	for _, r := range actor.Roles {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}
