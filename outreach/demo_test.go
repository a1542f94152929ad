package outreach

import (
	"testing"
	"time"

	"legit/contacts"
)

// TestDemoRepliesShowEveryQueue: the demo inbox must fill the replies, the
// request queue and the consent queue, from the demo's own contacts (and one
// stranger).
func TestDemoRepliesShowEveryQueue(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	known := map[string]bool{}
	for _, c := range contacts.Demo(now, "Robin Maes") {
		known[c.Email] = true
	}
	want := []contacts.ReplyClass{contacts.ReplyOptOut, contacts.ReplyErasure, contacts.ReplyConsent,
		contacts.ReplyAccess, contacts.ReplyOther, contacts.ReplyOther}
	items := DemoReplies(now)
	if len(items) != len(want) {
		t.Fatalf("%d demo replies, want %d", len(items), len(want))
	}
	strangers := 0
	for i, it := range items {
		if it.Class != want[i] {
			t.Errorf("reply %d (%q) classified %s, want %s", i+1, it.Snippet, it.Class, want[i])
		}
		if !known[it.From] {
			strangers++
		}
		if it.UID != uint32(i+1) || !it.Date.Before(now) {
			t.Errorf("reply %d: UID %d at %v, want UID %d before now", i+1, it.UID, it.Date, i+1)
		}
	}
	if strangers != 1 {
		t.Errorf("%d replies from outside the demo contacts, want 1", strangers)
	}
}

// TestDemoKeepsTheCountryRules: a demo contact whose recorded basis its
// country does not allow would show the rules broken. Only the dormant
// customer (who needs a fresh basis anyway) and people who opted out or
// objected (never written to again) may have one; nobody who opted out holds
// an active consent.
func TestDemoKeepsTheCountryRules(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for _, c := range contacts.Demo(now, "Robin Maes") {
		if _, ok := c.ActiveConsent(contacts.ConsentMarketing); ok && c.Status != contacts.Active {
			t.Errorf("%s is %s but holds an active consent to marketing", c.Name, c.Status)
		}
		if !c.Basis.Recorded() || c.Relationship == contacts.Dormant || c.Status != contacts.Active {
			continue
		}
		if why := BasisRefused(c.Country, c.LegalForm, c.Basis.Kind); why != "" {
			t.Errorf("%s (%s) has a %s basis: %s", c.Name, c.Country, c.Basis.Kind, why)
		}
		if c.Basis.Kind == contacts.ConsentBasis {
			if _, ok := c.ActiveConsent(contacts.ConsentMarketing); !ok {
				t.Errorf("%s has consent as basis but no consent to marketing recorded", c.Name)
			}
		}
	}
}
