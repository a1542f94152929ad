package notice

import (
	"strings"
	"testing"

	"legit/contacts"
)

func TestAccessFor(t *testing.T) {
	prospect := noticeCases("en")[0].c
	a := AccessFor(testController, prospect)
	if a.Language != "en" || len(a.Sources) != 2 ||
		!strings.Contains(a.Sources[0], "a LinkedIn connections export made by Robin Maes on 13 Oct 2026") ||
		!strings.Contains(a.Sources[1], "a publicly accessible website") {
		t.Errorf("AccessFor(prospect) sources = %q", a.Sources)
	}
	for _, s := range a.Sources {
		if strings.Contains(s, "LinkedIn profile") {
			t.Errorf("source described as a profile: %q", s)
		}
	}
	if !strings.HasPrefix(a.Purpose, `Purpose: "Offering our route-planning`) || a.Recipients != "Recipients: our email provider, Example Mail GmbH (Berlin), as our processor." ||
		a.Transfers != "We do not transfer your data outside the European Economic Area." ||
		!strings.Contains(a.Rights, "objection at any time") || strings.Contains(a.Rights, "portability") ||
		!strings.Contains(a.Complaint, "For example: Data Protection Commission") || !strings.Contains(a.Retention, "180 days") ||
		!strings.Contains(a.Suppression, "keyed hash") || a.Automated == "" {
		t.Errorf("AccessFor(prospect) = %+v", a)
	}

	cons := noticeCases("pl")[2].c
	ctl := testController
	ctl.Transfers = "do USA"
	a = AccessFor(ctl, cons)
	if a.Language != "pl" || !strings.Contains(a.Rights, "przeniesienie danych") || !strings.Contains(a.Transfers, "do USA") ||
		!strings.Contains(a.Complaint, "Prezes Urzędu Ochrony Danych Osobowych") || !strings.HasPrefix(a.Sources[0], "Źródło danych:") {
		t.Errorf("AccessFor(pl consent) = %+v", a)
	}

	// Asked for access before any basis was recorded, by a French speaker
	// with no text of their own, and with an incomplete config: still answered.
	bare := contacts.Contact{Name: "Marie", Language: "fr", Country: "FR"}
	a = AccessFor(Controller{}, bare)
	if a.Language != "en" || a.Purpose != "" || len(a.Sources) != 0 || !strings.Contains(a.Complaint, "CNIL") {
		t.Errorf("AccessFor(bare) = %+v", a)
	}
}
