package ui

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"legit/contacts"
	"legit/notice"
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
	// Kind and Obtained are the source the new contacts got: they start
	// the notice clocks.
	Kind     contacts.SourceKind `json:"source_kind"`
	Obtained time.Time           `json:"obtained_at"`
	// DailyCap is the rep's daily cap of first emails.
	DailyCap int `json:"-"`
	// NoCountry rows have no country; for Proposed of them legit proposes
	// one (ImportTally counts them).
	NoCountry int `json:"no_country"`
	Proposed  int `json:"country_proposed"`
}

// NoticesDue is when the notices to the new contacts fall due: one month
// after the data was obtained (Art. 14(3)(a) GDPR), or at once for data the
// people handed over (Art. 13). Zero when nothing was imported.
func (r ImportReport) NoticesDue() time.Time {
	if r.Result.Imported == 0 || r.Obtained.IsZero() {
		return time.Time{}
	}
	c := contacts.Contact{Sources: []contacts.Source{{Kind: r.Kind, ObtainedAt: r.Obtained}}}
	return notice.DeadlineAt(notice.ClockFor(c, 0), r.Obtained).LegalDue
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

// ImportTally is a file's rows on their way to the store, counted for the
// report as they pass: the rows without a country, and of those the ones
// for which legit proposes one (contacts.CountryConfidence).
type ImportTally struct {
	*contacts.Reader
	NoCountry, Proposed int
	likely              contacts.LikelyCountries
}

// NewImportTally counts the rows of r as they are read.
func NewImportTally(r *contacts.Reader) *ImportTally {
	return &ImportTally{Reader: r}
}

// Next reads the next row and counts it.
func (t *ImportTally) Next() (contacts.ImportRow, error) {
	r, err := t.Reader.Next()
	if err == nil && r.Country == "" {
		t.NoCountry++
		if t.likely.Proposed(r.Email, r.Company) {
			t.Proposed++
		}
	}
	return r, err
}

// PrintWriteWait returns a store.OnWriteWait function that tells w, once per
// wait, that a command waits for an import ("waiting for the import of FILE
// (N%)…; ctrl+c stops").
func PrintWriteWait(w io.Writer) func(store.WriteWait) {
	var mu sync.Mutex
	return func(ww store.WriteWait) {
		if ww.Done {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "legit: %s\n", contacts.Clean(ww.Message()))
	}
}

// alreadyHeldText says that the file was imported before and nothing was
// added.
func alreadyHeldText(r ImportReport) string {
	res := r.Result
	return fmt.Sprintf("%s: already held %d (this file was imported on %s as batch %d: nothing added)\n",
		contacts.Clean(r.File), res.AlreadyHeld, res.PreviousAt.Local().Format("2 Jan 2006 15:04"), res.PreviousBatch)
}

// importSummaryText is the summary both the CLI and the import screen show;
// toBasis says how to reach the contacts that need a basis from where the
// rep is.
func importSummaryText(r ImportReport, toBasis string) string {
	var b strings.Builder
	res := r.Result
	if res.PreviousBatch != 0 {
		return alreadyHeldText(r)
	}
	verb := "Imported"
	if r.DryRun {
		verb = "Dry run, nothing saved:"
	}
	fmt.Fprintf(&b, "%s %s (%s, %s)", verb, contacts.Clean(r.File), r.Format, Plural(r.Rows, "row"))
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
	if res.Owned > 0 {
		fmt.Fprintf(&b, "  skipped, colleagues'  %d (owned by %s: ask your lead to share them)\n", res.Owned, ownersText(res.OwnedBy))
	}
	fmt.Fprintf(&b, "  bad rows              %d\n", max(res.Bad, len(r.Bad)))
	for _, e := range r.Bad {
		fmt.Fprintf(&b, "    line %d: %s\n", e.Line, contacts.Clean(e.Reason))
	}
	if n := res.Bad - len(r.Bad); n > 0 && len(r.Bad) > 0 {
		fmt.Fprintf(&b, "    and %d more, not listed: fix the rows above and import again\n", n)
	}
	if due := r.NoticesDue(); !due.IsZero() {
		b.WriteString(noticeClockText(r, due))
	}
	if r.NoCountry > 0 && res.Imported > 0 {
		fmt.Fprintf(&b, "Countries: %s %s none: the strictest rule (consent) applies until set.\n", Plural(r.NoCountry, "row"), hasHave(r.NoCountry))
		if r.Proposed > 0 {
			fmt.Fprintf(&b, "  legit proposes one for %d of them: p on the contact confirms it.\n", r.Proposed)
		}
	}
	switch {
	case r.DryRun:
		b.WriteString("Run it again without --dry-run to save.\n")
	case res.Imported > 0:
		b.WriteString("Next: record a lawful basis: " + toBasis + "\n")
	}
	return b.String()
}

// maxOwnersNamed is how many colleagues the import summary names.
const maxOwnersNamed = 3

// ownersText names the colleagues who own the rows an import skipped: one
// by name; several with their counts, the first maxOwnersNamed of them.
func ownersText(by []store.OwnedCount) string {
	if len(by) == 1 {
		return contacts.Clean(by[0].Owner)
	}
	var parts []string
	for i, o := range by {
		if i == maxOwnersNamed {
			parts = append(parts, fmt.Sprintf("and %d more", len(by)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", contacts.Clean(o.Owner), o.Rows))
	}
	return strings.Join(parts, ", ")
}

// noticeClockText says how many notices the import made due, and by when,
// against the daily cap of first emails: the notice-only email meets them
// and is not capped.
func noticeClockText(r ImportReport, due time.Time) string {
	n := r.Result.Imported - r.Result.NoEmail
	if n <= 0 {
		return ""
	}
	who, toBeTold, notices := fmt.Sprintf("%d people with an address", n), "are to be told", "notices are"
	if n == 1 {
		who, toBeTold, notices = "1 person with an address", "is to be told", "notice is"
	}
	if r.DryRun {
		toBeTold, notices = "would have to be told", strings.Fields(notices)[0]+" would be"
	}
	var b strings.Builder
	if r.Kind.HandedOver() {
		fmt.Fprintf(&b, "Notices: the %s handed you their details, so their %s due now (Art. 13 GDPR).\n", who, notices)
	} else {
		fmt.Fprintf(&b, "Notices: %s %s about their data by %s (one month, Art. 14(3) GDPR).\n",
			who, toBeTold, due.Format("2 Jan 2006"))
	}
	if r.DailyCap > 0 && n > r.DailyCap {
		fmt.Fprintf(&b, "  That is more than your %d first emails a day: the notice-only email (n on Deadlines) informs them and is not capped.\n", r.DailyCap)
	}
	return b.String()
}
