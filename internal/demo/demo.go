// Package demo seeds a fictional municipality, "Šilagirio rajono
// savivaldybė", so that a new installation shows a realistic site at once:
// departments and elderships like those in the WEB seed's appendix, staff in
// every role, and pages in several sections, taken through the real review
// workflow so that the audit trail shows how they got there.
package demo

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/actor"
	"github.com/savivalda/savivalda/internal/audit"
	"github.com/savivalda/savivalda/internal/deadline"
	"github.com/savivalda/savivalda/internal/feedback"
	filestore "github.com/savivalda/savivalda/internal/files"
	"github.com/savivalda/savivalda/internal/institution"
	"github.com/savivalda/savivalda/internal/media"
	"github.com/savivalda/savivalda/internal/rendercache"
	"github.com/savivalda/savivalda/internal/site"
	"github.com/savivalda/savivalda/internal/staff"
	"github.com/savivalda/savivalda/internal/statement"
	"github.com/savivalda/savivalda/internal/store"
	"github.com/savivalda/savivalda/internal/web"
)

// Password is every demo account's password.
const Password = "demo-slaptazodis"

// Login is a demo account printed at start-up.
type Login struct{ Email, Role string }

//go:embed pages/*.md coat_of_arms.svg media/*.jpg media/*.pdf
var files embed.FS

