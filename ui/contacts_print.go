package ui

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"legit/contacts"
	"legit/store"
)

// contactJSON is one contact as `legit contacts --json` prints it.
type contactJSON struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Email        string `json:"email,omitempty"`
	Company      string `json:"company,omitempty"`
	Country      string `json:"country,omitempty"`
	Relationship string `json:"relationship"`
	Status       string `json:"status"`
	Suppressed   bool   `json:"suppressed"`
	SourceKind   string `json:"source_kind,omitempty"`
	Basis        string `json:"basis,omitempty"`
	Notice       string `json:"notice"`
	NoticeDue    string `json:"notice_due,omitempty"`
	DaysLeft     *int   `json:"days_left,omitempty"`
}

// PrintContacts writes rows as a plain table or as JSON. Text from imports
// is sanitised either way.
func PrintContacts(w io.Writer, rows []Row, asJSON bool) error {
	cw := newContactWriter(w, asJSON)
	for i := range rows {
		if err := cw.write(&rows[i]); err != nil {
			return err
		}
	}
	return cw.close()
}

// ListedStore is what StreamContacts reads: the contacts of a list query,
// one row at a time. *store.Store satisfies it.
type ListedStore interface {
	EachListed(ctx context.Context, q store.ListQuery, fn func(store.ListRow) error) error
}

// StreamContacts writes the contacts in filter f as `legit contacts` prints
// them (PrintContacts), each row as the store reads it: memory stays flat
// however many contacts there are.
func StreamContacts(ctx context.Context, st ListedStore, w io.Writer, f Filter, now time.Time, deadlineDays int, asJSON bool) error {
	cw := newContactWriter(w, asJSON)
	err := st.EachListed(ctx, listQuery(f, "", now, deadlineDays), func(lr store.ListRow) error {
		r := rowOf(lr, now, deadlineDays)
		return cw.write(&r)
	})
	if err != nil {
		return err
	}
	return cw.close()
}

// contactWriter writes contacts one at a time, plain or as the elements of
// an indented JSON array (the same bytes writeJSON gives for the array).
type contactWriter struct {
	w      *bufio.Writer
	asJSON bool
	n      int
	ws     []int
	buf    []byte
	err    error
}

func newContactWriter(w io.Writer, asJSON bool) *contactWriter {
	cw := &contactWriter{w: bufio.NewWriterSize(w, 64<<10), asJSON: asJSON}
	if !asJSON {
		cw.ws = layoutColumns(contactColumns, 100)
		heads := make([]string, len(contactColumns))
		for i, c := range contactColumns {
			heads[i] = fit(c.title, cw.ws[i])
		}
		cw.put(strings.TrimRight(strings.Join(heads, " "), " ") + "\n")
	}
	return cw
}

// put writes s, keeping the first error.
func (cw *contactWriter) put(s string) {
	if cw.err == nil {
		_, cw.err = cw.w.WriteString(s)
	}
}

// write writes one row.
func (cw *contactWriter) write(r *Row) error {
	c := &r.Contact
	if !cw.asJSON {
		cells := []string{c.Name, c.Company, sourceText(*c), yesNo(!r.NeedsBasis), deadlineText(r.Deadline), statusText(*c)}
		for i := range cells {
			cells[i] = fit(cells[i], cw.ws[i])
		}
		cw.put(strings.TrimRight(strings.Join(cells, " "), " ") + "\n")
		cw.n++
		return cw.wrap()
	}
	j := contactJSON{ID: c.ID, Name: contacts.Clean(c.Name), Email: c.Email, Company: contacts.Clean(c.Company),
		Country: c.Country, Relationship: string(c.Relationship), Status: string(c.Status), Suppressed: c.Suppressed,
		Basis: string(c.Basis.Kind), Notice: r.Deadline.State.String()}
	if c.HasSource() {
		j.SourceKind = string(c.FirstSource().Kind)
	}
	if !r.Deadline.Due.IsZero() {
		j.NoticeDue = r.Deadline.Due.Format("2006-01-02")
		if j.Notice != "informed" {
			left := r.Deadline.DaysLeft
			j.DaysLeft = &left
		}
	}
	sep := ",\n  "
	if cw.n == 0 {
		sep = "[\n  "
	}
	cw.buf = j.appendJSON(append(cw.buf[:0], sep...), "  ")
	if cw.err == nil {
		_, cw.err = cw.w.Write(cw.buf)
	}
	cw.n++
	return cw.wrap()
}

// close ends the output (the count, or the end of the array) and flushes it.
func (cw *contactWriter) close() error {
	switch {
	case !cw.asJSON:
		cw.put(fmt.Sprintf("%d contacts\n", cw.n))
	case cw.n == 0:
		cw.put("[]\n")
	default:
		cw.put("\n]\n")
	}
	if cw.err == nil {
		cw.err = cw.w.Flush()
	}
	return cw.wrap()
}

// wrap is the first write error, with context.
func (cw *contactWriter) wrap() error {
	if cw.err != nil {
		return fmt.Errorf("write contacts: %w", cw.err)
	}
	return nil
}
