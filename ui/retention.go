package ui

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"legit/contacts"
	"legit/store"
)

// retentionLoadedMsg carries the contacts due for erasure.
type retentionLoadedMsg struct {
	rows    []contacts.ErasureDue
	waiting int // erased contacts whose mailbox cleanup still waits
	err     error
}

// toEraseData is what the to-erase screen reads from the database: the
// contacts with their activity, and the erasures whose mailbox cleanup
// still waits. Erasing is the use case of rights.go.
type toEraseData interface {
	RetentionStore
	PendingMailbox(ctx context.Context) (int, error)
}

// toErase lists the contacts the retention rule proposes for erasure, each
// with its reason, and erases one with a key after a confirmation.
type toErase struct {
	sh      *shared
	data    toEraseData
	rows    []contacts.ErasureDue
	cursor  int
	offset  int
	loaded  bool
	note    string // the outcome of the last erasure
	waiting int    // erased contacts whose mailbox cleanup still waits
	keys    toEraseKeys
}

func newToErase(sh *shared) *toErase {
	return &toErase{sh: sh, data: sh.Store, keys: defaultToEraseKeys()}
}

func (s *toErase) title() string   { return "To erase" }
func (s *toErase) capturing() bool { return false }
func (s *toErase) init() tea.Cmd   { return s.refresh() }

// refresh reloads the list.
func (s *toErase) refresh() tea.Cmd {
	d, st := s.sh.Deps, s.data
	return func() tea.Msg {
		var rows []contacts.ErasureDue
		err := eachDueForErasure(bgctx(), st, d.Now(), d.Retention, func(r *contacts.ErasureDue) error {
			rows = append(rows, *r)
			return nil
		})
		if err != nil {
			return retentionLoadedMsg{err: err}
		}
		waiting, err := st.PendingMailbox(bgctx())
		if err != nil {
			return retentionLoadedMsg{err: err}
		}
		return retentionLoadedMsg{rows: rows, waiting: waiting}
	}
}

// ShortHelp lists the keys live now.
func (s *toErase) ShortHelp() []key.Binding {
	return []key.Binding{s.keys.Up, s.keys.Down, s.keys.Pick, s.keys.Erase}
}

// FullHelp lists every key of the screen.
func (s *toErase) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

func (s *toErase) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case retentionLoadedMsg:
		if msg.err != nil {
			return s, report(fmt.Errorf("load contacts to erase: %w", msg.err))
		}
		s.rows, s.loaded, s.waiting = msg.rows, true, msg.waiting
		s.keys.Erase.SetEnabled(len(s.rows) > 0)
		s.keys.Pick.SetEnabled(len(s.rows) > 0)
	case erasedMsg:
		if msg.err != nil {
			return s, report(msg.err)
		}
		s.note = "Erased and logged. The address stays on the suppression list."
		if msg.answered > 0 {
			s.note = "Erased and logged; their erasure request is answered: tell them."
		}
		s.note += " " + msg.outcome
		return s, s.refresh()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, s.keys.Up):
			s.cursor--
		case key.Matches(msg, s.keys.Down):
			s.cursor++
		case key.Matches(msg, s.keys.Pick) && s.cursor < len(s.rows):
			return s, s.sh.push(newContactDetail(s.sh, s.rows[s.cursor].Contact.ID))
		case key.Matches(msg, s.keys.Erase) && s.cursor < len(s.rows):
			r := s.rows[s.cursor]
			reason := store.ErasureRetention
			if r.Due.Reason == contacts.RetentionRequested {
				reason = store.ErasureRequest
			}
			return s, askEraseCmd(s.sh, r.Contact.ID, reason)
		}
	}
	s.cursor = max(0, min(s.cursor, len(s.rows)-1))
	s.offset = window(s.offset, s.cursor, len(s.rows), s.sh.height-2)
	return s, nil
}

var toEraseColumns = []column{{"Name", 18, 2}, {"Company", 16, 2}, {"Why", 30, 3}, {"Last", 11, 0}}

func (s *toErase) view() string {
	st := s.sh.st
	days := s.sh.Retention.ProspectDays
	if days <= 0 {
		days = contacts.DefaultRetentionDays
	}
	var b strings.Builder
	intro := st.muted.Render(fit(fmt.Sprintf("Erasure requests, ended bases, no reply/purchase/consent in %d days.", days), s.sh.width))
	switch {
	case s.note != "":
		intro = st.ok.Render(fit(s.note, s.sh.width))
	case s.waiting > 0:
		intro = st.warn.Render(fit(pendingLine(s.waiting), s.sh.width))
	}
	b.WriteString(intro + "\n")
	ws := layoutColumns(toEraseColumns, s.sh.width)
	b.WriteString(renderHeader(st, toEraseColumns, ws))
	if !s.loaded {
		return b.String() + "\n" + st.muted.Render("Loading…")
	}
	if len(s.rows) == 0 {
		return b.String() + "\n" + st.muted.Render("Nothing to erase: every contact is within its retention period.")
	}
	end := min(len(s.rows), s.offset+max(1, s.sh.height-2))
	for i := s.offset; i < end; i++ {
		r := s.rows[i]
		last := "—"
		if !r.Due.Since.IsZero() {
			last = r.Due.Since.Format("2 Jan 2006")
		}
		b.WriteString("\n" + renderRow(st, []cell{{text: r.Contact.Name}, {text: r.Contact.Company}, {text: r.Due.Text, style: &st.warn}, {text: last}}, ws, i == s.cursor))
	}
	return b.String()
}

