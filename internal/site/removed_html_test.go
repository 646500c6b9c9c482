package site

import (
	"slices"
	"testing"
)

// The page editor names the raw HTML that the page will not show, so that
// an editor who pasted or typed HTML knows what was dropped.
func TestRemovedHTML(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"plain Markdown", "## Darbo laikas\n\n- **Pirmadienis** 8–17\n\n| A | B |\n|---|---|\n| 1 | 2 |\n", nil},
		{"inline tags, each once", "Tekstas <span style=\"color:red\">raudonas</span> ir <b>storas</b>, <span>vėl</span>", []string{"<span>", "<b>"}},
		{"a block with nested tags", "Pradžia\n\n<div class=\"x\">\n<p>Vidus <font face=\"Arial\">šriftas</font></p>\n</div>\n\nPabaiga", []string{"<div>", "<p>", "<font>"}},
		{"a script block", "<script>alert(1)</script>", []string{"<script>"}},
		{"a comment", "Tekstas <!-- pastaba --> toliau", []string{"<!-- -->"}},
		{"Word's conditional comment", "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]-->\n\nTekstas", []string{"<!-- -->"}},
		{"a tag in a table cell", "| A | B |\n|---|---|\n| 1<br>2 | 3 |\n", []string{"<br>"}},
		{"a name with a colon is text, shown as typed", "<o:p>&nbsp;</o:p>Tekstas", nil},
		{"upper case", "<DIV>x</DIV>", []string{"<div>"}},
		{"escaped and in code: not HTML", "Ženklai \\<div> ir `<span>` bei\n\n    <p>kodas</p>\n", nil},
		{"a comparison is not a tag", "Jei 3 < 5 ir a<b, tai gerai", nil},
		{"an autolink is not a tag", "Žr. <https://www.lrs.lt> ir <info@silagiris.lt>", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RemovedHTML(tt.src); !slices.Equal(got, tt.want) {
				t.Errorf("RemovedHTML(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}
