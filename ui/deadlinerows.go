package ui

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"legit/contacts"
	"legit/notice"
	"legit/store"
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
	dw := newDeadlineWriter(w, asJSON, [3]int{len(g.Overdue), len(g.ThisWeek), len(g.Later)}, g.Informed)
	for i, grp := range g.groups() {
		dw.group(i)
		for j := range grp.rows {
			dw.write(&grp.rows[j])
		}
	}
	return dw.close()
}

// DueStore is what StreamDeadlines reads: the list's counts and the rows
// of each deadline group, one at a time. *store.Store satisfies it.
type DueStore interface {
	CountList(ctx context.Context, q store.ListQuery) (store.ListCounts, error)
	EachDue(ctx context.Context, q store.ListQuery, g store.DueGroup, fn func(store.ListRow) error) error
}

// StreamDeadlines writes the deadline groups as of now as PrintDeadlines
// does, each row as the store reads it (the counts first, then each group
// in its order): memory stays flat however many contacts there are. It
// reports whether any contact is overdue.
func StreamDeadlines(ctx context.Context, st DueStore, w io.Writer, now time.Time, deadlineDays int, asJSON bool) (bool, error) {
	q := listQuery(FilterAll, "", now, deadlineDays)
	n, err := st.CountList(ctx, q)
	if err != nil {
		return false, err
	}
	over, soon := n.Tabs[store.ListOverdue], n.Tabs[store.ListDueSoon]
	dw := newDeadlineWriter(w, asJSON, [3]int{over, soon, n.Tabs[store.ListAll] - over - soon - n.Informed}, n.Informed)
	for i, g := range []store.DueGroup{store.DueOverdue, store.DueThisWeek, store.DueLater} {
		dw.group(i)
		err := st.EachDue(ctx, q, g, func(lr store.ListRow) error {
			r := rowOf(lr, now, deadlineDays)
			dw.write(&r)
			return dw.err
		})
		if err != nil {
			return false, err
		}
	}
	return over > 0, dw.close()
}

// deadlineWriter writes the deadline groups a row at a time, plain or as
// the JSON object writeJSON gives for deadlinesJSON, byte for byte.
type deadlineWriter struct {
	w        *bufio.Writer
	asJSON   bool
	counts   [3]int // rows in each group, as the headings say
	informed int
	at       int // the group being written
	n        int // rows written in it
	buf      []byte
	err      error
}

func newDeadlineWriter(w io.Writer, asJSON bool, counts [3]int, informed int) *deadlineWriter {
	dw := &deadlineWriter{w: bufio.NewWriterSize(w, 64<<10), asJSON: asJSON, counts: counts, informed: informed, at: -1}
	if asJSON {
		dw.put("{")
	}
	return dw
}

// jsonGroupNames are the keys of deadlinesJSON, in order.
var jsonGroupNames = []string{"overdue", "due_this_week", "later"}

// put writes s, keeping the first error.
func (dw *deadlineWriter) put(s string) {
	if dw.err == nil {
		_, dw.err = dw.w.WriteString(s)
	}
}

// endGroup ends the group being written.
func (dw *deadlineWriter) endGroup() {
	switch {
	case !dw.asJSON || dw.at < 0:
	case dw.n == 0:
		dw.put("[],")
	default:
		dw.put("\n  ],")
	}
}

// group starts group i (0 overdue, 1 this week, 2 later).
func (dw *deadlineWriter) group(i int) {
	dw.endGroup()
	dw.at, dw.n = i, 0
	if dw.asJSON {
		dw.put(fmt.Sprintf("\n  %q: ", jsonGroupNames[i]))
		return
	}
	dw.put(fmt.Sprintf("%s (%d)\n", upper(notice.Group(i).String()), dw.counts[i]))
}

// write writes one row of the group being written.
func (dw *deadlineWriter) write(r *Row) {
	c := &r.Contact
	dw.n++
	if !dw.asJSON {
		cells := []string{fit(c.Name, 24), fit(c.Company, 24), fit(sourceText(*c), 13), fit(dueText(r.Deadline), 11), deadlineText(r.Deadline)}
		dw.put("  " + strings.TrimRight(strings.Join(cells, " "), " ") + "\n")
		return
	}
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
	sep := ",\n    "
	if dw.n == 1 {
		sep = "[\n    "
	}
	dw.buf = j.appendJSON(append(dw.buf[:0], sep...), "    ")
	if dw.err == nil {
		_, dw.err = dw.w.Write(dw.buf)
	}
}

// close writes the totals (and the advice while any is overdue) and
// flushes.
func (dw *deadlineWriter) close() error {
	dw.endGroup()
	if dw.asJSON {
		dw.put(fmt.Sprintf("\n  \"informed\": %d\n}\n", dw.informed))
	} else {
		c := dw.counts
		dw.put(fmt.Sprintf("%d overdue, %d due this week, %d later; %d informed\n", c[0], c[1], c[2], dw.informed))
		if c[0] > 0 {
			dw.put("Inform or erase the overdue contacts now: open legit, press 2, then n or x.\n")
		}
	}
	if dw.err == nil {
		dw.err = dw.w.Flush()
	}
	if dw.err != nil {
		return fmt.Errorf("write deadlines: %w", dw.err)
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
