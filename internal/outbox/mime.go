package outbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"

	"github.com/savivalda/savivalda/internal/web"
)

// Bytes builds the RFC 5322 message sent from the address from: a
// multipart/alternative of the plain-text and HTML bodies, both UTF-8 and
// quoted-printable, with encoded-word headers for non-ASCII names and
// subjects. The Date is when the message was enqueued and the MIME boundary
// derives from the Message-ID, so every attempt sends the same bytes.
func (m *Message) Bytes(from string) []byte {
	sender := &mail.Address{Address: from}
	if a, err := mail.ParseAddress(from); err == nil {
		sender = a
	}
	if m.FromName != "" {
		sender.Name = oneLine(m.FromName)
	}
	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(fold(name + ": " + value)) }
	header("Date", m.CreatedAt.In(web.Vilnius).Format(time.RFC1123Z))
	header("From", sender.String())
	if m.ReplyTo != "" {
		header("Reply-To", (&mail.Address{Address: m.ReplyTo}).String())
	}
	header("To", (&mail.Address{Name: oneLine(m.To.Name), Address: m.To.Address}).String())
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Message-ID", m.MessageID)
	header("MIME-Version", "1.0")
	header("Content-Language", m.Lang)
	// Automatic mail: out-of-office and similar responders should not answer
	// (RFC 3834; the second header is what Exchange reads).
	header("Auto-Submitted", "auto-generated")
	header("X-Auto-Response-Suppress", "All")

	sum := sha256.Sum256([]byte(m.MessageID))
	// "=_" never occurs in quoted-printable text, so the boundary cannot
	// appear inside a part.
	boundary := "=_sv" + hex.EncodeToString(sum[:14])
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": boundary}))
	b.WriteString("\r\n")

	mw := multipart.NewWriter(&b)
	if err := mw.SetBoundary(boundary); err != nil {
		panic("outbox: boundary: " + err.Error()) // a constant-shaped value: a bug if invalid
	}
	for _, part := range []struct{ contentType, body string }{
		{"text/plain; charset=utf-8", m.Text},
		{"text/html; charset=utf-8", m.HTML},
	} {
		if part.body == "" {
			continue
		}
		// Writes to a bytes.Buffer do not fail.
		w, _ := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.contentType},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		qp := quotedprintable.NewWriter(w)
		_, _ = qp.Write([]byte(part.body))
		_ = qp.Close()
	}
	_ = mw.Close()
	return b.Bytes()
}

// fold breaks a header line at spaces so that lines stay within the 78
// characters RFC 5322 recommends, and ends it with CRLF.
func fold(line string) string {
	const limit = 78
	var b strings.Builder
	for len(line) > limit {
		// The latest space that fits; it may be the one after "Name:", as
		// when a 75-character encoded-word comes first.
		i := strings.LastIndexByte(line[:limit], ' ')
		if i <= 0 {
			// No space early enough: break at the next one, if any.
			if i = strings.IndexByte(line[limit:], ' '); i < 0 {
				break
			}
			i += limit
		}
		b.WriteString(line[:i] + "\r\n")
		line = line[i:] // the space stays, as the continuation's indent
	}
	b.WriteString(line + "\r\n")
	return b.String()
}
