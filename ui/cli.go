package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"legit/contacts"
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
	if asJSON {
		out := make([]contactJSON, len(rows))
		for i, r := range rows {
			c := r.Contact
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
			out[i] = j
		}
		return writeJSON(w, out)
	}
	ws := layoutColumns(contactColumns, 100)
	var b strings.Builder
	heads := make([]string, len(contactColumns))
	for i, c := range contactColumns {
		heads[i] = fit(c.title, ws[i])
	}
	b.WriteString(strings.TrimRight(strings.Join(heads, " "), " ") + "\n")
	for _, r := range rows {
		c := r.Contact
		cells := []string{c.Name, c.Company, sourceText(c), yesNo(!r.NeedsBasis), deadlineText(r.Deadline), statusText(c)}
		for i := range cells {
			cells[i] = fit(cells[i], ws[i])
		}
		b.WriteString(strings.TrimRight(strings.Join(cells, " "), " ") + "\n")
	}
	fmt.Fprintf(&b, "%d contacts\n", len(rows))
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write contacts: %w", err)
	}
	return nil
}

// writeJSON writes v to w as indented JSON, the form every --json output
// takes.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
