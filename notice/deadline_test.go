package notice

import (
	"testing"
	"time"

	"legit/contacts"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDeadlineAt(t *testing.T) {
	informed := day("2026-11-02 09:00")
	tests := []struct {
		name      string
		clock     Clock
		now       string
		state     State
		daysLeft  int
		due       string
		legalDue  string
		legalLeft int
	}{
		{"fresh", Clock{Obtained: day("2026-11-01 10:00")}, "2026-11-01 23:59", OK, 30, "2026-12-01", "2026-12-01", 30},
		{"eight days left", Clock{Obtained: day("2026-11-01 10:00")}, "2026-11-23 08:00", OK, 8, "2026-12-01", "2026-12-01", 8},
		{"seven days left warns", Clock{Obtained: day("2026-11-01 10:00")}, "2026-11-24 08:00", DueSoon, 7, "2026-12-01", "2026-12-01", 7},
		{"due today", Clock{Obtained: day("2026-11-01 10:00")}, "2026-12-01 23:00", DueSoon, 0, "2026-12-01", "2026-12-01", 0},
		{"one day late", Clock{Obtained: day("2026-11-01 10:00")}, "2026-12-02 00:01", Overdue, -1, "2026-12-01", "2026-12-01", -1},
		{"31 Jan is due 28 Feb, not 2 Mar", Clock{Obtained: day("2026-01-31 10:00")}, "2026-02-28 12:00", DueSoon, 0, "2026-02-28", "2026-02-28", 0},
		{"31 Jan is overdue on 1 Mar", Clock{Obtained: day("2026-01-31 10:00")}, "2026-03-01 12:00", Overdue, -1, "2026-02-28", "2026-02-28", -1},
		{"a 31-day month gives 31 days", Clock{Obtained: day("2026-12-01 10:00")}, "2026-12-01 12:00", OK, 31, "2027-01-01", "2027-01-01", 31},
		{"informed stays informed", Clock{Obtained: day("2026-11-01 10:00"), InformedAt: &informed}, "2027-03-01 00:00", Informed, -90, "2026-12-01", "2026-12-01", -90},
		{"handed over is due at once", Clock{Obtained: day("2026-11-20 10:00"), HandedOver: true}, "2026-11-20 18:00", DueSoon, 0, "2026-11-20", "2026-11-20", 0},
		{"handed over, next day overdue", Clock{Obtained: day("2026-11-20 10:00"), HandedOver: true}, "2026-11-21 08:00", Overdue, -1, "2026-11-20", "2026-11-20", -1},
		{"shorter reminder shows due earlier", Clock{Obtained: day("2026-11-01 10:00"), Days: 14}, "2026-11-16 08:00", Overdue, -1, "2026-11-15", "2026-12-01", 15},
		{"reminder never longer than the month", Clock{Obtained: day("2026-01-31 10:00"), Days: 30}, "2026-02-20 08:00", OK, 8, "2026-02-28", "2026-02-28", 8},
		{"reminder equal to the month", Clock{Obtained: day("2026-11-01 10:00"), Days: 30}, "2026-11-30 08:00", DueSoon, 1, "2026-12-01", "2026-12-01", 1},
		{"reminder on a business card changes nothing", Clock{Obtained: day("2026-11-20 10:00"), HandedOver: true, Days: 7}, "2026-11-20 18:00", DueSoon, 0, "2026-11-20", "2026-11-20", 0},
		{"no obtained date", Clock{}, "2026-11-16 08:00", NoSource, 0, "0001-01-01", "0001-01-01", 0},
		{"time zone does not shift the day", Clock{Obtained: day("2026-11-01 23:30").In(time.FixedZone("CET", 3600))}, "2026-12-01 12:00", DueSoon, 0, "2026-12-01", "2026-12-01", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := DeadlineAt(tc.clock, day(tc.now))
			if got.State != tc.state || got.DaysLeft != tc.daysLeft || got.Due.Format("2006-01-02") != tc.due ||
				got.LegalDue.Format("2006-01-02") != tc.legalDue || got.LegalDaysLeft != tc.legalLeft {
				t.Errorf("DeadlineAt() = %v, %d days, due %s, legal %s (%d); want %v, %d, %s, %s (%d)",
					got.State, got.DaysLeft, got.Due.Format("2006-01-02"), got.LegalDue.Format("2006-01-02"), got.LegalDaysLeft,
					tc.state, tc.daysLeft, tc.due, tc.legalDue, tc.legalLeft)
			}
		})
	}
}

func TestPastLegalDue(t *testing.T) {
	informed := day("2026-11-02 09:00")
	obtained := day("2026-11-01 10:00")
	tests := []struct {
		name  string
		clock Clock
		now   string
		want  bool
	}{
		{"within the month", Clock{Obtained: obtained}, "2026-12-01 12:00", false},
		{"past the month", Clock{Obtained: obtained}, "2026-12-02 12:00", true},
		{"past the reminder only", Clock{Obtained: obtained, Days: 7}, "2026-11-20 12:00", false},
		{"past both", Clock{Obtained: obtained, Days: 7}, "2026-12-02 12:00", true},
		{"informed", Clock{Obtained: obtained, InformedAt: &informed}, "2027-01-01 12:00", false},
		{"no source", Clock{}, "2027-01-01 12:00", false},
	}
	for _, tt := range tests {
		if got := DeadlineAt(tt.clock, day(tt.now)).PastLegalDue(); got != tt.want {
			t.Errorf("%s: PastLegalDue() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestClockFor(t *testing.T) {
	informed := day("2026-11-25 09:00")
	li := contacts.Source{Kind: contacts.LinkedIn, ObtainedAt: day("2026-10-10 09:00")}
	card := contacts.Source{Kind: contacts.BusinessCard, ObtainedAt: day("2026-11-20 09:00")}
	web := contacts.Source{Kind: contacts.Website, ObtainedAt: day("2026-09-05 09:00")}
	recent := contacts.Source{Kind: contacts.LinkedIn, ObtainedAt: day("2026-11-01 09:00")}
	tests := []struct {
		name     string
		c        contacts.Contact
		obtained string
		handed   bool
	}{
		{"one LinkedIn source", contacts.Contact{Sources: []contacts.Source{li}}, "2026-10-10 09:00", false},
		{"the earliest month wins", contacts.Contact{Sources: []contacts.Source{li, web}}, "2026-09-05 09:00", false},
		{"a card is due at once, before a later month end", contacts.Contact{Sources: []contacts.Source{recent, card}}, "2026-11-20 09:00", true},
		{"a month ending before the card", contacts.Contact{Sources: []contacts.Source{li, card}}, "2026-10-10 09:00", false},
		{"undated sources are skipped", contacts.Contact{Sources: []contacts.Source{{Kind: contacts.Manual}, li}}, "2026-10-10 09:00", false},
		{"informed is kept", contacts.Contact{Sources: []contacts.Source{li}, InformedAt: &informed}, "2026-10-10 09:00", false},
	}
	for _, tt := range tests {
		got := ClockFor(tt.c, 12)
		if got.Obtained.Format("2006-01-02 15:04") != tt.obtained || got.HandedOver != tt.handed || got.Days != 12 || got.InformedAt != tt.c.InformedAt {
			t.Errorf("%s: ClockFor() = %+v, want obtained %s, handed over %v", tt.name, got, tt.obtained, tt.handed)
		}
	}
	if got := ClockFor(contacts.Contact{}, 0); !got.Obtained.IsZero() || DeadlineAt(got, informed).State != NoSource {
		t.Errorf("ClockFor(no source) = %+v, want no clock", got)
	}
}
