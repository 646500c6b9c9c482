package staff_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

func TestMain(m *testing.M) {
	// The cheapest argon2id settings: the tests check behaviour, not cost.
	staff.HashParams = staff.PasswordParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	os.Exit(m.Run())
}

const goodPassword = "žalia-girios-eglė"

// mustInstitution creates an institution served at host.
func mustInstitution(t *testing.T, db *store.DB, slug, name, legalCode, host string) *institution.Institution {
	t.Helper()
	in := &institution.Institution{
		Slug: slug, Name: name, ShortName: name, LegalForm: "Savivaldybė",
		Address: "Vytauto g. 1, LT-86143 " + slug, LegalCode: legalCode, Register: "Juridinių asmenų registras",
		Phone: "+370 427 69 004", Email: "info@" + host,
		ControllerName: name, ControllerCode: legalCode, ControllerAddress: "Vytauto g. 1, LT-86143 " + slug,
		ControllerEmail: "info@" + host, ControllerPhone: "+370 427 69 004", DPOEmail: "dap@" + host,
		StructureProfile: "2024", IsDefault: slug == "kelme", Hosts: []string{host},
	}
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := institution.Create(context.Background(), tx, in)
		return err
	})
	if err != nil {
		t.Fatalf("create institution %s: %v", slug, err)
	}
	return in
}

func mustKelme(t *testing.T, db *store.DB) *institution.Institution {
	return mustInstitution(t, db, "kelme", "Kelmės rajono savivaldybė", "188754378", "kelme.lt")
}

func mustRaseiniai(t *testing.T, db *store.DB) *institution.Institution {
	return mustInstitution(t, db, "raseiniai", "Raseinių rajono savivaldybė", "188773873", "raseiniai.lt")
}

func mustDepartment(t *testing.T, db *store.DB, in *institution.Institution, name string) int64 {
	t.Helper()
	var id int64
	err := db.InTx(context.Background(), func(tx *store.Tx) error {
		var err error
		id, err = institution.CreateDepartment(context.Background(), tx,
			&institution.Department{InstitutionID: in.ID, Name: name, Kind: institution.KindDepartment})
		return err
	})
	if err != nil {
		t.Fatalf("create department %s: %v", name, err)
	}
	return id
}

// operator creates and changes accounts in tests as the command line does.
var operator = actor.NewJob("test", 0)

// mustUser creates an account with goodPassword.
func mustUser(t *testing.T, db *store.DB, in *institution.Institution, email, name string, role actor.Role, dept int64) *staff.User {
	t.Helper()
	u := &staff.User{InstitutionID: in.ID, Email: email, Name: name, Role: role, DepartmentID: dept}
	pw, err := staff.NewPassword(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	err = db.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := staff.CreateUser(context.Background(), tx, operator, u, pw)
		return err
	})
	if err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// mustPassword prepares a password for SetPassword; a password that breaks
// the rules comes back as one that SetPassword refuses.
func mustPassword(t *testing.T, password string) staff.Password {
	t.Helper()
	pw, err := staff.NewPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	return pw
}

// mustEmailDomains sets, as admin, the mail domains of their institution's
// staff accounts.
func mustEmailDomains(t *testing.T, db *store.DB, admin *staff.User, domains string) {
	t.Helper()
	if err := staff.NewService(db, web.NewRenderer(), "http://kelme.lt").SetEmailDomains(context.Background(), admin.Actor(), domains); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
