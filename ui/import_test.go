package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"legit/contacts"
	"legit/store"
)

// importDeps is demoDeps with the rep's address set, as main sets it.
func importDeps(t *testing.T) Deps {
	t.Helper()
	d := demoDeps(t)
	d.RepEmail = "robin.maes@northwind-analytics.example"
	return d
}

func TestImportPreviewGolden(t *testing.T) {
	t.Parallel()
	tm := startApp(t, importDeps(t), 80, 24, "Agnieszka")
	press(tm, "5")
	waitFor(t, tm, "File:")
	tm.Type("../testdata/import/nl_semicolon_bom.csv")
	press(tm, "enter")
	waitFor(t, tm, "Opmerkingen")
	tm.Type("cards from stand 12, Vakbeurs Utrecht 2026")
	press(tm, "ctrl+s")
	waitFor(t, tm, "say what this spreadsheet holds")
	press(tm, "l", "l", "l") // no kind yet, then linkedin, business_card, event
	waitFor(t, tm, "event")
	m, screen := finalScreen(t, tm)
	requireGolden(t, "import_preview_nl", screen)
	s := m.top().(*importScreen)
	if s.kinds[s.kind] != "event" || s.obtained.Value() != "2026-11-23" {
		t.Errorf("form = kind %s, obtained %q; want event and today", s.kinds[s.kind], s.obtained.Value())
	}
}

func TestImportSummaryGolden(t *testing.T) {
	t.Parallel()
	d := importDeps(t)
	tm := startApp(t, d, 80, 24, "Agnieszka")
	press(tm, "5")
	waitFor(t, tm, "File:")
	tm.Type("../testdata/import/linkedin_bad_rows.csv")
	press(tm, "enter")
	waitFor(t, tm, "Connected On")
	tm.Type("LinkedIn connections export")
	press(tm, "enter")
	waitFor(t, tm, "skipped, suppressed")
	_, screen := finalScreen(t, tm)
	requireGolden(t, "import_summary_linkedin_bad_rows", screen)
	// Eva Novak and Mihail Petrov are demo contacts: merged, not doubled.
	list, err := d.Store.ListContacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 40 {
		t.Errorf("%d contacts after importing two known people, want 40", len(list))
	}
	if !strings.Contains(screen, "line 7: has 5 columns") {
		t.Errorf("summary does not list the bad row at line 7:\n%s", screen)
	}
}

func TestImportRefusesWithoutDetail(t *testing.T) {
	t.Parallel()
	tm := startApp(t, importDeps(t), 80, 24, "Agnieszka")
	press(tm, "5")
	waitFor(t, tm, "File:")
	tm.Type("../testdata/import/cards_v30.vcf")
	press(tm, "enter")
	waitFor(t, tm, "business_card")
	press(tm, "enter")
	waitFor(t, tm, "is empty")
	m, _ := finalScreen(t, tm)
	if s := m.top().(*importScreen); s.step != stepPreview {
		t.Errorf("import started without a source detail (step %d)", s.step)
	}
}

// TestImportPreviewMarksSkippedRows: rows the import will skip (opted out in
// the file, or an address already on the suppression list) say so in the
// preview, and the count line adds them up.
func TestImportPreviewMarksSkippedRows(t *testing.T) {
	t.Parallel()
	tm := startApp(t, importDeps(t), 120, 30, "Agnieszka")
	press(tm, "5")
	waitFor(t, tm, "File:")
	tm.Type("../testdata/import/en_comma.csv")
	press(tm, "enter")
	waitFor(t, tm, "skipped, opted out: ines")
	m, _ := finalScreen(t, tm)
	s := m.top().(*importScreen)
	if !s.suppressed["ines.ferreira@lisboa-tech.example"] {
		t.Errorf("Ines (opted out in the demo) is not known as suppressed: %v", s.suppressed)
	}
}

// TestImportSummaryColleagues: rows about contacts colleagues own get their
// own line, naming the owners and what to do; none, no line.
func TestImportSummaryColleagues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		res  store.ImportResult
		want string
	}{
		{"none", store.ImportResult{Imported: 2}, ""},
		{"one owner", store.ImportResult{Imported: 1, Owned: 3, OwnedBy: []store.OwnedCount{{Owner: "Sam Peeters", Rows: 3}}},
			"  skipped, colleagues'  3 (owned by Sam Peeters: ask your lead to share them)\n"},
		{"several", store.ImportResult{Owned: 7, OwnedBy: []store.OwnedCount{{Owner: "Sam Peeters", Rows: 3},
			{Owner: "Kim\x1b[31m Jansen", Rows: 2}, {Owner: "Anna Rep", Rows: 1}, {Owner: "Jo Red", Rows: 1}}},
			"  skipped, colleagues'  7 (owned by Sam Peeters 3, Kim Jansen 2, Anna Rep 1, and 1 more: ask your lead to share them)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := importSummaryText(ImportReport{File: "Connections.csv", Format: contacts.FormatLinkedIn, Rows: 4, Result: tc.res}, "")
			line := ""
			for _, l := range strings.SplitAfter(text, "\n") {
				if strings.Contains(l, "colleagues'") {
					line = l
				}
			}
			if line != tc.want {
				t.Errorf("colleagues' line = %q, want %q; summary:\n%s", line, tc.want, text)
			}
			if i, j := strings.Index(text, "skipped, suppressed"), strings.Index(text, "skipped, colleagues'"); j >= 0 && j < i {
				t.Errorf("the colleagues' line comes before the suppressed one:\n%s", text)
			}
		})
	}
}

// TestNoticeClockText: the summary's notice line counts people in the
// right number, says when (or that a card's notice is due now), and says
// "would be" on a dry run.
func TestNoticeClockText(t *testing.T) {
	t.Parallel()
	due := time.Date(2026, 12, 29, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		imported int
		kind     contacts.SourceKind
		dry      bool
		want     string
	}{
		{"one", 1, contacts.LinkedIn, false, "Notices: 1 person with an address is to be told about their data by 29 Dec 2026 (one month, Art. 14(3) GDPR).\n"},
		{"several", 5, contacts.LinkedIn, false, "Notices: 5 people with an address are to be told about their data by 29 Dec 2026 (one month, Art. 14(3) GDPR).\n"},
		{"dry run", 1, contacts.LinkedIn, true, "Notices: 1 person with an address would have to be told about their data by 29 Dec 2026 (one month, Art. 14(3) GDPR).\n"},
		{"one card", 1, contacts.BusinessCard, false, "Notices: the 1 person with an address handed you their details, so their notice is due now (Art. 13 GDPR).\n"},
		{"cards", 3, contacts.BusinessCard, false, "Notices: the 3 people with an address handed you their details, so their notices are due now (Art. 13 GDPR).\n"},
		{"cards, dry run", 3, contacts.BusinessCard, true, "Notices: the 3 people with an address handed you their details, so their notices would be due now (Art. 13 GDPR).\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ImportReport{Kind: tc.kind, DryRun: tc.dry, Result: store.ImportResult{Imported: tc.imported}}
			if got := noticeClockText(r, due); got != tc.want {
				t.Errorf("noticeClockText() = %q, want %q", got, tc.want)
			}
		})
	}
}
