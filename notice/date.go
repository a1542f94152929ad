package notice

import (
	"strconv"
	"time"
)

// FormatDate writes t's calendar date (UTC) the way lang writes dates, with
// the month named: "5 Nov 2026", "5. Nov. 2026".
func FormatDate(lang string, t time.Time) string {
	y, m, d := t.UTC().Date()
	return T(lang, "date", map[string]string{
		"day": strconv.Itoa(d), "month": T(lang, "month_"+strconv.Itoa(int(m)), nil), "year": strconv.Itoa(y),
	})
}
