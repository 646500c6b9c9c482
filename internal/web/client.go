package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientAddr is the client's address as rate limits count it.
// X-Forwarded-For is not trusted: anyone can send it. IPv6 clients are
// counted per /64, the block one customer usually gets.
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	addr = addr.Unmap()
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.String()
	}
	return addr.String()
}

// TrustedProxies rewrites the client address of requests that come through
// one of the given reverse proxies (a load balancer in front of several
// instances) to the address the proxy saw: the right-most X-Forwarded-For
// entry that is not itself a trusted proxy. Requests from anywhere else keep
// their own address, so nobody can choose theirs by sending the header.
func TrustedProxies(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		peer, perr := netip.ParseAddr(host)
		if err == nil && perr == nil && isTrusted(peer) {
			hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
			for i := len(hops) - 1; i >= 0; i-- {
				a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break
				}
				if !isTrusted(a) {
					r2 := r.Clone(r.Context())
					r2.RemoteAddr = netip.AddrPortFrom(a, 0).String()
					r = r2
					break
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}
