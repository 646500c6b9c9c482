package web

import (
	"strconv"
	"testing"
)

func TestParseID(t *testing.T) {
	for s, want := range map[string]int64{"1": 1, "42": 42, "9223372036854775807": 1<<63 - 1} {
		if got, ok := ParseID(s); !ok || got != want {
			t.Errorf("ParseID(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "0", "01", "+1", "-1", " 1", "1 ", "1.0", "1e3", "0x1", "١", "9223372036854775808"} {
		if got, ok := ParseID(s); ok {
			t.Errorf("ParseID(%q) = %d, want no id", s, got)
		}
	}
}

// FuzzParseID: an accepted id is exactly how the application writes that
// number, so no two spellings reach the same record.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{"1", "01", "+1", "-0", " 7", "9223372036854775808", "1_000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := ParseID(s)
		if ok && (id <= 0 || strconv.FormatInt(id, 10) != s) {
			t.Fatalf("ParseID(%q) = %d: not the canonical spelling of a positive id", s, id)
		}
		if !ok && id != 0 {
			t.Fatalf("ParseID(%q) refused but returned %d", s, id)
		}
	})
}
