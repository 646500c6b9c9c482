package outbox

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/outbox/smtptest"

	"github.com/savivalda/savivalda/internal/store/storetest"
)

// testCertificate makes a certificate for 127.0.0.1 and a pool that trusts it.
func testCertificate(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	storetest.Fatal(t, "key", err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:   time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	storetest.Fatal(t, "certificate", err)
	leaf, err := x509.ParseCertificate(der)
	storetest.Fatal(t, "parse certificate", err)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// Each secure mode delivers, authenticated, to a server whose certificate
// the sender trusts.
func TestSMTPModes(t *testing.T) {
	cert, pool := testCertificate(t)
	serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}}
	m := Compose(testInst(), "lt", Recipient{Address: "ona@example.lt"}, "Tema", []string{"Tekstas."}, nil)
	m.ID, m.MessageID = 1, "<tls@sirvintos.lt>"

	t.Run("starttls", func(t *testing.T) {
		srv := smtptest.New(t)
		srv.SMTP.TLSConfig = serverTLS
		srv.SMTP.AllowInsecureAuth = false // the password only after STARTTLS
		s := senderFor(srv)
		s.Mode, s.TLSConfig = "starttls", &tls.Config{RootCAs: pool}
		if err := s.Send(context.Background(), testFrom, m, m.Bytes(testFrom), func() error { return nil }); err != nil {
			t.Fatal(err)
		}
		if got := srv.CountByMessageID()[m.MessageID]; got != 1 {
			t.Errorf("server holds %d copies", got)
		}
	})
	t.Run("tls", func(t *testing.T) {
		srv := smtptest.NewOn(t, func(l net.Listener) net.Listener { return tls.NewListener(l, serverTLS) })
		s := senderFor(srv)
		s.Mode, s.TLSConfig = "tls", &tls.Config{RootCAs: pool}
		if err := s.Send(context.Background(), testFrom, m, m.Bytes(testFrom), func() error { return nil }); err != nil {
			t.Fatal(err)
		}
		if got := srv.CountByMessageID()[m.MessageID]; got != 1 {
			t.Errorf("server holds %d copies", got)
		}
	})
	t.Run("StarttlsRequired", func(t *testing.T) {
		srv := smtptest.New(t) // offers no STARTTLS
		s := senderFor(srv)
		s.Mode = "starttls"
		err := s.Send(context.Background(), testFrom, m, m.Bytes(testFrom), func() error { return nil })
		if err == nil || !strings.Contains(err.Error(), "STARTTLS") || len(srv.Messages()) != 0 {
			t.Errorf("sent without TLS: %v", err)
		}
	})
	t.Run("UntrustedCertificate", func(t *testing.T) {
		srv := smtptest.New(t)
		srv.SMTP.TLSConfig = serverTLS
		s := senderFor(srv)
		s.Mode = "starttls" // system roots do not know the test's certificate
		if err := s.Send(context.Background(), testFrom, m, m.Bytes(testFrom), func() error { return nil }); err == nil || len(srv.Messages()) != 0 {
			t.Errorf("delivered to a server with an untrusted certificate: %v", err)
		}
	})
}
