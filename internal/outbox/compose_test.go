package outbox

import (
	"bytes"
	"html"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/savivalda/savivalda/internal/institution"
)

func testInst() *institution.Institution {
	return &institution.Institution{ID: 3, Name: "Širvintų rajono savivaldybės administracija",
		Address: "Vilniaus g. 61, LT-19118 Širvintos", Phone: "+370 382 51 051", Email: "info@sirvintos.lt",
		Hosts: []string{"www.sirvintos.lt"}}
}

func TestComposeInTheRecipientsLanguage(t *testing.T) {
	tests := []struct {
		lang, wantLang string
		labels         []string
	}{
		{"lt", "lt", []string{"Adresas: ", "Tel.: ", "El. paštas: "}},
		{"en", "en", []string{"Address: ", "Phone: ", "Email: "}},
		{"", "lt", []string{"Adresas: "}},   // Lithuanian unless English was chosen
		{"de", "lt", []string{"Adresas: "}}, // a language the site does not speak
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			m := Compose(testInst(), tt.lang, Recipient{Address: "ona@example.lt"}, "Tema", []string{"Tekstas."}, nil)
			if m.Lang != tt.wantLang || !strings.Contains(m.HTML, `<html lang="`+tt.wantLang+`">`) {
				t.Errorf("language %q, HTML lang missing", m.Lang)
			}
			for _, l := range tt.labels {
				if !strings.Contains(m.Text, l) || !strings.Contains(m.HTML, l) {
					t.Errorf("label %q missing", l)
				}
			}
		})
	}
}

func TestComposeHTMLIsSafeAndSelfContained(t *testing.T) {
	m := Compose(testInst(), "lt", Recipient{Address: "ona@example.lt"}, "Tema <b>",
		[]string{`<script>alert(1)</script> & "kabutės"`},
		&Link{Text: "Atidaryti", URL: "javascript:alert(1)"})
	if strings.Contains(m.HTML, "<script>") || strings.Contains(m.HTML, "<b>") {
		t.Error("text was not escaped in HTML")
	}
	if strings.Contains(m.HTML, "javascript:") {
		t.Error("an unsafe link was kept")
	}
	for _, external := range []string{"<img", "<link", "src=", "<style", "url("} {
		if strings.Contains(m.HTML, external) {
			t.Errorf("HTML refers to an external resource or stylesheet: %q", external)
		}
	}
	if h := html.UnescapeString(m.HTML); !strings.Contains(h, `href="tel:+37038251051"`) || !strings.Contains(h, `href="mailto:info@sirvintos.lt"`) {
		t.Errorf("contacts are not links:\n%s", m.HTML)
	}
	if !strings.Contains(m.Text, `<script>alert(1)</script> & "kabutės"`) {
		t.Error("the plain text was altered")
	}
}

func TestMessageIDDomain(t *testing.T) {
	in := testInst()
	link := &Link{Text: "x", URL: "https://paslaugos.sirvintos.lt/a"}
	if got := Compose(in, "lt", Recipient{Address: "a@b.lt"}, "s", nil, link).Domain; got != "paslaugos.sirvintos.lt" {
		t.Errorf("with a link: %q, want the link's host", got)
	}
	if got := Compose(in, "lt", Recipient{Address: "a@b.lt"}, "s", nil, nil).Domain; got != "www.sirvintos.lt" {
		t.Errorf("without a link: %q, want the institution's host", got)
	}
	in.Hosts = nil
	if got := Compose(in, "lt", Recipient{Address: "a@b.lt"}, "s", nil, nil).Domain; got != "sirvintos.lt" {
		t.Errorf("without hosts: %q, want the domain of the institution's email", got)
	}
	if id := newMessageID("bad domain>"); !strings.HasSuffix(id, "@localhost>") {
		t.Errorf("a bad domain went into %q", id)
	}
}

func TestBytesHeaders(t *testing.T) {
	long := "Primename: Jūsų prašymo dėl žemės sklypo Čiobiškio seniūnijoje atsakymo terminas baigiasi rytoj, " +
		"prašome peržiūrėti pridėtus dokumentus ir pateikti trūkstamą informaciją"
	m := Compose(testInst(), "lt", Recipient{Address: "ona@example.lt", Name: "Ona \"Žukauskienė\"\r\nBcc: x@y.lt"}, long, []string{"Tekstas."}, nil)
	m.MessageID = "<abc@www.sirvintos.lt>"
	m.CreatedAt = time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC)
	raw := m.Bytes("noreply@sirvintos.lt")
	if !bytes.Equal(raw, m.Bytes("noreply@sirvintos.lt")) {
		t.Error("building twice gives different bytes; attempts would differ")
	}
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	for _, line := range strings.Split(string(head), "\r\n") {
		if len(line) > 78 {
			t.Errorf("header line of %d characters: %q", len(line), line)
		}
		if strings.HasPrefix(line, "Bcc:") {
			t.Error("a display name injected a header")
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil || subject != long {
		t.Errorf("folded subject decodes to %q (%v)", subject, err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || to[0].Name != `Ona "Žukauskienė" Bcc: x@y.lt` {
		t.Errorf("To: %v %v", to, err)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(m.CreatedAt) {
		t.Errorf("Date %v (%v), want when the message was enqueued", d, err)
	}
}
