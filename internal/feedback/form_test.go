package feedback_test

import (
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/feedback"
)

var siteHosts = []string{"silagiris.lt", "localhost"}

func TestPageAddress(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "", true},
		{"  ", "", true},
		{"/paslaugos", "/paslaugos", true},
		{" /paslaugos?x=1#y ", "/paslaugos?x=1#y", true},
		{"/administracinė-informacija", "/administracinė-informacija", true},
		{"https://silagiris.lt/paslaugos", "https://silagiris.lt/paslaugos", true},
		{"http://SILAGIRIS.LT:8080/", "http://SILAGIRIS.LT:8080/", true},
		{"http://localhost", "http://localhost", true},
		{"https://kitas.example/paslaugos", "", false},
		{"https://silagiris.lt.kitas.example/", "", false},
		{"https://user@silagiris.lt/", "", false},
		{"//kitas.example/x", "", false},
		{"/\\kitas.example", "", false},
		{"/\t/kitas.example", "", false},
		{"javascript:alert(1)", "", false},
		{"mailto:info@silagiris.lt", "", false},
		{"ftp://silagiris.lt/x", "", false},
		{"paslaugos", "", false},
		{"https:/paslaugos", "", false},
	} {
		got, ok := feedback.PageAddress(c.in, siteHosts)
		if got != c.want || ok != c.ok {
			t.Errorf("PageAddress(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// FuzzPageAddress: whatever is typed, an accepted address stays on the
// site and carries nothing a browser would read as another host.
func FuzzPageAddress(f *testing.F) {
	for _, s := range []string{"/paslaugos", "https://silagiris.lt/a", "//x", "/\\x", "javascript:x", "http://a@b/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := feedback.PageAddress(s, siteHosts)
		if !ok || got == "" {
			return
		}
		if strings.ContainsAny(got, "\\\t\r\n") {
			t.Errorf("%q accepted as %q", s, got)
		}
		local := strings.HasPrefix(got, "/") && !strings.HasPrefix(got, "//")
		remote := strings.HasPrefix(strings.ToLower(got), "http://") || strings.HasPrefix(strings.ToLower(got), "https://")
		if !local && !remote {
			t.Errorf("%q accepted as %q", s, got)
		}
	})
}

func TestValidate(t *testing.T) {
	valid := func() feedback.Form {
		return feedback.Form{Kind: "problem", Description: "Neveikia", Name: "Ona Kazlauskienė", Email: "ona@example.lt"}
	}
	for _, c := range []struct {
		name   string
		change func(f *feedback.Form)
		want   []string // fields in error, in form order
	}{
		{"OK", func(*feedback.Form) {}, nil},
		{"OKAlternativeOther", func(f *feedback.Form) { f.Kind, f.Format, f.FormatOther = "alternative", "other", "Skaitmeninis DAISY" }, nil},
		{"OKPhone", func(f *feedback.Form) { f.Phone = "+370 (612) 34-567" }, nil},
		{"ErrKind", func(f *feedback.Form) { f.Kind = "complaint" }, []string{"kind"}},
		{"ErrEverything", func(f *feedback.Form) { *f = feedback.Form{} }, []string{"kind", "description", "name", "email"}},
		{"ErrFormat", func(f *feedback.Form) { f.Kind = "alternative" }, []string{"format"}},
		{"ErrFormatOther", func(f *feedback.Form) { f.Kind, f.Format = "alternative", "other" }, []string{"format_other"}},
		{"ErrDescriptionLong", func(f *feedback.Form) { f.Description = strings.Repeat("ž", feedback.MaxDescription+1) }, []string{"description"}},
		{"OKDescriptionMax", func(f *feedback.Form) { f.Description = strings.Repeat("ž", feedback.MaxDescription) }, nil},
		{"ErrEmail", func(f *feedback.Form) { f.Email = "ona@" }, []string{"email"}},
		{"ErrPhone", func(f *feedback.Form) { f.Phone = "skambinkite" }, []string{"phone"}},
		{"ErrPage", func(f *feedback.Form) { f.PageAddress = "https://kitas.example/" }, []string{"page"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := valid()
			c.change(&f)
			var got []string
			for _, e := range f.Validate(siteHosts) {
				got = append(got, e.Field)
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("errors in %v, want %v", got, c.want)
			}
		})
	}
}

// TestTerms (WEB-36): feedback within 10 working days, an alternative
// within 20, counted on the Lithuanian calendar from the next day.
func TestTerms(t *testing.T) {
	cal := calendar.New()
	for _, c := range []struct {
		kind     feedback.Kind
		from, to string
	}{
		{feedback.Problem, "2026-12-22", "2027-01-08"},
		{feedback.Alternative, "2026-12-22", "2027-01-22"},
		{feedback.Problem, "2026-03-02", "2026-03-17"}, // 11 March
	} {
		r := c.kind.Term()
		due, _, err := cal.Due(calendar.MustParseDate(c.from), r.N, r.Unit)
		if err != nil || due.String() != c.to {
			t.Errorf("%s from %s: due %s (%v), want %s", c.kind, c.from, due, err, c.to)
		}
	}
	if got := feedback.RegistrationNumber(2026, 7); got != "PR-2026-0007" {
		t.Errorf("registration number: %s", got)
	}
}
