package ui

import (
	"fmt"
	"io"
	"strings"

	"legit/contacts"
	"legit/store"
)

// PrintRegisters lists the imported refusal registers.
func PrintRegisters(w io.Writer, list []store.RegisterImport) error {
	var b strings.Builder
	if len(list) == 0 {
		b.WriteString("No refusal register imported. Emails that need one (BG, AT, PT) are refused until it is: legit register import FILE --country CC\n")
	}
	for _, r := range list {
		fmt.Fprintf(&b, "%s  %s  imported %s by %s, %s\n", r.Country, contacts.Clean(r.Name),
			r.ImportedAt.UTC().Format("2 Jan 2006"), contacts.Clean(r.ImportedBy), count(r.Entries, "address", "addresses"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// PrintRegisterImport says what an import of a refusal register did.
func PrintRegisterImport(w io.Writer, country, name string, n int, bad []contacts.RowError) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Imported the %s (%s): %s %s on the suppression list.\n", contacts.Clean(name), country, count(n, "address", "addresses"), isAre(n))
	for _, e := range bad {
		fmt.Fprintf(&b, "  line %d: %s\n", e.Line, contacts.Clean(e.Reason))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
