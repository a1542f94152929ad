package ui

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"legit/contacts"
	"legit/notice"
)

// DeadlineGroups is the contacts not yet informed, by how soon the notice is
// due, each group most urgent first. Informed contacts are only counted.
type DeadlineGroups struct {
	Overdue  []Row
	ThisWeek []Row
	Later    []Row
	Informed int
}

// GroupDeadlines sorts rows into their deadline groups. Its Overdue group
// holds exactly the rows of FilterOverdue, so `legit deadlines` and
// `legit contacts --filter overdue` agree.
func GroupDeadlines(rows []Row) DeadlineGroups {
	var g DeadlineGroups
	for _, r := range rows {
		switch notice.GroupOf(r.Deadline) {
		case notice.GroupOverdue:
			g.Overdue = append(g.Overdue, r)
		case notice.GroupThisWeek:
			g.ThisWeek = append(g.ThisWeek, r)
		case notice.GroupLater:
			g.Later = append(g.Later, r)
		default:
			g.Informed++
		}
	}
	for _, list := range [][]Row{g.Overdue, g.ThisWeek, g.Later} {
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i].Deadline, list[j].Deadline
			if (a.State == notice.NoSource) != (b.State == notice.NoSource) {
				return b.State == notice.NoSource
			}
			return a.DaysLeft < b.DaysLeft
		})
	}
	return g
}

// groups returns the three listed groups with their names, in order.
func (g DeadlineGroups) groups() []struct {
	group notice.Group
	rows  []Row
} {
	return []struct {
		group notice.Group
		rows  []Row
	}{{notice.GroupOverdue, g.Overdue}, {notice.GroupThisWeek, g.ThisWeek}, {notice.GroupLater, g.Later}}
}

// deadlineJSON is one contact as `legit deadlines --json` prints it.
type deadlineJSON struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Email      string `json:"email,omitempty"`
	Company    string `json:"company,omitempty"`
	SourceKind string `json:"source_kind,omitempty"`
	Notice     string `json:"notice"`
	Due        string `json:"due,omitempty"`
	DaysLeft   *int   `json:"days_left,omitempty"`
	Suppressed bool   `json:"suppressed"`
}

// deadlinesJSON is the whole output of `legit deadlines --json`.
type deadlinesJSON struct {
	Overdue  []deadlineJSON `json:"overdue"`
	ThisWeek []deadlineJSON `json:"due_this_week"`
	Later    []deadlineJSON `json:"later"`
	Informed int            `json:"informed"`
}

// PrintDeadlines writes the groups as plain text or JSON. Text from imports is
// sanitised either way.
func PrintDeadlines(w io.Writer, g DeadlineGroups, asJSON bool) error {
	if asJSON {
		conv := func(rows []Row) []deadlineJSON {
			out := make([]deadlineJSON, len(rows))
			for i, r := range rows {
				c := r.Contact
				j := deadlineJSON{ID: c.ID, Name: contacts.Clean(c.Name), Email: c.Email, Company: contacts.Clean(c.Company),
					Notice: r.Deadline.State.String(), Suppressed: c.Stopped()}
				if c.HasSource() {
					j.SourceKind = string(c.FirstSource().Kind)
				}
				if !r.Deadline.Due.IsZero() {
					j.Due = r.Deadline.Due.Format("2006-01-02")
					left := r.Deadline.DaysLeft
					j.DaysLeft = &left
				}
				out[i] = j
			}
			return out
		}
		return writeJSON(w, deadlinesJSON{Overdue: conv(g.Overdue), ThisWeek: conv(g.ThisWeek), Later: conv(g.Later), Informed: g.Informed})
	}
	var b strings.Builder
	for _, grp := range g.groups() {
		fmt.Fprintf(&b, "%s (%d)\n", upper(grp.group.String()), len(grp.rows))
		for _, r := range grp.rows {
			c := r.Contact
			cells := []string{fit(c.Name, 24), fit(c.Company, 24), fit(sourceText(c), 13), fit(dueText(r.Deadline), 11), deadlineText(r.Deadline)}
			b.WriteString("  " + strings.TrimRight(strings.Join(cells, " "), " ") + "\n")
		}
	}
	fmt.Fprintf(&b, "%d overdue, %d due this week, %d later; %d informed\n", len(g.Overdue), len(g.ThisWeek), len(g.Later), g.Informed)
	if len(g.Overdue) > 0 {
		b.WriteString("Inform or erase the overdue contacts now: open legit, press 2, then n or x.\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write deadlines: %w", err)
	}
	return nil
}

// dueText is the due date, or a dash when the clock cannot run.
func dueText(d notice.Deadline) string {
	if d.Due.IsZero() {
		return "—"
	}
	return d.Due.Format("2 Jan 2006")
}
