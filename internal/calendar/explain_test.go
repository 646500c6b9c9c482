package calendar

import "testing"

func TestExplanationText(t *testing.T) {
	c := New()
	tests := []struct {
		from string
		n    int
		unit Unit
		lang string
		want string
	}{
		{"2026-12-23", 1, WorkingDays, "lt",
			"Terminas: 1 darbo diena nuo 2026-12-23. Skaičiuojama nuo 2026-12-24. Praleista: 2026-12-24 Kūčios, " +
				"2026-12-25 Kalėdos, 2026-12-26 Kalėdos (antroji diena), 2026-12-27 sekmadienis. Terminas baigiasi 2026-12-28."},
		{"2026-12-23", 1, WorkingDays, "en",
			"Term: 1 working day from 2026-12-23. Counting starts on 2026-12-24. Skipped: 2026-12-24 Christmas Eve (Kūčios), " +
				"2026-12-25 Christmas Day, 2026-12-26 Second Day of Christmas, 2026-12-27 Sunday. The term ends on 2026-12-28."},
		{"2026-01-12", 5, WorkingDays, "lt",
			"Terminas: 5 darbo dienos nuo 2026-01-12. Skaičiuojama nuo 2026-01-13. Praleista: 2026-01-17 šeštadienis, " +
				"2026-01-18 sekmadienis. Terminas baigiasi 2026-01-19."},
		{"2026-01-05", 10, CalendarDays, "lt",
			"Terminas: 10 kalendorinių dienų nuo 2026-01-05. Skaičiuojama nuo 2026-01-06. Terminas baigiasi 2026-01-15."},
		{"2026-01-15", 30, CalendarDays, "lt",
			"Terminas: 30 kalendorinių dienų nuo 2026-01-15. Skaičiuojama nuo 2026-01-16. Paskutinė termino diena 2026-02-14 – " +
				"nedarbo diena, todėl terminas baigiasi kitą darbo dieną. Praleista: 2026-02-14 šeštadienis, 2026-02-15 sekmadienis, " +
				"2026-02-16 Lietuvos valstybės atkūrimo diena. Terminas baigiasi 2026-02-17."},
		{"2024-01-31", 1, Months, "lt",
			"Terminas: 1 mėnuo nuo 2024-01-31. Skaičiuojama nuo 2024-02-01. Paskutinį termino mėnesį tokios datos nėra, todėl " +
				"paskutinė termino diena – to mėnesio paskutinė diena, 2024-02-29. Terminas baigiasi 2024-02-29."},
		{"2026-01-31", 1, Months, "en",
			"Term: 1 month from 2026-01-31. Counting starts on 2026-02-01. The last month of the term has no such date, so the " +
				"term's last day is that month's last day, 2026-02-28. The term's last day, 2026-02-28, is not a working day, so " +
				"the term ends on the next working day. Skipped: 2026-02-28 Saturday, 2026-03-01 Sunday. The term ends on 2026-03-02."},
		{"2026-10-05", 2, Months, "lt",
			"Terminas: 2 mėnesiai nuo 2026-10-05. Skaičiuojama nuo 2026-10-06. Paskutinė termino diena 2026-12-05 – nedarbo diena, " +
				"todėl terminas baigiasi kitą darbo dieną. Praleista: 2026-12-05 šeštadienis, 2026-12-06 sekmadienis. " +
				"Terminas baigiasi 2026-12-07."},
	}
	for _, tt := range tests {
		_, e, err := c.Due(MustParseDate(tt.from), tt.n, tt.unit)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.Text(tt.lang); got != tt.want {
			t.Errorf("Text(%s) for %s + %d %v:\n got %s\nwant %s", tt.lang, tt.from, tt.n, tt.unit, got, tt.want)
		}
	}
}

func TestLithuanianNumberForms(t *testing.T) {
	want := map[int]string{
		1: "darbo diena", 2: "darbo dienos", 9: "darbo dienos", 10: "darbo dienų", 11: "darbo dienų", 12: "darbo dienų",
		19: "darbo dienų", 20: "darbo dienų", 21: "darbo diena", 22: "darbo dienos", 30: "darbo dienų", 101: "darbo diena",
		111: "darbo dienų", 112: "darbo dienų", 122: "darbo dienos",
	}
	for n, w := range want {
		if got := textLT.unit(WorkingDays, n); got != w {
			t.Errorf("%d %s, want %d %s", n, got, n, w)
		}
	}
	if got := textLT.unit(Months, 3); got != "mėnesiai" {
		t.Errorf("3 %s, want 3 mėnesiai", got)
	}
	if got := textLT.unit(CalendarDays, 21); got != "kalendorinė diena" {
		t.Errorf("21 %s, want 21 kalendorinė diena", got)
	}
}
