package ui

import (
	"fmt"
	"strings"
	"time"

	"legit/contacts"
	"legit/notice"
	"legit/outreach"
)

// Row is a contact as the lists show it: the contact and its deadline today.
type Row struct {
	Contact  contacts.Contact
	Deadline notice.Deadline
	// NeedsBasis is outreach.NeedsBasis: no basis the rep may rely on.
	NeedsBasis bool
}

// Rows computes each contact's notice deadline as of now.
func Rows(list []contacts.Contact, now time.Time, deadlineDays int) []Row {
	rows := make([]Row, len(list))
	for i, c := range list {
		rows[i] = Row{Contact: c, Deadline: deadlineOf(c, now, deadlineDays), NeedsBasis: outreach.NeedsBasis(c, now)}
	}
	return rows
}

// deadlineOf runs the notice clock for one contact.
func deadlineOf(c contacts.Contact, now time.Time, days int) notice.Deadline {
	return notice.DeadlineAt(notice.ClockFor(c, days), now)
}

// Filter picks a subset of contacts, as the list's tabs and --filter do.
type Filter int

// The filters, in tab order.
const (
	FilterAll Filter = iota
	FilterNeedsBasis
	FilterDueSoon
	FilterOverdue
	FilterSuppressed
)

var filterNames = []struct{ flag, tab string }{
	{"all", "All"},
	{"needs-basis", "Needs basis"},
	{"due-soon", "Due soon"},
	{"overdue", "Overdue"},
	{"suppressed", "Suppressed"},
}

// ParseFilter reads a --filter value.
func ParseFilter(s string) (Filter, error) {
	for i, n := range filterNames {
		if n.flag == s {
			return Filter(i), nil
		}
	}
	return 0, fmt.Errorf("unknown filter %q: use all, needs-basis, due-soon, overdue or suppressed", s)
}

// String is the filter's --filter name.
func (f Filter) String() string { return filterNames[f].flag }

// Match reports whether r belongs in f.
func (f Filter) Match(r Row) bool {
	switch f {
	case FilterNeedsBasis:
		return r.NeedsBasis && !r.Contact.Stopped()
	case FilterDueSoon:
		return r.Deadline.State == notice.DueSoon
	case FilterOverdue:
		return r.Deadline.State == notice.Overdue
	case FilterSuppressed:
		return r.Contact.Stopped()
	default:
		return true
	}
}

// FilterRows keeps the rows in f whose name, company, position or address
// contains text, case and accents aside (contacts.Fold; empty text keeps
// all). The lists ask the store instead (listQuery); this is the same rule
// over rows in memory, which the store's answers must match
// (TestListAgreesWithGo).
func FilterRows(rows []Row, f Filter, text string) []Row {
	text = contacts.Fold(text)
	var out []Row
	for _, r := range rows {
		if !f.Match(r) {
			continue
		}
		if text != "" {
			c := &r.Contact
			if !strings.Contains(contacts.SearchText(c.Name, c.Company, c.Position, c.Email), text) {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// deadlineText says where a contact stands against the notice deadline.
func deadlineText(d notice.Deadline) string {
	switch d.State {
	case notice.Informed:
		return "informed"
	case notice.NoSource:
		return "no source"
	case notice.Overdue:
		return fmt.Sprintf("%dd late", -d.DaysLeft)
	}
	if d.DaysLeft == 0 {
		return "due today"
	}
	return fmt.Sprintf("%dd left", d.DaysLeft)
}

// statusText is the contact's status in words.
func statusText(c contacts.Contact) string {
	switch {
	case c.Status == contacts.OptedOut:
		return "opted out"
	case c.Status == contacts.Objected:
		return "objected"
	case c.Status == contacts.Undeliverable:
		return "bounced"
	case c.Suppressed:
		return "suppressed"
	case !c.Emailable():
		return "no email"
	case c.Relationship == contacts.Dormant:
		return "dormant"
	case c.Relationship == contacts.Customer:
		return "customer"
	default:
		return "prospect"
	}
}

// sourceText is the first source's kind in words.
func sourceText(c contacts.Contact) string {
	if !c.HasSource() {
		return "none"
	}
	return strings.ReplaceAll(string(c.FirstSource().Kind), "_", " ")
}

// yesNo renders a boolean as the lists show it.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// refusedFor says why a basis of kind k could never let the rep email c at
// its address in its country, or "" (outreach.ContactBasisRefused).
func refusedFor(c contacts.Contact, k contacts.BasisKind) string {
	c.Basis.Kind = k
	return outreach.ContactBasisRefused(c)
}
