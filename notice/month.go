package notice

import "time"

// MonthAfter returns the calendar date (midnight UTC) on which a period of
// one month that runs from t's date ends: the same date in the following
// month, or that month's last day when the date does not exist there
// (31 Jan 2026 → 28 Feb 2026, 30 Jan 2028 → 29 Feb 2028, 15 Feb → 15 Mar).
//
// This is the rule of Regulation (EEC, Euratom) No 1182/71, Art. 3(2)(c): a
// period expressed in months ends with the last hour of the day in the last
// month that falls on the same date as the day from which the period runs,
// or, if that day does not occur in the last month, with the last hour of
// that month's last day. The one month of Art. 12(3) GDPR (answering a
// rights request) and of Art. 14(3)(a) GDPR (giving the notice) are periods
// of this kind; both use this function. The period runs to the end of the
// returned day.
//
// Art. 3(4) of the same Regulation moves the end of a period that falls on
// a Saturday, Sunday or public holiday to the next working day. MonthAfter
// deliberately does not: public holidays differ per member state, and an
// earlier due date is always safe.
func MonthAfter(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	next := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC) // normalised: December rolls into January
	if last := daysIn(next.Year(), next.Month()); d > last {
		d = last
	}
	return time.Date(next.Year(), next.Month(), d, 0, 0, 0, 0, time.UTC)
}

// daysIn is the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
