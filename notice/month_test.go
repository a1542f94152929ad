package notice

import (
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestMonthAfter(t *testing.T) {
	tests := []struct {
		from, want time.Time
	}{
		// Every month end of 2026 (not a leap year), and the year end.
		{date(2026, 1, 31), date(2026, 2, 28)},
		{date(2026, 2, 28), date(2026, 3, 28)},
		{date(2026, 3, 31), date(2026, 4, 30)},
		{date(2026, 4, 30), date(2026, 5, 30)},
		{date(2026, 5, 31), date(2026, 6, 30)},
		{date(2026, 6, 30), date(2026, 7, 30)},
		{date(2026, 7, 31), date(2026, 8, 31)},
		{date(2026, 8, 31), date(2026, 9, 30)},
		{date(2026, 9, 30), date(2026, 10, 30)},
		{date(2026, 10, 31), date(2026, 11, 30)},
		{date(2026, 11, 30), date(2026, 12, 30)},
		{date(2026, 12, 31), date(2027, 1, 31)},
		// The middle of a month keeps its date.
		{date(2026, 2, 15), date(2026, 3, 15)},
		{date(2026, 12, 15), date(2027, 1, 15)},
		// Leap years: 2024 and 2028 are, 2100 is not (divisible by 100), 2000 is (by 400).
		{date(2024, 1, 31), date(2024, 2, 29)},
		{date(2024, 1, 29), date(2024, 2, 29)},
		{date(2024, 2, 29), date(2024, 3, 29)},
		{date(2028, 1, 30), date(2028, 2, 29)},
		{date(2028, 1, 31), date(2028, 2, 29)},
		{date(2100, 1, 29), date(2100, 2, 28)},
		{date(2100, 1, 31), date(2100, 2, 28)},
		{date(2000, 1, 31), date(2000, 2, 29)},
		{date(2000, 1, 30), date(2000, 2, 29)},
		{date(1999, 12, 31), date(2000, 1, 31)},
		// The time of day and the zone do not matter: the UTC date does.
		{time.Date(2026, 1, 31, 23, 59, 0, 0, time.UTC), date(2026, 2, 28)},
		{time.Date(2026, 1, 31, 23, 30, 0, 0, time.FixedZone("UTC-2", -2*3600)), date(2026, 3, 1)},
	}
	for _, tt := range tests {
		if got := MonthAfter(tt.from); !got.Equal(tt.want) {
			t.Errorf("MonthAfter(%s) = %s, want %s", tt.from.Format(time.RFC3339), got.Format("2006-01-02"), tt.want.Format("2006-01-02"))
		}
	}
}

// TestMonthAfterEveryDay checks the rule of Regulation 1182/71 Art. 3(2)(c)
// on every day from 1999 to 2101: the result is in the next month, on the
// same date or, where that date does not exist, on the month's last day.
func TestMonthAfterEveryDay(t *testing.T) {
	for d := date(1999, 1, 1); d.Before(date(2102, 1, 1)); d = d.AddDate(0, 0, 1) {
		got := MonthAfter(d)
		wantMonth := d.Month()%12 + 1
		if got.Month() != wantMonth {
			t.Fatalf("MonthAfter(%s) = %s: not in the next month", d.Format("2006-01-02"), got.Format("2006-01-02"))
		}
		last := daysIn(got.Year(), got.Month())
		want := min(d.Day(), last)
		if got.Day() != want || got.Hour() != 0 || got.Location() != time.UTC {
			t.Fatalf("MonthAfter(%s) = %s, want day %d", d.Format("2006-01-02"), got.Format(time.RFC3339), want)
		}
		if days := int(got.Sub(d).Hours() / 24); days < 28 || days > 31 {
			t.Fatalf("MonthAfter(%s) is %d days later", d.Format("2006-01-02"), days)
		}
	}
}