// RetentionStore is what the retention rule reads: every contact with its
// activity, as much of them as the rule needs, a page at a time (those with
// an open erasure request, or everyone). *store.Store satisfies it.
type RetentionStore interface {
	EachForRetention(ctx context.Context, erasureAsked bool, fn func(contacts.Contact, contacts.Activity) error) error
}

// eachDueForErasure calls fn with each contact due for erasure under r at
// now, in DueForErasure's order (erasure requests first, then the rest, each
// in the list's order), reading those who asked for erasure, then everyone
// else, a page at a time: memory stays flat however many contacts there
// are (it keeps only the ids of the first walk, the open requests). A
// contact whose request is answered between the walks is listed once, with
// the requests; one whose request arrives between them once, with the
// rest.
func eachDueForErasure(ctx context.Context, st RetentionStore, now time.Time, r contacts.Retention, fn func(*contacts.ErasureDue) error) error {
	asked := map[int64]bool{}
	for _, requests := range []bool{true, false} {
		err := st.EachForRetention(ctx, requests, func(c contacts.Contact, a contacts.Activity) error {
			if requests {
				asked[c.ID] = true
			} else if asked[c.ID] {
				return nil
			}
			d, ok := contacts.RetentionDue(c, a, now, r)
			if !ok {
				return nil
			}
			return fn(&contacts.ErasureDue{Contact: c, Due: d})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// StreamRetention writes the contacts due for erasure as PrintRetention
// does, each as it is read, and returns how many there are.
func StreamRetention(ctx context.Context, st RetentionStore, w io.Writer, now time.Time, r contacts.Retention, asJSON bool) (int, error) {
	rw := newRetentionWriter(w, asJSON)
	err := eachDueForErasure(ctx, st, now, r, func(d *contacts.ErasureDue) error {
		rw.write(d)
		return rw.err
	})
	if err != nil {
		return 0, err
	}
	return rw.n, rw.close()
}

// retentionWriter writes contacts due for erasure one at a time, plain or
// as the elements of an indented JSON array (writeJSON's bytes). Text from
// imports is sanitised either way.
type retentionWriter struct {
	w      *bufio.Writer
	asJSON bool
	n      int
	buf    []byte
	err    error
}

func newRetentionWriter(w io.Writer, asJSON bool) *retentionWriter {
	return &retentionWriter{w: bufio.NewWriterSize(w, 64<<10), asJSON: asJSON}
}

// put writes s, keeping the first error.
func (rw *retentionWriter) put(s string) {
	if rw.err == nil {
		_, rw.err = rw.w.WriteString(s)
	}
}

// write writes one contact due for erasure.
func (rw *retentionWriter) write(r *contacts.ErasureDue) {
	rw.n++
	if !rw.asJSON {
		line := fit(r.Contact.Name, 24) + " " + fit(r.Contact.Email, 40) + " " + r.Due.Text
		rw.put(strings.TrimRight(line, " ") + "\n")
		return
	}
	j := retentionJSON{ID: r.Contact.ID, Ref: r.Contact.Ref, Name: contacts.Clean(r.Contact.Name),
		Email: r.Contact.Email, Reason: string(r.Due.Reason), Text: r.Due.Text, Since: stamp(r.Due.Since)}
	sep := ",\n  "
	if rw.n == 1 {
		sep = "[\n  "
	}
	rw.buf = j.appendJSON(append(rw.buf[:0], sep...), "  ")
	if rw.err == nil {
		_, rw.err = rw.w.Write(rw.buf)
	}
}

// close ends the output and flushes it.
func (rw *retentionWriter) close() error {
	switch {
	case rw.asJSON && rw.n == 0:
		rw.put("[]\n")
	case rw.asJSON:
		rw.put("\n]\n")
	case rw.n == 0:
		rw.put("Nothing to erase: every contact is within its retention period.\n")
	default:
		rw.put(fmt.Sprintf("%d to erase. Erase one with: legit erase EMAIL\n", rw.n))
	}
	if rw.err == nil {
		rw.err = rw.w.Flush()
	}
	if rw.err != nil {
		return fmt.Errorf("write retention list: %w", rw.err)
	}
	return nil
}
