package web

import (
	"net/url"
	"strconv"
)

// PerPage is the length of every paged list.
const PerPage = 25

// Pager is the state of a paged list and the links between its pages.
type Pager struct {
	Page, Pages int
	Total       int
	query       url.Values
	path        string
	// Translated labels for the pager component.
	Label, Prev, Next, Current string
}

// NewPager builds the pager for a list of total items, keeping the other
// query parameters (filters) in its links.
func NewPager(p *Page, path string, query url.Values, page, total int) Pager {
	pages := (total + PerPage - 1) / PerPage
	if pages < 1 {
		pages = 1
	}
	q := url.Values{}
	for k, v := range query {
		if k != "puslapis" {
			q[k] = v
		}
	}
	return Pager{
		Page: page, Pages: pages, Total: total, query: q, path: path,
		Label: p.T("web.pager"), Prev: p.T("web.pager.prev"), Next: p.T("web.pager.next"),
		Current: p.T("web.page_of", page, pages),
	}
}

// URL links to page n of the list.
func (pg Pager) URL(n int) string {
	q := url.Values{}
	for k, v := range pg.query {
		q[k] = v
	}
	q.Set("puslapis", strconv.Itoa(n))
	return pg.path + "?" + q.Encode()
}

// PageNumber reads ?puslapis=N (default 1) and returns it with the SQL offset.
// A page number beyond any list (so large that its offset would overflow)
// counts as the first page, like one that is not a number.
func PageNumber(q url.Values) (page, offset int) {
	page, _ = strconv.Atoi(q.Get("puslapis"))
	if page < 1 || page > maxPage {
		page = 1
	}
	return page, (page - 1) * PerPage
}

// maxPage keeps (page-1)*PerPage well inside an int32 offset.
const maxPage = 1 << 20