// Seed fills an empty database with the demo municipality, its files in
// fs, and returns the staff logins. A database that already holds
// institutions is left alone; if the demo is among them, its logins are
// returned again.
func Seed(ctx context.Context, db *store.DB, fileStore filestore.Store) ([]Login, error) {
	var n, demo int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN slug = 'silagiris' THEN 1 END) FROM institutions`).Scan(&n, &demo); err != nil {
		return nil, err
	}
	if n > 0 {
		if demo == 0 {
			return nil, nil
		}
		return logins(), nil
	}
	deadlines := deadline.NewService(db, nil, "", deadline.DefaultDueSoon)
	// The seed's workflow steps notify no one (a nil notify.Service).
	cache := rendercache.New(db.Now)
	s := &seeder{db: db, svc: site.NewService(db, web.NewRenderer(), cache, deadlines, nil),
		deadlines: deadlines, users: map[string]*staff.User{}, pages: map[string]int64{}}
	s.media = media.NewService(db, nil, fileStore, cache, s.svc)
	if err := s.municipality(ctx); err != nil {
		return nil, err
	}
	if err := s.library(ctx); err != nil {
		return nil, err
	}
	return logins(), nil
}

// logins lists the demo accounts.
func logins() []Login {
	var out []Login
	for _, p := range people {
		out = append(out, Login{Email: p.email, Role: roleName(p.role, p.dept)})
	}
	return append(out, Login{Email: libraryAdmin, Role: "administratorius, http://biblioteka.localhost"})
}

type seeder struct {
	db        *store.DB
	svc       *site.Service
	media     *media.Service
	deadlines *deadline.Service
	in        *institution.Institution
	depts     map[string]int64
	users     map[string]*staff.User
	pages     map[string]int64 // by section slug
}

var departments = []struct{ name, kind string }{
	{"Apskaitos skyrius", institution.KindDepartment},
	{"Architektūros ir urbanistikos skyrius", institution.KindDepartment},
	{"Bendrasis priėmimo skyrius", institution.KindDepartment},
	{"Centralizuoto savivaldybės vidaus audito skyrius", institution.KindDepartment},
	{"Finansų skyrius", institution.KindDepartment},
	{"Socialinės paramos skyrius", institution.KindDepartment},
	{"Statybos ir infrastruktūros skyrius", institution.KindDepartment},
	{"Strateginio planavimo ir investicijų skyrius", institution.KindDepartment},
	{"Švietimo, kultūros ir sporto skyrius", institution.KindDepartment},
	{"Teisės ir personalo skyrius", institution.KindDepartment},
	{"Turto valdymo skyrius", institution.KindDepartment},
	{"Žemės ūkio ir kaimo plėtros skyrius", institution.KindDepartment},
	{"Jaunimo reikalų koordinatorius", institution.KindSpecialist},
	{"Pušyno seniūnija", institution.KindEldership},
	{"Ąžuolyno seniūnija", institution.KindEldership},
	{"Beržyno seniūnija", institution.KindEldership},
	{"Liepų seniūnija", institution.KindEldership},
}

var people = []struct {
	key, email, name, phone string
	role                    actor.Role
	dept                    string
}{
	{"admin", "administratorius@silagiris.lt", "Vytautas Jonaitis", "(8 427) 60 190", actor.RoleAdmin, ""},
	{"reception", "inga.zukauskiene@silagiris.lt", "Inga Žukauskienė", "(8 427) 60 100", actor.RoleReception, "Bendrasis priėmimo skyrius"},
	{"legal-editor", "mindaugas.kairys@silagiris.lt", "Mindaugas Kairys", "(8 427) 60 170", actor.RoleDepartmentEditor, "Teisės ir personalo skyrius"},
	{"culture-editor", "ramune.urboniene@silagiris.lt", "Ramunė Urbonienė", "(8 427) 60 160", actor.RoleDepartmentEditor, "Švietimo, kultūros ir sporto skyrius"},
	{"planning-editor", "egidijus.simkus@silagiris.lt", "Egidijus Šimkus", "(8 427) 60 180", actor.RoleDepartmentEditor, "Strateginio planavimo ir investicijų skyrius"},
	{"publisher", "lina.petraitiene@silagiris.lt", "Lina Petraitienė", "(8 427) 60 171", actor.RoleLegalPublisher, "Teisės ir personalo skyrius"},
	{"contributor", "karolis.adomaitis@silagiris.lt", "Karolis Adomaitis", "(8 427) 60 172", actor.RoleContributor, "Teisės ir personalo skyrius"},
	{"accountant", "daiva.jankauskiene@silagiris.lt", "Daiva Jankauskienė", "(8 427) 60 110", actor.RoleContributor, "Apskaitos skyrius"},
}

func (s *seeder) municipality(ctx context.Context) error {
	arms, err := files.ReadFile("coat_of_arms.svg")
	if err != nil {
		return err
	}
	s.in = &institution.Institution{
		Slug: "silagiris", Name: "Šilagirio rajono savivaldybės administracija", ShortName: "Šilagirio rajono savivaldybė",
		LegalForm: "Savivaldybės biudžetinė įstaiga", Address: "Laisvės a. 1, LT-86101 Šilagiris", LegalCode: "188712345",
		Register: "Juridinių asmenų registras", Phone: "(8 427) 60 100", Fax: "(8 427) 60 199", Email: "info@silagiris.lt",
		ControllerName: "Šilagirio rajono savivaldybės administracija", ControllerCode: "188712345",
		ControllerAddress: "Laisvės a. 1, LT-86101 Šilagiris", ControllerEmail: "info@silagiris.lt",
		ControllerPhone: "(8 427) 60 100", DPOEmail: "dap@silagiris.lt", CoatOfArms: arms, CoatOfArmsType: "image/svg+xml",
		StructureProfile: site.CurrentProfile.Version, IsDefault: true, Hosts: []string{"localhost", "127.0.0.1", "silagiris.localhost"},
	}
	// One hash for every demo account (they share the demo password), made
	// before the transaction.
	pw, err := staff.NewPassword(Password)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := institution.Create(ctx, tx, s.in); err != nil {
			return err
		}
		if err := site.InstallStructure(ctx, tx, s.in.ID, site.CurrentProfile); err != nil {
			return err
		}
		s.depts = map[string]int64{}
		for i, d := range departments {
			id, err := institution.CreateDepartment(ctx, tx, &institution.Department{InstitutionID: s.in.ID, Name: d.name, Kind: d.kind, Position: i})
			if err != nil {
				return err
			}
			s.depts[d.name] = id
		}
		for _, p := range people {
			u := &staff.User{InstitutionID: s.in.ID, Email: p.email, Name: p.name, Phone: p.phone, Role: p.role, DepartmentID: s.depts[p.dept], Active: true}
			if _, err := staff.CreateUser(ctx, tx, seedActor(s.in.ID), u, pw); err != nil {
				return fmt.Errorf("demo user %s: %w", p.email, err)
			}
			s.users[p.key] = u
		}
		if err := statement.SeedDemo(ctx, tx, seedActor(s.in.ID), s.deadlines, s.in.ID); err != nil {
			return fmt.Errorf("demo accessibility statement: %w", err)
		}
		return audit.Record(ctx, tx, audit.Change{InstitutionID: s.in.ID, Actor: seedActor(s.in.ID), Action: "institution.create",
			ObjectType: "institution", ObjectID: s.in.ID, Summary: "Sukurta demonstracinė savivaldybė " + s.in.Name})
	})
	if err != nil {
		return err
	}
	return s.content(ctx)
}

func roleName(r actor.Role, dept string) string {
	names := map[actor.Role]string{
		actor.RoleAdmin: "administratorius", actor.RoleReception: "bendrojo priėmimo redaktorius",
		actor.RoleDepartmentEditor: "skyriaus redaktorius", actor.RoleLegalPublisher: "teisės aktų skelbėjas",
		actor.RoleContributor: "turinio teikėjas",
	}
	if dept != "" && r != actor.RoleReception {
		return names[r] + " (" + dept + ")"
	}
	return names[r]
}

// content creates free sections, statements for empty mandated areas, and
// the pages in their various workflow states.
func (s *seeder) content(ctx context.Context) error {
	admin := s.users["admin"]
	for _, title := range []string{"Turizmas", "Verslas"} {
		if _, err := s.svc.CreateSection(ctx, admin.Actor(), s.in, &site.SectionForm{Title: title}); err != nil {
			return err
		}
	}
	if err := s.statement(ctx, "teises-aktu-pazeidimai",
		"Savivaldybės administracijoje per paskutinius trejus metus teisės aktų pažeidimų nenustatyta, todėl šioje srityje informacija neskelbiama."); err != nil {
		return err
	}
	placeholders, err := s.uploadMedia(ctx)
	if err != nil {
		return err
	}
	now := s.db.Now()
	pages, err := fs.Glob(files, "pages/*.md")
	if err != nil {
		return err
	}
	for _, name := range pages {
		src, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		p, err := parsePage(placeholders.Replace(string(src)))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		term := now.AddDate(1, 0, 0)
		if p.section == "viesieji-pirkimai" {
			term = now.AddDate(0, 0, 20) // shows in "term ends within 30 days"
		}
		// Some pages were published long enough ago that their three-month
		// content review (WEB-10) is due soon or overdue.
		id, err := s.publishedAt(ctx, p, term, publishedAgo[p.section])
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		s.pages[p.section] = id
	}
	// An address of the municipality's former site that people still
	// follow (site/redirects.go).
	if _, err := s.svc.AddRedirect(ctx, admin.Actor(), s.in, &site.RedirectForm{From: "/lt/turizmas", To: "/turizmas"}); err != nil {
		return err
	}
	return s.workInProgress(ctx)
}

func (s *seeder) statement(ctx context.Context, key, text string) error {
	tree, err := site.Tree(ctx, s.db, s.in.ID)
	if err != nil {
		return err
	}
	var find func([]*site.Section) *site.Section
	find = func(secs []*site.Section) *site.Section {
		for _, sec := range secs {
			if strings.HasSuffix(sec.ProfileKey, ":"+key) {
				return sec
			}
			if f := find(sec.Children); f != nil {
				return f
			}
		}
		return nil
	}
	sec := find(tree)
	if sec == nil {
		return fmt.Errorf("no section %s", key)
	}
	return s.svc.UpdateSection(ctx, s.users["admin"].Actor(), s.in, sec.ID, &site.SectionForm{NotProvided: text, Version: sec.UpdatedAt.UnixMilli()})
}

type demoPage struct {
	section, department, title, body string
}

func parsePage(src string) (demoPage, error) {
	head, body, ok := strings.Cut(src, "\n---\n")
	if !ok {
		return demoPage{}, fmt.Errorf("no --- line")
	}
	p := demoPage{body: body}
	for _, line := range strings.Split(head, "\n") {
		k, v, _ := strings.Cut(line, ":")
		switch strings.TrimSpace(k) {
		case "section":
			p.section = strings.TrimSpace(v)
		case "department":
			p.department = strings.TrimSpace(v)
		case "title":
			p.title = strings.TrimSpace(v)
		}
	}
	return p, nil
}

// sectionID finds a section by the last segment of its path.
func (s *seeder) sectionID(ctx context.Context, slug string) (int64, bool, error) {
	tree, err := site.Tree(ctx, s.db, s.in.ID)
	if err != nil {
		return 0, false, err
	}
	var found *site.Section
	var walk func([]*site.Section)
	walk = func(secs []*site.Section) {
		for _, sec := range secs {
			if strings.HasSuffix(sec.Path, "/"+slug) {
				found = sec
			}
			walk(sec.Children)
		}
	}
	walk(tree)
	if found == nil {
		return 0, false, fmt.Errorf("no section %q", slug)
	}
	return found.ID, found.LegalActs, nil
}

// authors picks who writes and who publishes a page of a department, as the
// rules require: the legal-acts publisher for legal acts, the department's
// editor where it has one, the reception editor otherwise.
func (s *seeder) authors(dept string, legalActs bool) (author, publisher *staff.User) {
	if legalActs {
		return s.users["publisher"], s.users["publisher"]
	}
	for _, u := range s.users {
		if u.Role == actor.RoleDepartmentEditor && dept != "" && u.DepartmentID == s.depts[dept] {
			return u, u
		}
	}
	return s.users["reception"], s.users["reception"]
}

func (s *seeder) form(p demoPage, sectionID int64, author *staff.User, term time.Time) *site.PageForm {
	return &site.PageForm{Title: p.title, Body: p.body, SectionID: sectionID, DepartmentID: s.depts[p.department],
		ResponsibleName: author.Name, ResponsiblePhone: author.Phone, ResponsibleEmail: author.Email,
		TermEnd: web.FormatDate(term.Add(-24 * time.Hour))}
}

// publishedAgo moves the publication of some demo pages into the past.
var publishedAgo = map[string]func(time.Time) time.Time{
	"korupcijos-prevencija": func(t time.Time) time.Time { return t.AddDate(0, -3, 1) },
	"nuorodos":              func(t time.Time) time.Time { return t.AddDate(0, -3, -10) },
}

// publishedAt publishes a page as if on the day at(now) returns.
func (s *seeder) publishedAt(ctx context.Context, p demoPage, term time.Time, at func(time.Time) time.Time) (int64, error) {
	if at == nil {
		return s.publish(ctx, p, term)
	}
	realNow := s.db.Now
	s.db.Now = func() time.Time { return at(realNow()) }
	defer func() { s.db.Now = realNow }()
	return s.publish(ctx, p, term)
}

// publish takes a page through draft → review → published.
func (s *seeder) publish(ctx context.Context, p demoPage, term time.Time) (int64, error) {
	secID, legal, err := s.sectionID(ctx, p.section)
	if err != nil {
		return 0, err
	}
	author, publisher := s.authors(p.department, legal)
	pageID, revID, err := s.svc.CreatePage(ctx, author.Actor(), s.in, s.form(p, secID, author, term))
	if err != nil {
		return 0, err
	}
	if err := s.svc.Submit(ctx, author.Actor(), s.in, revID, 1); err != nil {
		return 0, err
	}
	return pageID, s.svc.Publish(ctx, publisher.Actor(), s.in, revID, 2)
}

// workInProgress leaves pages in every state a new editor should see:
// awaiting review, returned with a reason, a new revision of a live page,
// and a page whose term ended.
func (s *seeder) workInProgress(ctx context.Context) error {
	contributor, accountant := s.users["contributor"], s.users["accountant"]
	now := s.db.Now()

	secID, _, err := s.sectionID(ctx, "tyrimai-ir-analizes")
	if err != nil {
		return err
	}
	survey := demoPage{department: "Teisės ir personalo skyrius", title: "Gyventojų apklausa apie paslaugų kokybę",
		body: "2026 m. rugsėjo–spalio mėn. apklausta 1 240 rajono gyventojų.\n\n## Pagrindiniai rezultatai\n\n" +
			"| Klausimas | Patenkinti, % |\n|---|---|\n| Aptarnavimo kokybė | 82 |\n| Elektroninės paslaugos | 74 |\n| Informacijos prieinamumas | 69 |\n\n" +
			"Išsami ataskaita bus paskelbta patvirtinus ją administracijos direktoriaus įsakymu."}
	_, revID, err := s.svc.CreatePage(ctx, contributor.Actor(), s.in, s.form(survey, secID, contributor, now.AddDate(1, 0, 0)))
	if err != nil {
		return err
	}
	if err := s.svc.Submit(ctx, contributor.Actor(), s.in, revID, 1); err != nil {
		return err
	}

	secID, _, err = s.sectionID(ctx, "finansiniu-ataskaitu-rinkiniai")
	if err != nil {
		return err
	}
	report := demoPage{department: "Apskaitos skyrius", title: "2026 m. I pusmečio finansinių ataskaitų rinkinys",
		body: "Skelbiamas savivaldybės administracijos 2026 m. I pusmečio finansinių ataskaitų rinkinys.\n\n- Finansinės būklės ataskaita\n- Veiklos rezultatų ataskaita\n"}
	_, revID, err = s.svc.CreatePage(ctx, accountant.Actor(), s.in, s.form(report, secID, accountant, now.AddDate(1, 0, 0)))
	if err != nil {
		return err
	}
	if err := s.svc.Submit(ctx, accountant.Actor(), s.in, revID, 1); err != nil {
		return err
	}
	if err := s.svc.Return(ctx, s.users["reception"].Actor(), s.in, revID, 2,
		"Pridėkite aiškinamąjį raštą ir nurodykite ataskaitų patvirtinimo datą."); err != nil {
		return err
	}

	// A new revision of a live page, in review while the old one stays up.
	wages, err := site.FindPage(ctx, s.db, s.in.ID, s.pages["darbo-uzmokestis"])
	if err != nil {
		return err
	}
	live, err := site.FindRevision(ctx, s.db, s.in.ID, wages.LiveRevisionID)
	if err != nil {
		return err
	}
	update := demoPage{title: live.Title, department: "Apskaitos skyrius",
		body: live.BodyMD + "\nIV ketvirčio duomenys bus paskelbti iki 2027 m. sausio 15 d.\n"}
	f := s.form(update, wages.SectionID, accountant, wages.TermEnd)
	f.Base = wages.LiveRevisionID
	revID, err = s.svc.SaveRevision(ctx, accountant.Actor(), s.in, wages.ID, f)
	if err != nil {
		return err
	}
	if err := s.svc.Submit(ctx, accountant.Actor(), s.in, revID, 1); err != nil {
		return err
	}

	// A legal act handed in for publication: three working days (WEB-19).
	secID, _, err = s.sectionID(ctx, "teises-aktai")
	if err != nil {
		return err
	}
	act := demoPage{department: "Teisės ir personalo skyrius", title: "Dėl gyventojų aptarnavimo tvarkos aprašo patvirtinimo",
		body: "Savivaldybės tarybos 2026-11-24 sprendimas Nr. T-231.\n\nSprendimas įsigalioja kitą dieną po jo paskelbimo Teisės aktų registre.\n"}
	_, revID, err = s.svc.CreatePage(ctx, s.users["legal-editor"].Actor(), s.in, s.form(act, secID, s.users["legal-editor"], now.AddDate(2, 0, 0)))
	if err != nil {
		return err
	}
	if err := s.svc.Submit(ctx, s.users["legal-editor"].Actor(), s.in, revID, 1); err != nil {
		return err
	}

	// A page whose term ended: published "a year ago".
	old := demoPage{section: "viesieji-pirkimai", department: "Strateginio planavimo ir investicijų skyrius",
		title: "2025 metų viešųjų pirkimų planas", body: "2025 metų planuojamų pirkimų suvestinė.\n\n| Pirkimo objektas | Vertė, Eur |\n|---|---|\n| Kelių priežiūra | 170 000 |\n"}
	yearAgo := func(t time.Time) time.Time { return t.AddDate(-1, -1, 0) }
	if _, err := s.publishedAt(ctx, old, yearAgo(now).AddDate(1, 0, 0), yearAgo); err != nil {
		return err
	}
	if err := s.svc.ArchiveExpired(ctx); err != nil {
		return err
	}
	if err := feedback.SeedDemo(ctx, s.db, s.in, s.deadlines, s.users["reception"].Actor()); err != nil {
		return err
	}
	return s.deadlines.Sweep(ctx, actor.NewJob("demonstracinių duomenų įkėlimas", 0))
}

const libraryAdmin = "administratorius@biblioteka.silagiris.lt"

// library is a second institution on the same installation: the
// municipality's public library, answering at biblioteka.localhost.
func (s *seeder) library(ctx context.Context) error {
	lib := &institution.Institution{
		Slug: "biblioteka", Name: "Šilagirio rajono savivaldybės viešoji biblioteka", ShortName: "Šilagirio viešoji biblioteka",
		LegalForm: "Biudžetinė įstaiga", Address: "Bibliotekos g. 2, LT-86102 Šilagiris", LegalCode: "190654321",
		Register: "Juridinių asmenų registras", Phone: "(8 427) 61 200", Email: "biblioteka@silagiris.lt",
		ControllerName: "Šilagirio rajono savivaldybės viešoji biblioteka", ControllerCode: "190654321",
		ControllerAddress: "Bibliotekos g. 2, LT-86102 Šilagiris", ControllerEmail: "biblioteka@silagiris.lt",
		ControllerPhone: "(8 427) 61 200", DPOEmail: "dap@silagiris.lt", StructureProfile: site.CurrentProfile.Version,
		Hosts: []string{"biblioteka.localhost"},
	}
	var admin *staff.User
	pw, err := staff.NewPassword(Password)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := institution.Create(ctx, tx, lib); err != nil {
			return err
		}
		if err := site.InstallStructure(ctx, tx, lib.ID, site.CurrentProfile); err != nil {
			return err
		}
		admin = &staff.User{InstitutionID: lib.ID, Email: libraryAdmin, Name: "Giedrė Navickienė",
			Phone: "(8 427) 61 201", Role: actor.RoleAdmin, Active: true}
		_, err := staff.CreateUser(ctx, tx, seedActor(lib.ID), admin, pw)
		return err
	})
	if err != nil {
		return err
	}
	tree, err := site.Tree(ctx, s.db, lib.ID)
	if err != nil {
		return err
	}
	secID := tree[0].ID
	f := &site.PageForm{Title: "Bibliotekos darbo laikas ir kontaktai", SectionID: secID,
		Body:            "Biblioteka dirba antradienį–šeštadienį 10.00–19.00.\n\n| Padalinys | Telefonas |\n|---|---|\n| Abonementas | (8 427) 61 202 |\n| Vaikų literatūros skyrius | (8 427) 61 203 |\n",
		ResponsibleName: admin.Name, ResponsiblePhone: admin.Phone, ResponsibleEmail: admin.Email,
		TermEnd: web.FormatDate(s.db.Now().AddDate(1, 0, 0))}
	_, revID, err := s.svc.CreatePage(ctx, admin.Actor(), lib, f)
	if err != nil {
		return err
	}
	if err := s.svc.Submit(ctx, admin.Actor(), lib, revID, 1); err != nil {
		return err
	}
	return s.svc.Publish(ctx, admin.Actor(), lib, revID, 2)
}

// seedActor is the demo seed as the audit trail names it.
func seedActor(institutionID int64) actor.Actor {
	return actor.NewJob("demonstraciniai duomenys", institutionID)
}
