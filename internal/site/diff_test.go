package site_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/site"
)

// Two long revisions with many distinct words compare without failing: each
// word has its own symbol however many there are (WEB-21's comparison).
func TestWordDiffManyDistinctWords(t *testing.T) {
	var a, b strings.Builder
	for i := range 70000 {
		fmt.Fprintf(&a, "a%d ", i)
		if i%2 == 0 {
			fmt.Fprintf(&b, "a%d ", i)
		} else {
			fmt.Fprintf(&b, "b%d ", i)
		}
	}
	var before, after strings.Builder
	for _, p := range site.WordDiff(a.String(), b.String()) {
		if p.Op != site.Added {
			before.WriteString(p.Text)
		}
		if p.Op != site.Removed {
			after.WriteString(p.Text)
		}
	}
	if before.String() != a.String() || after.String() != b.String() {
		t.Fatal("the comparison does not give back both texts")
	}
}
