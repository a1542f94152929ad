package notice

import (
	"testing"
	"time"
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
		name     string
		clock    Clock
		now      string
		state    State
		daysLeft int
		due      string
	}{
		{"fresh", Clock{Obtained: day("2026-11-01 10:00")}, "2026-11-01 23:59", OK, 30, "2026-12-01"},
		{"eight days left", Clock{Obtained: day("2026-11-01 10:00")}, "2026-11-23 08:00", OK, 8, "2026-12-01"},
		{"seven days left warns", Clock{Obtained: day("2026-11-01 10:00")}, "2026-11-24 08:00", DueSoon, 7, "2026-12-01"},
		{"due today", Clock{Obtained: day("2026-11-01 10:00")}, "2026-12-01 23:00", DueSoon, 0, "2026-12-01"},
		{"one day late", Clock{Obtained: day("2026-11-01 10:00")}, "2026-12-02 00:01", Overdue, -1, "2026-12-01"},
		{"informed stays informed", Clock{Obtained: day("2026-11-01 10:00"), InformedAt: &informed}, "2027-03-01 00:00", Informed, -90, "2026-12-01"},
		{"handed over is due at once", Clock{Obtained: day("2026-11-20 10:00"), HandedOver: true}, "2026-11-20 18:00", DueSoon, 0, "2026-11-20"},
		{"handed over, next day overdue", Clock{Obtained: day("2026-11-20 10:00"), HandedOver: true}, "2026-11-21 08:00", Overdue, -1, "2026-11-20"},
		{"shorter configured deadline", Clock{Obtained: day("2026-11-01 10:00"), Days: 14}, "2026-11-16 08:00", Overdue, -1, "2026-11-15"},
		{"no obtained date", Clock{}, "2026-11-16 08:00", NoSource, 0, "0001-01-01"},
		{"time zone does not shift the day", Clock{Obtained: day("2026-11-01 23:30").In(time.FixedZone("CET", 3600))}, "2026-12-01 12:00", DueSoon, 0, "2026-12-01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := DeadlineAt(tc.clock, day(tc.now))
			if got.State != tc.state || got.DaysLeft != tc.daysLeft || got.Due.Format("2006-01-02") != tc.due {
				t.Errorf("DeadlineAt() = %v, %d days, due %s; want %v, %d, %s",
					got.State, got.DaysLeft, got.Due.Format("2006-01-02"), tc.state, tc.daysLeft, tc.due)
			}
		})
	}
}
