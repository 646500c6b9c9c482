package institution

import (
	"net/url"
	"testing"
)

// TestSiteURL: an institution's address comes from the configuration, so
// that no request's Host header can choose it.
func TestSiteURL(t *testing.T) {
	tests := []struct {
		base  string
		hosts []string
		want  string
	}{
		{"https://www.pavyzdys.lt", []string{"pavyzdys.lt", "www.pavyzdys.lt"}, "https://www.pavyzdys.lt"},
		{"https://www.pavyzdys.lt", nil, "https://www.pavyzdys.lt"}, // the default answers any host
		{"https://www.pavyzdys.lt", []string{"biblioteka.pavyzdys.lt", "www.biblioteka.lt"}, "https://biblioteka.pavyzdys.lt"},
		{"http://localhost:8080", []string{"biblioteka.localhost"}, "http://biblioteka.localhost:8080"},
		{"http://localhost:8080", []string{"127.0.0.1", "localhost"}, "http://localhost:8080"},
		{"http://[::1]:8080", []string{"::1"}, "http://[::1]:8080"},
		{"http://[::1]:8080", []string{"kita.example"}, "http://kita.example:8080"},
	}
	for _, tt := range tests {
		base, _ := url.Parse(tt.base)
		if got := siteURL(base, &Institution{Hosts: tt.hosts}); got != tt.want {
			t.Errorf("base %s, hosts %v: %s, want %s", tt.base, tt.hosts, got, tt.want)
		}
	}
}
