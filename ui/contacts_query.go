package ui

import (
	"time"

	"legit/contacts"
	"legit/notice"
	"legit/outreach"
	"legit/store"
)

// listRule is outreach's needs-basis rule as the store keeps its facts.
var listRule = store.ListRule{Version: outreach.NeedsBasisVersion(), Facts: func(c contacts.Contact) store.ListFacts {
	always, lapses := outreach.NeedsBasisFacts(c)
	return store.ListFacts{NeedsBasis: always, BasisLapses: lapses}
}}

// listQuery is the store's query for tab f and text as of now.
func listQuery(f Filter, text string, now time.Time, deadlineDays int) store.ListQuery {
	return store.ListQuery{Rule: listRule, Tab: store.ListTab(f), Text: text, Today: now, ReminderDays: deadlineDays}
}

// rowOf is a listed contact as the lists show it: the deadline worked out
// by notice, and the basis by the facts the store kept under outreach's
// rule (listRule), as Rows works them out from the whole contact.
func rowOf(r store.ListRow, now time.Time, deadlineDays int) Row {
	clock := r.Clock
	clock.Days = deadlineDays
	return Row{Contact: r.Contact, Deadline: notice.DeadlineAt(clock, now), NeedsBasis: r.NeedsBasis(now)}
}
