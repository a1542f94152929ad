package ui

import (
	"fmt"
	"io"
	"strings"

	"legit/contacts"
	"legit/store"
)

// ImportReport is what `legit import` prints.
type ImportReport struct {
	File   string              `json:"file"`
	Format contacts.Format     `json:"format"`
	DryRun bool                `json:"dry_run"`
	Rows   int                 `json:"rows"`
	Result store.ImportResult  `json:"result"`
	Bad    []contacts.RowError `json:"bad_rows"`
}

// PrintImport writes the report as plain text or as JSON. Bad-row reasons
// come from the file and are sanitised.
func PrintImport(w io.Writer, r ImportReport, asJSON bool) error {
	if asJSON {
		bad := make([]contacts.RowError, len(r.Bad))
		for i, e := range r.Bad {
			bad[i] = contacts.RowError{Line: e.Line, Reason: contacts.Clean(e.Reason)}
		}
		r.Bad = bad
		return writeJSON(w, r)
	}
	if _, err := io.WriteString(w, importSummaryText(r, "legit contacts --filter needs-basis")); err != nil {
		return fmt.Errorf("write import summary: %w", err)
	}
	return nil
}

// importSummaryText is the summary both the CLI and the import screen show;
// toBasis says how to reach the contacts that need a basis from where the
// rep is.
func importSummaryText(r ImportReport, toBasis string) string {
	var b strings.Builder
	res := r.Result
	verb := "Imported"
	if r.DryRun {
		verb = "Dry run, nothing saved:"
	}
	fmt.Fprintf(&b, "%s %s (%s, %d rows)", verb, contacts.Clean(r.File), r.Format, r.Rows)
	if res.BatchID != 0 {
		fmt.Fprintf(&b, " as batch %d", res.BatchID)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "  new contacts          %d\n", res.Imported)
	if res.NoEmail > 0 {
		fmt.Fprintf(&b, "    without email       %d (kept; cannot be emailed until an address is added)\n", res.NoEmail)
	}
	fmt.Fprintf(&b, "  merged                %d (%d in the file, %d into contacts you have)\n", res.Merged, res.InFile, res.Merged-res.InFile)
	fmt.Fprintf(&b, "  skipped, suppressed   %d (opted out, on the suppression list or in the file)\n", res.Suppressed)
	fmt.Fprintf(&b, "  bad rows              %d\n", len(r.Bad))
	for _, e := range r.Bad {
		fmt.Fprintf(&b, "    line %d: %s\n", e.Line, contacts.Clean(e.Reason))
	}
	switch {
	case r.DryRun:
		b.WriteString("Run it again without --dry-run to save.\n")
	case res.Imported > 0:
		b.WriteString("Next: record a lawful basis: " + toBasis + "\n")
	}
	return b.String()
}
