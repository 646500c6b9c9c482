package web

import (
	"net"
	"net/http"
	"net/netip"
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
