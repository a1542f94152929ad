package notice

import (
	"testing"
	"time"
)

func TestGroupOf(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	informed := now.AddDate(0, 0, -1)
	tests := []struct {
		name string
		c    Clock
		want Group
		left int
	}{
		{"obtained today", Clock{Obtained: now}, GroupLater, 30},
		{"8 days left", Clock{Obtained: date(2026, 11, 1)}, GroupLater, 8},
		{"7 days left", Clock{Obtained: date(2026, 10, 31)}, GroupThisWeek, 7},
		{"due today", Clock{Obtained: date(2026, 10, 23)}, GroupThisWeek, 0},
		{"one day late", Clock{Obtained: date(2026, 10, 22)}, GroupOverdue, -1},
		{"late but informed", Clock{Obtained: date(2026, 10, 13), InformedAt: &informed}, GroupInformed, -10},
		{"business card yesterday", Clock{Obtained: now.AddDate(0, 0, -1), HandedOver: true}, GroupOverdue, -1},
		{"business card today", Clock{Obtained: now, HandedOver: true}, GroupThisWeek, 0},
		{"past a shorter reminder", Clock{Obtained: now.AddDate(0, 0, -15), Days: 14}, GroupOverdue, -1},
		{"no source", Clock{}, GroupLater, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DeadlineAt(tt.c, now)
			if got := GroupOf(d); got != tt.want || d.DaysLeft != tt.left {
				t.Errorf("GroupOf = %v with %d days left, want %v with %d", got, d.DaysLeft, tt.want, tt.left)
			}
		})
	}
}
