// Package statement is the live accessibility statement (WEB-35…37): the
// structured data administrators edit, in the order of the model statement
// of Implementing Decision (EU) 2018/1523, published at /prieinamumas in
// the visitor's language and at /prieinamumas.json for machines.
//
// The statement is tied to the product's own checks: "savivalda
// accessibility check" crawls the site with axe-core and stores the result
// with RecordCheck, which turns each newly found rule into a draft entry of
// non-accessible content and resolves the automatic drafts whose rule is no
// longer found. The statement must be re-assessed yearly: the deadline
// module ("accessibility.review") reminds the administrator who last
// confirmed the review, and the staff page warns when it is overdue.
//
// # The JSON form
//
// GET /prieinamumas.json (404 until a statement is saved) returns a
// Document. Free texts are objects {"lt": …, "en": …}; "en" is left out
// when no English text was written. Dates are YYYY-MM-DD, instants RFC 3339.
//
//	schema                         "savivalda.accessibility-statement/1"
//	url                            the statement's page
//	institution.name, .legal_code  the public body
//	scope.kind                     "website" or "mobile_app"
//	scope.name, scope.url          the site or application covered
//	compliance.status              "full", "partial" or "none"
//	compliance.standard, .wcag     "EN 301 549 V3.2.1 (2021-03)", "2.1 AA"
//	non_accessible_content[]       published entries: id, description,
//	                               wcag_criteria[], reason ("non_compliance",
//	                               "disproportionate_burden", "out_of_scope"),
//	                               justification, assessed_on, alternative,
//	                               source ("manual" or "automatic")
//	preparation.prepared_on        when the statement was prepared
//	preparation.reviewed_on        when it was last reviewed
//	preparation.method, .assessor  "self" or "third_party", and who
//	feedback.form_url, .name,      the feedback form and the contact
//	  .email, .phone
//	enforcement.procedure          what to do if the answer does not satisfy
//	enforcement.authority.name,    the supervising authority
//	  .address, .email, .phone, .url
//	automated_check                the latest check, or null: checked_at,
//	                               pages_checked, violations (a rule failing
//	                               on a page), elements (failing elements),
//	                               by_rule[] (rule, help, wcag_criteria[],
//	                               impact, pages[], elements)
//
// # The page's markup
//
// The public page marks every value with data-field="PATH", PATH being the
// value's JSON path above (for example data-field="preparation.reviewed_on"
// on a <time datetime="…">); enumerations carry the JSON value in
// data-value. The model's sections have the ids scope, compliance,
// non-accessible-content, preparation, feedback and enforcement, in that
// order; each entry is an element with id="entry-ID" and data-entry,
// data-reason and data-source attributes.
package statement
