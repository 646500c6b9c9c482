package institution

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"slices"

	"github.com/savivalda/savivalda/internal/store"
)

// siteURL is the public address of an institution's site, for absolute
// links (the accessibility statement's JSON, what counts as "this site").
// It never follows a request's Host header, which anyone can set. The
// configured base URL (SAVIVALDA_BASE_URL) is the address of the
// institution that lists the base URL's host name, and of one with no host
// names of its own (the default, which answers on any). Another
// institution's address is its first host name (in alphabetical order)
// with the base URL's scheme and port.
func siteURL(base *url.URL, in *Institution) string {
	if len(in.Hosts) == 0 || slices.Contains(in.Hosts, NormalizeHost(base.Host)) {
		return base.String()
	}
	u := url.URL{Scheme: base.Scheme, Host: in.Hosts[0]}
	if port := base.Port(); port != "" {
		u.Host = net.JoinHostPort(in.Hosts[0], port)
	}
	return u.String()
}

// SiteHosts are the host names whose absolute addresses are this
// institution's site: its own and its address's.
func (in *Institution) SiteHosts() []string {
	hosts := slices.Clone(in.Hosts)
	if u, err := url.Parse(in.SiteURL); err == nil {
		hosts = append(hosts, NormalizeHost(u.Host))
	}
	return hosts
}

// SiteURL is the public address of institution id under the configured
// base URL, for links made outside a request (reminders, notices): the
// address the Registry gives it.
func SiteURL(ctx context.Context, q store.Queryer, base string, id int64) (string, error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return base, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT host FROM institution_hosts WHERE institution_id = ? ORDER BY host`, id)
	if err != nil {
		return "", fmt.Errorf("hosts of institution %d: %w", id, err)
	}
	defer rows.Close()
	in := &Institution{ID: id}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return "", err
		}
		in.Hosts = append(in.Hosts, h)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return siteURL(u, in), nil
}
