package statement

import (
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/institution"
)

// Schema names the JSON form's layout; it changes only when a field's
// meaning does.
const Schema = "savivalda.accessibility-statement/1"

// Document is the statement as JSON (GET /prieinamumas.json), for national
// monitoring and anyone else who reads it by machine. The fields follow
// the model statement's order; the public page marks up the same values
// with data-field attributes named by these JSON paths (doc.go lists them).
type Document struct {
	Schema      string     `json:"schema"`
	URL         string     `json:"url"`
	Institution DocOrg     `json:"institution"`
	Scope       DocScope   `json:"scope"`
	Compliance  DocStatus  `json:"compliance"`
	Content     []DocEntry `json:"non_accessible_content"`
	Preparation DocPrep    `json:"preparation"`
	Feedback    DocContact `json:"feedback"`
	Enforcement DocEnforce `json:"enforcement"`
	Check       *DocCheck  `json:"automated_check"`
}

// DocText is a free text in Lithuanian and, when written, English.
type DocText struct {
	LT string `json:"lt"`
	EN string `json:"en,omitempty"`
}

// DocOrg identifies the institution.
type DocOrg struct {
	Name      string `json:"name"`
	LegalCode string `json:"legal_code"`
}

// DocScope is the website or application covered.
type DocScope struct {
	Kind string  `json:"kind"` // "website" or "mobile_app"
	Name DocText `json:"name"`
	URL  string  `json:"url"`
}

// DocStatus is the compliance status.
type DocStatus struct {
	Status   string `json:"status"` // "full", "partial" or "none"
	Standard string `json:"standard"`
	WCAG     string `json:"wcag"`
}

// DocEntry is one published entry of non-accessible content.
type DocEntry struct {
	ID            int64    `json:"id"`
	Description   DocText  `json:"description"`
	Criteria      []string `json:"wcag_criteria"`
	Reason        string   `json:"reason"` // "non_compliance", "disproportionate_burden" or "out_of_scope"
	Justification *DocText `json:"justification,omitempty"`
	AssessedOn    string   `json:"assessed_on,omitempty"`
	Alternative   *DocText `json:"alternative,omitempty"`
	Source        string   `json:"source"` // "manual" or "automatic"
}

// DocPrep is how and when the statement was prepared.
type DocPrep struct {
	PreparedOn string `json:"prepared_on"`
	ReviewedOn string `json:"reviewed_on"`
	Method     string `json:"method"` // "self" or "third_party"
	Assessor   string `json:"assessor,omitempty"`
}

// DocContact is where accessibility feedback goes.
type DocContact struct {
	FormURL string `json:"form_url"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Phone   string `json:"phone,omitempty"`
}

// DocEnforce is the enforcement procedure and the supervising authority.
type DocEnforce struct {
	Procedure DocText      `json:"procedure"`
	Authority DocAuthority `json:"authority"`
}

// DocAuthority is the supervising authority's contacts.
type DocAuthority struct {
	Name    DocText `json:"name"`
	Address string  `json:"address,omitempty"`
	Email   string  `json:"email,omitempty"`
	Phone   string  `json:"phone,omitempty"`
	URL     string  `json:"url,omitempty"`
}

// DocCheck is the latest automated check.
type DocCheck struct {
	CheckedAt    time.Time `json:"checked_at"`
	PagesChecked int       `json:"pages_checked"`
	Violations   int       `json:"violations"`
	Elements     int       `json:"elements"`
	Rules        []DocRule `json:"by_rule"`
}

// DocRule is one rule of the check.
type DocRule struct {
	Rule     string   `json:"rule"`
	Help     string   `json:"help"`
	Criteria []string `json:"wcag_criteria"`
	Impact   string   `json:"impact,omitempty"`
	Pages    []string `json:"pages"`
	Elements int      `json:"elements"`
}

func docText(t Text) DocText { return DocText{LT: t.LT, EN: t.EN} }

func optText(t Text) *DocText {
	if t.LT == "" && t.EN == "" {
		return nil
	}
	d := docText(t)
	return &d
}

// FeedbackPath is the public feedback form (WEB-36), the statement's
// feedback channel.
const FeedbackPath = "/prieinamumas/atsiliepimas"

// NewDocument builds the JSON form of a statement; base is the site's
// address (scheme and host) for the absolute links.
func NewDocument(in *institution.Institution, st *Statement, issues []*Issue, check *Check, base string) *Document {
	d := &Document{
		Schema: Schema, URL: base + PublicPath,
		Institution: DocOrg{Name: in.Name, LegalCode: in.LegalCode},
		Scope:       DocScope{Kind: string(st.ScopeKind), Name: docText(st.ScopeName), URL: st.ScopeURL},
		Compliance:  DocStatus{Status: string(st.Compliance), Standard: st.Standard, WCAG: "2.1 AA"},
		Content:     []DocEntry{},
		Preparation: DocPrep{PreparedOn: st.PreparedOn.String(), ReviewedOn: st.ReviewedOn.String(), Method: string(st.Method), Assessor: st.Assessor},
		Feedback:    DocContact{FormURL: base + FeedbackPath, Name: st.FeedbackName, Email: st.FeedbackEmail, Phone: st.FeedbackPhone},
		Enforcement: DocEnforce{Procedure: docText(st.Enforcement), Authority: DocAuthority{Name: docText(st.AuthorityName),
			Address: st.AuthorityAddress, Email: st.AuthorityEmail, Phone: st.AuthorityPhone, URL: st.AuthorityURL}},
	}
	for _, is := range issues {
		d.Content = append(d.Content, DocEntry{ID: is.ID, Description: docText(is.Description), Criteria: criteria(is.Criterion),
			Reason: string(is.Reason), Justification: optText(is.Justification), AssessedOn: dateString(is.AssessedOn),
			Alternative: optText(is.Alternative), Source: string(is.Source)})
	}
	if check != nil {
		dc := &DocCheck{CheckedAt: check.CheckedAt, PagesChecked: check.PagesChecked, Violations: check.Violations,
			Elements: check.Elements, Rules: []DocRule{}}
		for _, r := range check.Rules {
			dc.Rules = append(dc.Rules, DocRule{Rule: r.Rule, Help: r.Help, Criteria: criteria(r.Criterion), Impact: r.Impact,
				Pages: r.Pages, Elements: r.Elements})
		}
		d.Check = dc
	}
	return d
}

// criteria splits "1.1.1, 4.1.2" into its criteria (never nil, for JSON).
func criteria(s string) []string {
	if s == "" {
		return []string{}
	}
	n, _ := normalizeCriteria(s)
	return strings.Split(n, ", ")
}
