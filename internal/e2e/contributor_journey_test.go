package e2e_test

import (
	"context"
	"strings"
	"testing"

	"github.com/savivalda/savivalda/internal/app/apptest"
	"github.com/savivalda/savivalda/internal/browsertest"
)

// Issue 17's "done means" for a contributor (WEB-20, WEB-21): they paste a
// text formatted in a word processor, hand it in, and are told by email
// when it is returned (with the reason) and when it is published.
func TestContributorPastesSubmitsAndIsTold(t *testing.T) {
	e := apptest.New(t, "sqlite")
	const title = "Seniūnijos paslaugos"
	b := browsertest.Start(t)
	b.BaseURL = e.Server.URL
	logIn(t, b, "contributora@savivaldybe.lt")
	newPageForm(b, title)
	b.Eval(`document.querySelector(".sv-editor__content").focus()`, nil)
	paste(b, wordClipboard)
	b.ClickButton("Išsaugoti")
	b.ClickButton("Pateikti peržiūrai")
	if got := b.Text("main"); !strings.Contains(got, "Peržiūrės") {
		t.Errorf("the overview does not say who will review it:\n%s", got)
	}

	editor := b.Fresh()
	logIn(t, editor, "editora@savivaldybe.lt")
	var overview string
	b.Eval(`location.pathname`, &overview)
	editor.Navigate("/admin?sarasas=perziurai")
	if !strings.Contains(editor.Text(".sv-table"), title) {
		t.Fatalf("the editor's review list lacks the page:\n%s", editor.Text("main"))
	}
	editor.Navigate(overview)
	editor.Fill("reason", "Nurodykite seniūnijos darbo laiką šeštadieniais.")
	editor.ClickButton("Grąžinti autoriui")
	mail := mailTo(t, e, "contributora@savivaldybe.lt")
	if len(mail) != 1 || !strings.Contains(mail[0], "Nurodykite seniūnijos darbo laiką šeštadieniais.") || !strings.Contains(mail[0], e.Server.URL+"/admin/pages/") {
		t.Fatalf("after the return the author has %d mails, want one with the reason and an absolute link:\n%s", len(mail), strings.Join(mail, "\n---\n"))
	}

	b.Navigate("/admin/mano-pateikti")
	if got := b.Text("main"); !strings.Contains(got, title) || !strings.Contains(got, "šeštadieniais") {
		t.Errorf("Mano pateikti does not show the returned item with its reason:\n%s", got)
	}
	b.Navigate(overview)
	b.ClickButton("Pateikti peržiūrai")
	editor.Navigate(overview)
	editor.ClickButton("Paskelbti")
	mail = mailTo(t, e, "contributora@savivaldybe.lt")
	if len(mail) != 2 || !strings.Contains(mail[1], title) {
		t.Fatalf("after publishing the author has %d mails, want the publication notice too:\n%s", len(mail), strings.Join(mail, "\n---\n"))
	}
	visitor := b.Fresh()
	visitor.Navigate("/veiklos-sritys/seniunijos-paslaugos")
	if got := count(visitor, "main table tr"); got != 2 {
		t.Errorf("the published page's pasted table has %d rows, want 2", got)
	}
}

// mailTo is the subject and text of every message queued for address.
func mailTo(t *testing.T, e *apptest.Env, address string) []string {
	t.Helper()
	rows, err := e.DB.QueryContext(context.Background(), `SELECT subject, text_body FROM outbox_messages WHERE to_address = ? ORDER BY id`, address)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var subject, text string
		if err := rows.Scan(&subject, &text); err != nil {
			t.Fatal(err)
		}
		out = append(out, subject+"\n"+text)
	}
	return out
}
