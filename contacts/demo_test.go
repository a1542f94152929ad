package contacts

import (
	"testing"
	"time"
)

func TestDemoCoversEveryState(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	list := Demo(now, "Robin")
	if len(list) < 35 || len(list) > 45 {
		t.Errorf("Demo() has %d contacts, want about 40", len(list))
	}
	seen := map[string]int{}
	emails := map[string]bool{}
	for _, c := range list {
		if c.Email != "" {
			if emails[MatchKey(c.Email)] {
				t.Errorf("demo address %s appears twice", c.Email)
			}
			emails[MatchKey(c.Email)] = true
			if _, err := NormalizeAddress(c.Email); err != nil {
				t.Errorf("demo address %s: %v", c.Email, err)
			}
		}
		if !c.HasSource() {
			t.Errorf("%s has no source", c.Name)
		}
		switch {
		case c.Email == "":
			seen["no address"]++
		case c.Status != Active:
			seen["suppressed"]++
		case c.Relationship == Dormant:
			seen["dormant"]++
		case c.Relationship == Customer:
			seen["customer"]++
		case !c.Basis.Recorded():
			seen["no basis"]++
		case c.InformedAt != nil:
			seen["informed"]++
		}
		if _, ok := c.ActiveConsent(ConsentTracking); ok {
			seen["tracking consent"]++
		}
		age := int(now.Sub(c.FirstSource().ObtainedAt).Hours() / 24)
		if c.InformedAt == nil && age > 30 {
			seen["overdue"]++
		}
		if c.InformedAt == nil && age >= 23 && age <= 30 {
			seen["due soon"]++
		}
		if c.FirstSource().Kind.HandedOver() {
			seen["business card"]++
		}
	}
	for _, state := range []string{"no address", "suppressed", "dormant", "customer", "no basis", "informed", "tracking consent", "overdue", "due soon", "business card"} {
		if seen[state] == 0 {
			t.Errorf("Demo() has no contact that is %s", state)
		}
	}
}
