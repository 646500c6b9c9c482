package statement

import (
	"net/url"

	"github.com/savivalda/savivalda/internal/calendar"
	"github.com/savivalda/savivalda/internal/institution"
)

// The supervising authority. Since 2024 the State Digital Solutions Agency
// (VSSA), successor of the Information Society Development Committee,
// monitors the accessibility of state and municipal websites (WEB-38).
// Its contacts are editable defaults: the staff form asks the administrator
// to check them against the agency's own site before publishing.
var defaultAuthority = struct {
	Name                       Text
	Address, Email, Phone, URL string
}{
	Name:    Text{LT: "Valstybės skaitmeninių sprendimų agentūra", EN: "State Digital Solutions Agency"},
	Address: "Vytenio g. 6, LT-03113 Vilnius",
	Email:   "info@vssa.lt",
	URL:     "https://vssa.lrv.lt",
}

var defaultEnforcement = Text{
	LT: "Jei per 10 darbo dienų negavote atsakymo į pranešimą apie prieinamumo problemą arba per 20 darbo dienų – " +
		"į prašymą pateikti informaciją prieinamu formatu, arba jei atsakymas jūsų netenkina, galite kreiptis į instituciją, " +
		"prižiūrinčią, kaip valstybės ir savivaldybių institucijų interneto svetainės ir mobiliosios programos atitinka " +
		"prieinamumo reikalavimus.",
	EN: "If you have not received an answer to your report of an accessibility problem within 10 working days, or to " +
		"your request for information in an accessible format within 20 working days, or if you are not satisfied with " +
		"the answer, you may contact the authority that supervises how the websites and mobile applications of state " +
		"and municipal institutions meet the accessibility requirements.",
}

// Default is the statement an administrator starts from: the site at
// siteURL, the institution's own contacts for feedback, and the supervising
// authority. The compliance status is left for the administrator to
// choose, since only an assessment can tell it.
func Default(in *institution.Institution, siteURL string, today calendar.Date) *Statement {
	host := siteURL
	if u, err := url.Parse(siteURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return &Statement{
		InstitutionID: in.ID,
		ScopeKind:     Website,
		ScopeName:     Text{LT: "Interneto svetainė " + host, EN: "Website " + host},
		ScopeURL:      siteURL,
		Standard:      DefaultStandard,
		PreparedOn:    today,
		ReviewedOn:    today,
		Method:        SelfAssessment,
		FeedbackName:  in.Name,
		FeedbackEmail: in.Email,
		FeedbackPhone: in.Phone,
		Enforcement:   defaultEnforcement,
		AuthorityName: defaultAuthority.Name, AuthorityAddress: defaultAuthority.Address,
		AuthorityEmail: defaultAuthority.Email, AuthorityPhone: defaultAuthority.Phone, AuthorityURL: defaultAuthority.URL,
	}
}
