package statement

import (
	"cmp"
	"slices"
	"time"
)

// CheckResult is what one run of the automated check found: every page it
// checked, with the axe-core rules each one failed. "savivalda
// accessibility check" fills it from the browser's results.
type CheckResult struct {
	At      time.Time
	BaseURL string
	Pages   []CheckedPage
}

// CheckedPage is one page the check visited.
type CheckedPage struct {
	Path       string
	Violations []Violation
}

// Violation is one axe-core rule failing on a page, with the elements
// (CSS selectors) that fail it.
type Violation struct {
	Rule, Impact, Help, HelpURL string
	Nodes                       []string
}

// Check is a stored check. A violation is one rule failing on one page;
// the elements are the page elements that fail it, counted over all pages.
type Check struct {
	ID           int64
	CheckedAt    time.Time
	BaseURL      string
	PagesChecked int
	Violations   int
	Elements     int
	// Rules, filled by LatestCheck and FindCheck, most widespread first.
	Rules []RuleFinding
}

// RuleFinding is one rule of a check: where it failed and how often.
type RuleFinding struct {
	Rule, Impact, Help, HelpURL string
	Criterion                   string // WCAG success criteria the rule tests, if known
	Pages                       []string
	Elements                    int
}

// byRule groups a check's violation rows by rule, most widespread first.
func byRule(rows []violationRow) []RuleFinding {
	idx := map[string]int{}
	var out []RuleFinding
	for _, v := range rows {
		i, ok := idx[v.Rule]
		if !ok {
			i = len(out)
			idx[v.Rule] = i
			out = append(out, RuleFinding{Rule: v.Rule, Impact: v.Impact, Help: v.Help, HelpURL: v.HelpURL, Criterion: ruleCriteria[v.Rule]})
		}
		out[i].Pages = append(out[i].Pages, v.Path)
		out[i].Elements += v.NodeCount
	}
	slices.SortFunc(out, func(a, b RuleFinding) int {
		return cmp.Or(cmp.Compare(len(b.Pages), len(a.Pages)), cmp.Compare(b.Elements, a.Elements), cmp.Compare(a.Rule, b.Rule))
	})
	return out
}

// maxNodes is how many failing elements are kept per rule and page; the
// count keeps the rest.
const maxNodes = 20
