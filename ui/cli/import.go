package cli

import (
	"errors"
	"fmt"
	"legit/contacts"
	"legit/store"
	"legit/ui"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// importFlags are the flags of legit import.
type importFlags struct {
	format, kind, detail, obtained string
	maps                           []string
	dryRun, asJSON                 bool
}

func newImportCmd(a *app) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import contacts from a LinkedIn export, business cards (vCard) or a spreadsheet",
		Long: `Imports contacts from FILE and records for each where the data came from
(GDPR Art. 14(2)(f) and 15(1)(g)): the source kind and detail, the date it was
obtained, you, the file (name and SHA-256) and the line.

Formats (detected, or set with --format):
  linkedin  LinkedIn's Connections.csv, current and older layout. Rows without an
            email address become contacts you cannot email until one is added.
  vcard     .vcf business cards, vCard 2.1, 3.0 and 4.0.
  csv       a spreadsheet: comma or semicolon, UTF-8, UTF-16 or Windows-1252/1250,
            headers in English, Dutch, German or Polish. Fix a column with
            --map "Column=field" (fields: ` + fieldNames() + `).

Duplicates (same address) are merged, in the file and with contacts you have:
the contact gets one more source, never a second record. Addresses on the
suppression list, or at a domain on it, are skipped and only counted. On a
team database a row about
a contact a colleague owns is neither merged into it nor made a second
contact: the summary counts it under the colleague's name (your lead can
share the contact with you). The whole import is one
transaction: on an error or ctrl+c nothing is saved.

--obtained defaults to today. For a LinkedIn export it defaults to the file's
modification date (the day you downloaded the export) when that is earlier:
that is when you obtained the data, and it starts the one-month notice clock.
The connection date of each row is kept in its source detail.

The file is read as it is imported, in memory bounded by a chunk of rows
whatever its size. A value longer than its field allows makes a bad row
(line and column named), never a cut value: name 200 characters (first and
last name 100 each), company 200, position 200, department 100, country 60,
email address 254, note 1,000, profile URL 300; a row over 64 KiB is bad too.
LinkedIn's URL column (a profile address) tells people apart: legit keeps only
a keyed hash of it. Rows without an address or profile join a contact by name
and company only when exactly one contact has them and the file holds no
other person with them. Importing the same file (the same bytes) again adds
nothing and says when it was imported.

While an import runs, other writers (the app's draft autosave, another
command) wait for it and say so.

Bad rows are listed with their line and reason (the first 1,000; all are
counted) and the rest is imported.
Exit codes: 0 the import ran (even with bad rows), 1 it failed, 2 bad usage.`,
		Example: `  legit import Connections.csv --source-detail "my LinkedIn connections, exported 2026-11-20"
  legit import cards.vcf --source-kind business_card --source-detail "cards from booth 14, Expo Utrecht 2026"
  legit import beurs.csv --source-kind event --source-detail "visitors' list, Vakbeurs 2026" --map "Tel=ignore" --dry-run`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{errors.New("import needs one FILE: legit import Connections.csv --source-detail \"...\"")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return runImport(cmd, a, args[0], f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "", "linkedin, vcard or csv (default: detect)")
	fl.StringVar(&f.kind, "source-kind", "", "linkedin, business_card, event, referral, website, directory or manual (default: linkedin for LinkedIn, business_card for vCard)")
	fl.StringVar(&f.detail, "source-detail", "", "where exactly the contacts came from, e.g. \"cards from booth 14, Expo Utrecht 2026\" (required)")
	fl.StringVar(&f.obtained, "obtained", "", "date the data was obtained, YYYY-MM-DD (default: today; LinkedIn: the export's date)")
	fl.StringArrayVar(&f.maps, "map", nil, "column=field for a spreadsheet column (repeatable)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "read the file and count what would happen, without saving")
	fl.BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
	return cmd
}

// fieldNames lists the fields --map accepts.
func fieldNames() string {
	var names []string
	for _, f := range contacts.ImportFields() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// runImport checks the flags, reads and parses the file, and saves it.
func runImport(cmd *cobra.Command, a *app, path string, f importFlags) error {
	ctx := cmd.Context()
	format, err := contacts.ParseFormat(f.format)
	if err != nil {
		return usageError{err}
	}
	overrides, err := contacts.ParseMapFlags(f.maps)
	if err != nil {
		return usageError{err}
	}
	detail := contacts.Clean(f.detail)
	if detail == "" {
		return usageError{errors.New("--source-detail is required: say where these contacts came from, e.g. --source-detail \"cards from booth 14, Expo Utrecht 2026\" (people may ask, GDPR Art. 15(1)(g))")}
	}
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer func() { _ = file.Close() }()
	rd, err := contacts.NewFileReader(path, file, format, overrides)
	if err != nil {
		return err
	}
	format = rd.Format()
	kind, err := importKind(f.kind, format)
	if err != nil {
		return usageError{err}
	}
	now := time.Now()
	obtained, err := importObtained(f.obtained, path, format, now)
	if err != nil {
		return usageError{err}
	}
	if err := a.openOrCreate(ctx, cmd.ErrOrStderr()); err != nil {
		return err
	}
	defer a.close()
	rep, err := a.st.EnsureRep(ctx, a.cfg.Rep.Name, a.cfg.Rep.Email)
	if err != nil {
		return err
	}
	src := ui.NewImportTally(rd)
	res, err := a.st.ImportFrom(ctx, store.NewImportBatch(path, rd.SHA256(), format, rep, kind, detail, obtained, f.dryRun), src, nil)
	if err != nil {
		return err
	}
	report := ui.ImportReport{File: filepath.Base(path), Format: format,
		DryRun: f.dryRun, Rows: rd.Rows(), Result: res, Bad: rd.Bad(), Kind: kind, Obtained: obtained, DailyCap: a.cfg.DailyCap,
		NoCountry: src.NoCountry, Proposed: src.Proposed}
	return ui.PrintImport(cmd.OutOrStdout(), report, f.asJSON)
}

// importKind is --source-kind, or the kind the format implies.
func importKind(flag string, format contacts.Format) (contacts.SourceKind, error) {
	if flag != "" {
		return contacts.ParseSourceKind(flag)
	}
	if k, ok := contacts.ImpliedSourceKind(format); ok {
		return k, nil
	}
	return "", errors.New("--source-kind is required for a spreadsheet: say what it holds, e.g. --source-kind event (linkedin, business_card, event, referral, website, directory, manual)")
}

// importObtained is --obtained, or today, or for a LinkedIn export the day
// the file was downloaded when that is earlier.
func importObtained(flag, path string, format contacts.Format, now time.Time) (time.Time, error) {
	if flag != "" {
		t, err := contacts.ParseObtained(flag, now)
		if err != nil {
			return t, fmt.Errorf("--obtained: %w", err)
		}
		return t, nil
	}
	var mod time.Time
	if fi, err := os.Stat(path); err == nil {
		mod = fi.ModTime()
	}
	return contacts.DefaultObtained(format, mod, now), nil
}
