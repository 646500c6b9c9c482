package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
)

func TestUserCommand(t *testing.T) {
	saved := staff.HashParams
	staff.HashParams = staff.PasswordParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	t.Cleanup(func() { staff.HashParams = saved })

	ctx := context.Background()
	dir := t.TempDir()
	dbFlag := "sqlite:" + filepath.Join(dir, "x.db")
	user := func(stdin string, args ...string) (string, string, error) {
		var out, errOut strings.Builder
		err := run(ctx, append([]string{"user"}, args...), strings.NewReader(stdin), &out, &errOut)
		return out.String(), errOut.String(), err
	}

	t.Run("ErrNoInstitution", func(t *testing.T) {
		_, _, err := user("ilgas-slaptazodis\n", "add", "-db", dbFlag, "ona@kelme.lt", "Ona Petraitienė")
		if err == nil || !strings.Contains(err.Error(), "savivalda serve") {
			t.Fatalf("got %v, want advice to run savivalda serve", err)
		}
	})

	db, err := store.Open(ctx, dbFlag)
	if err != nil {
		t.Fatal(err)
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		in := &institution.Institution{Slug: "kelme", Name: "Kelmės rajono savivaldybė", ShortName: "Kelmės r. sav.",
			LegalForm: "Savivaldybė", Address: "Vytauto Didžiojo g. 58, LT-86143 Kelmė", LegalCode: "188754378",
			Register: "Juridinių asmenų registras", Phone: "+370 427 69 004", Email: "info@kelme.lt",
			ControllerName: "Kelmės rajono savivaldybė", ControllerCode: "188754378",
			ControllerAddress: "Vytauto Didžiojo g. 58, LT-86143 Kelmė", ControllerEmail: "info@kelme.lt",
			ControllerPhone: "+370 427 69 004", DPOEmail: "dap@kelme.lt", StructureProfile: "2024", IsDefault: true}
		if _, err := institution.Create(ctx, tx, in); err != nil {
			return err
		}
		_, err := institution.CreateDepartment(ctx, tx, &institution.Department{InstitutionID: in.ID, Name: "Švietimo skyrius", Kind: institution.KindDepartment})
		return err
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	t.Run("Add", func(t *testing.T) {
		out, _, err := user("ilgas slaptažodis\nantra eilutė\n", "add", "-db", dbFlag, "Ona@Kelme.lt", "Ona Petraitienė")
		if err != nil || !strings.Contains(out, "ona@kelme.lt (Administrator) in Kelmės rajono savivaldybė") {
			t.Fatalf("got %q, %v", out, err)
		}
		out, _, err = user("dar-vienas-slaptazodis", "add", "-db", dbFlag, "-role", "department_editor", "-department", "švietimo skyrius",
			"-phone", "+370 427 60 001", "-institution", "kelme", "jonas@kelme.lt", "Jonas Šimkus")
		if err != nil || !strings.Contains(out, "jonas@kelme.lt (Department editor)") {
			t.Fatalf("department editor: got %q, %v", out, err)
		}
	})
	t.Run("List", func(t *testing.T) {
		out, _, err := user("", "list", "-db", dbFlag)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 3 {
			t.Fatalf("got %d lines, want a header and 2 users:\n%s", len(lines), out)
		}
		for i, want := range [][]string{
			{"EMAIL", "NAME", "ROLE", "DEPARTMENT", "ACTIVE"},
			{"jonas@kelme.lt", "Jonas Šimkus", "department_editor", "Švietimo skyrius", "yes"},
			{"ona@kelme.lt", "Ona Petraitienė", "admin", "yes"},
		} {
			for _, w := range want {
				if !strings.Contains(lines[i], w) {
					t.Errorf("line %d %q lacks %q", i, lines[i], w)
				}
			}
		}
	})
	t.Run("PasswordFromStdinWorks", func(t *testing.T) {
		db, err := store.Open(ctx, dbFlag)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var hash string
		if err := db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE email = ?`, "ona@kelme.lt").Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if ok, err := staff.CheckPassword(hash, "ilgas slaptažodis"); !ok || err != nil {
			t.Errorf("the first line of stdin is not the password: %v, %v", ok, err)
		}
	})
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"ErrNoPassword", "", []string{"add", "-db", dbFlag, "a@kelme.lt", "A B"}, "no password"},
		{"ErrShortPassword", "trumpas\n", []string{"add", "-db", dbFlag, "a@kelme.lt", "A B"}, "at least 12 characters"},
		{"ErrDuplicate", "ilgas-slaptazodis\n", []string{"add", "-db", dbFlag, "ONA@kelme.lt", "Ona"}, "EMAIL: An employee with this email address already exists"},
		{"ErrNoDepartment", "ilgas-slaptazodis\n", []string{"add", "-db", dbFlag, "-role", "contributor", "a@kelme.lt", "A B"}, "-department: Choose a department"},
		{"ErrUnknownDepartment", "ilgas-slaptazodis\n", []string{"add", "-db", dbFlag, "-role", "contributor", "-department", "Sporto", "a@kelme.lt", "A B"}, `"Švietimo skyrius"`},
		{"ErrRole", "ilgas-slaptazodis\n", []string{"add", "-db", dbFlag, "-role", "root", "a@kelme.lt", "A B"}, "unknown role"},
		{"ErrInstitution", "ilgas-slaptazodis\n", []string{"add", "-db", dbFlag, "-institution", "vilnius", "a@kelme.lt", "A B"}, "there are: kelme"},
		{"ErrArguments", "ilgas-slaptazodis\n", []string{"add", "-db", dbFlag, "a@kelme.lt"}, "FULL NAME"},
		{"ErrFlagAfterArguments", "ilgas-slaptazodis\n", []string{"add", "-db", dbFlag, "a@kelme.lt", "A B", "-role", "admin"}, "FULL NAME"},
		{"ErrSubcommand", "", []string{"remove"}, "user add"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := user(tc.stdin, tc.args...)
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want a usage error mentioning %q", err, tc.want)
			}
		})
	}
}
