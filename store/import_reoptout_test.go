package store

import (
	"context"
	"testing"

	"legit/contacts"
)

// TestImportSkippedOptOutLogsNothingNew: a contact who opted out (address
// on the list) meets a later file by name and company, as a LinkedIn row
// without an address does. The row is skipped and only counted: no second
// suppression event, which the team report would count as a second opt-out.
func TestImportSkippedOptOutLogsNothingNew(t *testing.T) {
	ctx := context.Background()
	s, rep := openImportStore(t)
	card := []contacts.ImportRow{{Line: 2, Name: "Anna Müller", Company: "Kraftwerk Logistik GmbH", Email: "anna.mueller@kraftwerk.example"}}
	if _, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatVCard}, rep, contacts.BusinessCard), card, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordOptOut(ctx, OptOut{Email: "anna.mueller@kraftwerk.example", Reason: ReasonOptOut, Via: "phone", Rep: rep.Name}); err != nil {
		t.Fatal(err)
	}
	before := dbCounts(t, s)
	row := []contacts.ImportRow{{Line: 5, Name: "Anna Müller", Company: "Kraftwerk Logistik GmbH"}}
	for i := range 2 {
		res, err := s.Import(ctx, batchFor(contacts.Parsed{Format: contacts.FormatLinkedIn}, rep, contacts.LinkedIn), row, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Suppressed != 1 {
			t.Errorf("import %d: %+v, want Anna skipped as suppressed", i+1, res)
		}
	}
	after := dbCounts(t, s)
	if got := after["events"] - before["events"]; got != 2 {
		t.Errorf("two imports added %d events, want 2 (the imports only, no new suppression)", got)
	}
	if after["suppressions"] != before["suppressions"] {
		t.Errorf("suppressions %d, then %d; want the list unchanged", before["suppressions"], after["suppressions"])
	}
}
