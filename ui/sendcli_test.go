package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"legit/contacts"
	"legit/outreach"
)

// dryRunReport builds a real message to Marie with a subject and body that
// need encoding, as `legit send --dry-run` would report it.
func dryRunReport(t *testing.T) SendReport {
	t.Helper()
	b := outreach.Builder{From: outreach.Identity{Name: "Robin Maes", Email: "robin.maes@northwind.example"},
		Footer: func(contacts.Contact, bool, bool) (string, error) {
			return "Privacy notice: https://northwind.example/privacy · reply STOP to hear no more.", nil
		}}
	c := contacts.Contact{Name: "Marie Dubois", Email: "marie.dubois@atelier-lumiere.example"}
	d := outreach.Draft{To: []string{c.Email}, Subject: "Route planning für Lumière",
		Body: "Hello Marie — would a short call next week make sense? " + strings.Repeat("Routes ", 12)}
	built, err := b.Build(c, d, outreach.Verdict{}, testNow, "")
	if err != nil {
		t.Fatal(err)
	}
	return SendReport{DryRun: true, Built: &built}
}

func TestDryRunPrintsTheMessageAsRead(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	if err := PrintSend(&out, dryRunReport(t), false); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"Subject: Route planning für Lumière", "To: Marie Dubois <marie.dubois@atelier-lumiere.example>",
		"Hello Marie — would a short call", "Privacy notice: https://northwind.example/privacy · reply STOP"} {
		if !strings.Contains(text, want) {
			t.Errorf("dry run lacks %q:\n%s", want, text)
		}
	}
	for _, raw := range []string{"=?utf-8?", "=E2=80=94", "quoted-printable", "=\n"} {
		if strings.Contains(text, raw) {
			t.Errorf("dry run shows encoded text %q:\n%s", raw, text)
		}
	}
}

func TestDryRunJSONKeepsTheRawMessage(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	if err := PrintSend(&out, dryRunReport(t), true); err != nil {
		t.Fatal(err)
	}
	var j struct {
		DryRun bool   `json:"dry_run"`
		Raw    string `json:"raw"`
	}
	if err := json.Unmarshal([]byte(out.String()), &j); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if !j.DryRun || !strings.Contains(j.Raw, "Content-Transfer-Encoding: quoted-printable") || !strings.Contains(j.Raw, "\r\n") {
		t.Errorf("--json raw = %q, want the message as it goes out, CRLF and all", j.Raw)
	}
}
