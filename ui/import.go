package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
	"legit/store"
)

// importStep is where the import screen is.
type importStep int

const (
	stepFile      importStep = iota // typing the file's path
	stepPreview                     // format, mapping, first rows and the source form
	stepImporting                   // the progress bar
	stepSummary                     // what the import did
)

// The fields of the source form, in tab order.
const (
	fieldKind = iota
	fieldDetail
	fieldObtained
	formFields
)

// importData is what the import screen asks of the database: which of the
// file's addresses are suppressed (for the preview), and the import.
type importData interface {
	importer
	SuppressedAmong(ctx context.Context, emails []string) (map[string]bool, error)
}

// importer is what runImport writes to: the rep the batch is recorded
// under, and the rows.
type importer interface {
	EnsureRep(ctx context.Context, name, email string) (store.Rep, error)
	ImportFrom(ctx context.Context, b store.ImportBatch, src store.RowSource, progress store.Progress) (store.ImportResult, error)
}

// importScreen imports a file: path, preview with the column mapping, the
// source form, progress and a summary.
type importScreen struct {
	sh       *shared
	data     importData
	keys     importKeys
	step     importStep
	path     textinput.Model
	detail   textinput.Model
	obtained textinput.Model
	kinds    []contacts.SourceKind
	kind     int
	focus    int
	file     string // the path read
	// parsed is the preview: the first previewRows rows of the file (more
	// says there are others); the import reads the whole file again.
	parsed contacts.Parsed
	more   bool
	// suppressed are the file's addresses already on the suppression list.
	suppressed map[string]bool
	bar        progress.Model
	done       float64
	cancel     context.CancelFunc
	report     ImportReport
	note       string // why the summary has no counts (cancelled)
}

// previewRows is how many rows of a file the preview reads.
const previewRows = 500

// importReadMsg carries the start of a file read for the preview.
type importReadMsg struct {
	path       string
	mod        time.Time
	parsed     contacts.Parsed
	more       bool
	suppressed map[string]bool // addresses in the file already on the suppression list
	err        error
}

// importProgressMsg tells how far the import has come; importDoneMsg ends it.
type importProgressMsg struct {
	done, total int
	ch          <-chan tea.Msg
}

type importDoneMsg struct {
	res store.ImportResult
	// rows, bad, noCountry and proposed are what the whole file held.
	rows, noCountry, proposed int
	bad                       []contacts.RowError
	err                       error
}

func newImportScreen(sh *shared) *importScreen {
	path := textinput.New()
	path.Prompt = "File: "
	path.Placeholder = "~/Downloads/Connections.csv, cards.vcf or a spreadsheet .csv"
	path.CharLimit = 4096
	path.SetWidth(70)
	detail := textinput.New()
	detail.Placeholder = "e.g. cards from booth 14, Expo Utrecht 2026"
	detail.CharLimit = 200
	detail.Prompt = ""
	detail.SetWidth(50)
	obtained := textinput.New()
	obtained.Placeholder = "YYYY-MM-DD"
	obtained.CharLimit = 10
	obtained.Prompt = ""
	obtained.SetWidth(12)
	bar := progress.New(progress.WithWidth(40), progress.WithoutPercentage())
	s := &importScreen{sh: sh, data: sh.Store, keys: defaultImportKeys(), path: path, detail: detail, obtained: obtained,
		kinds: contacts.SourceKinds(), bar: bar}
	s.setKeys()
	return s
}

func (s *importScreen) title() string { return "Import" }

// capturing is true while a text input has the focus, and while importing,
// so that ctrl+c and esc cancel the import instead of quitting.
func (s *importScreen) capturing() bool {
	switch s.step {
	case stepFile:
		return s.path.Focused()
	case stepPreview:
		return s.focus != fieldKind
	case stepImporting:
		return true
	}
	return false
}

// busy is true while importing: ctrl+c then cancels the import.
func (s *importScreen) busy() bool { return s.step == stepImporting }

func (s *importScreen) init() tea.Cmd { return s.path.Focus() }

// ShortHelp lists the keys live now.
func (s *importScreen) ShortHelp() []key.Binding {
	k := s.keys
	return []key.Binding{k.Read, k.Edit, k.Next, k.Kind, k.Start, k.Cancel, k.Again, k.Back}
}

// FullHelp lists the screen's keys.
func (s *importScreen) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// setKeys enables the bindings of the current step, so help and matching agree.
func (s *importScreen) setKeys() {
	k := &s.keys
	k.Read.SetEnabled(s.step == stepFile && s.path.Focused())
	k.Edit.SetEnabled(s.step == stepFile && !s.path.Focused())
	k.Next.SetEnabled(s.step == stepPreview)
	k.Kind.SetEnabled(s.step == stepPreview && s.focus == fieldKind)
	k.Start.SetEnabled(s.step == stepPreview)
	k.Back.SetEnabled(s.step == stepPreview || (s.step == stepFile && s.path.Focused()))
	k.Cancel.SetEnabled(s.step == stepImporting)
	k.Again.SetEnabled(s.step == stepSummary)
}

func (s *importScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	defer s.setKeys()
	switch msg := msg.(type) {
	case importReadMsg:
		return s, s.read(msg)
	case importProgressMsg:
		if msg.total > 0 {
			s.done = float64(msg.done) / float64(msg.total)
		}
		return s, waitImport(msg.ch)
	case importDoneMsg:
		s.cancel = nil
		s.step = stepSummary
		s.report.Result = msg.res
		s.report.Rows, s.report.Bad = msg.rows, msg.bad
		s.report.NoCountry, s.report.Proposed = msg.noCountry, msg.proposed
		switch {
		case errors.Is(msg.err, context.Canceled):
			s.note = "Import cancelled: nothing was saved."
		case msg.err != nil:
			s.note = "Import failed: nothing was saved."
			return s, report(msg.err)
		}
		return s, nil
	case tea.KeyPressMsg:
		return s, s.updateKeys(msg)
	}
	return s, s.updateInputs(msg)
}

func (s *importScreen) updateKeys(msg tea.KeyPressMsg) tea.Cmd {
	k := s.keys
	switch {
	case key.Matches(msg, k.Read):
		return s.readFile()
	case key.Matches(msg, k.Edit):
		return s.path.Focus()
	case key.Matches(msg, k.Cancel):
		if s.cancel != nil {
			s.cancel()
		}
		return nil
	case key.Matches(msg, k.Again):
		*s = *newImportScreen(s.sh)
		return s.path.Focus()
	case key.Matches(msg, k.Back):
		if s.step == stepPreview {
			s.step = stepFile
			s.detail.Blur()
			s.obtained.Blur()
			return s.path.Focus()
		}
		s.path.Blur()
		return nil
	case key.Matches(msg, k.Next):
		delta := 1
		if msg.String() == "shift+tab" || msg.String() == "up" {
			delta = formFields - 1
		}
		return s.setFocus((s.focus + delta) % formFields)
	case key.Matches(msg, k.Kind):
		switch {
		case msg.String() != "left" && msg.String() != "h":
			s.kind = (s.kind + 1) % len(s.kinds)
		case s.kind <= 0:
			s.kind = len(s.kinds) - 1
		default:
			s.kind--
		}
		return nil
	case key.Matches(msg, k.Start):
		return s.start()
	}
	return s.updateInputs(msg)
}

// updateInputs passes a message to the text input with the focus.
func (s *importScreen) updateInputs(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case s.step == stepFile:
		s.path, cmd = s.path.Update(msg)
	case s.step == stepPreview && s.focus == fieldDetail:
		s.detail, cmd = s.detail.Update(msg)
	case s.step == stepPreview && s.focus == fieldObtained:
		s.obtained, cmd = s.obtained.Update(msg)
	}
	return cmd
}

func (s *importScreen) setFocus(f int) tea.Cmd {
	s.focus = f
	s.detail.Blur()
	s.obtained.Blur()
	switch f {
	case fieldDetail:
		return s.detail.Focus()
	case fieldObtained:
		return s.obtained.Focus()
	}
	return nil
}

// readFile reads and parses the file named in the path input.
func (s *importScreen) readFile() tea.Cmd {
	path := strings.TrimSpace(s.path.Value())
	if path == "" {
		return report(errors.New("type the path of the file to import, then press enter"))
	}
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, rest)
		}
	}
	st := s.data
	return func() tea.Msg {
		msg := readPreview(path)
		if msg.err != nil {
			return msg
		}
		emails := make([]string, len(msg.parsed.Records))
		for i, r := range msg.parsed.Records {
			emails[i] = r.Email
		}
		msg.suppressed, msg.err = st.SuppressedAmong(bgctx(), emails)
		return msg
	}
}

// readPreview reads the first previewRows rows of the file at path.
func readPreview(path string) importReadMsg {
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return importReadMsg{err: fmt.Errorf("no file at %s: check the path", path)}
	case err != nil:
		return importReadMsg{err: fmt.Errorf("read %s: %w", path, err)}
	}
	defer func() { _ = f.Close() }()
	var mod time.Time
	if fi, err := f.Stat(); err == nil {
		mod = fi.ModTime()
	}
	rd, err := contacts.NewFileReader(path, f, "", nil)
	if err != nil {
		return importReadMsg{err: err}
	}
	p := contacts.Parsed{Format: rd.Format(), Mapping: rd.Mapping()}
	more := false
	for {
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return importReadMsg{err: err}
		}
		if len(p.Records) == previewRows {
			more = true
			break
		}
		p.Records = append(p.Records, r)
	}
	p.Rows, p.Bad = rd.Rows(), rd.Bad()
	if more {
		p.Rows--
	}
	p.Records, p.Merged = contacts.MergeDuplicates(p.Records)
	return importReadMsg{path: path, mod: mod, parsed: p, more: more}
}

// read shows the preview of a parsed file with the form filled with defaults.
func (s *importScreen) read(msg importReadMsg) tea.Cmd {
	if msg.err != nil {
		return report(msg.err)
	}
	s.file, s.parsed, s.more, s.suppressed = msg.path, msg.parsed, msg.more, msg.suppressed
	s.step = stepPreview
	s.path.Blur()
	// A spreadsheet could hold anything: the rep picks its kind (-1: none yet).
	s.kind = -1
	if want, ok := contacts.ImpliedSourceKind(msg.parsed.Format); ok {
		s.kind = slices.Index(s.kinds, want)
	}
	now := s.sh.Now()
	s.obtained.SetValue(contacts.DefaultObtained(msg.parsed.Format, msg.mod, now).Format("2006-01-02"))
	return s.setFocus(fieldDetail)
}

// start checks the form and runs the import in the background.
func (s *importScreen) start() tea.Cmd {
	detail := contacts.Clean(s.detail.Value())
	if detail == "" {
		return tea.Batch(s.setFocus(fieldDetail), report(errors.New("source detail is empty: say where these contacts came from (GDPR Art. 15)")))
	}
	obtained, err := contacts.ParseObtained(s.obtained.Value(), s.sh.Now())
	if err != nil {
		return tea.Batch(s.setFocus(fieldObtained), report(err))
	}
	if s.kind < 0 {
		return tea.Batch(s.setFocus(fieldKind), report(errors.New("source kind: say what this spreadsheet holds (←/→ on Kind: event, business card, referral, …)")))
	}
	st, p := s.data, s.parsed
	kind, file, repName, repEmail := s.kinds[s.kind], s.file, s.sh.Rep, s.sh.RepEmail
	if repEmail == "" {
		return report(errors.New("no rep email configured: set email under [rep] in config.toml, then import again"))
	}
	ctx, cancel := context.WithCancel(bgctx())
	s.cancel, s.step, s.done, s.focus = cancel, stepImporting, 0, fieldKind
	s.detail.Blur()
	s.obtained.Blur()
	s.report = ImportReport{File: filepath.Base(file), Format: p.Format, Rows: p.Rows, Bad: p.Bad, Kind: kind, Obtained: obtained}
	if s.sh.Sender != nil {
		s.report.DailyCap = s.sh.Sender.DailyCap
	}
	ch := make(chan tea.Msg, 1)
	go func() {
		defer close(ch)
		ch <- runImport(ctx, st, file, p.Format, repName, repEmail, kind, detail, obtained, func(done, total int) {
			select {
			case ch <- importProgressMsg{done: done, total: total, ch: ch}:
			default: // the screen has not drawn the last one yet
			}
		})
	}()
	return waitImport(ch)
}

// runImport reads the file at path again, from its start, as it imports it.
func runImport(ctx context.Context, st importer, path string, format contacts.Format, repName, repEmail string,
	kind contacts.SourceKind, detail string, obtained time.Time, progress store.Progress) importDoneMsg {
	rep, err := st.EnsureRep(ctx, repName, repEmail)
	if err != nil {
		return importDoneMsg{err: err}
	}
	f, err := os.Open(path)
	if err != nil {
		return importDoneMsg{err: fmt.Errorf("read %s: %w", path, err)}
	}
	defer func() { _ = f.Close() }()
	rd, err := contacts.NewFileReader(path, f, format, nil)
	if err != nil {
		return importDoneMsg{err: err}
	}
	tally := NewImportTally(rd)
	b := store.NewImportBatch(path, rd.SHA256(), format, rep, kind, detail, obtained, false)
	res, err := st.ImportFrom(ctx, b, tally, progress)
	return importDoneMsg{res: res, err: err, rows: rd.Rows(), bad: rd.Bad(), noCountry: tally.NoCountry, proposed: tally.Proposed}
}

// waitImport waits for the next message of the import in the background.
func waitImport(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

func (s *importScreen) view() string {
	st := s.sh.st
	var b strings.Builder
	switch s.step {
	case stepFile:
		b.WriteString(st.section.Render("Import contacts") + "\n\n")
		b.WriteString(s.path.View() + "\n\n")
		b.WriteString(st.muted.Render(fit("LinkedIn Connections.csv, business cards (.vcf) or a spreadsheet (.csv); the format is detected.", s.sh.width)) + "\n")
	case stepPreview:
		b.WriteString(s.previewView())
	case stepImporting:
		b.WriteString(st.section.Render("Importing "+contacts.Clean(filepath.Base(s.file))) + "\n\n")
		s.bar.SetWidth(min(60, max(10, s.sh.width-10)))
		fmt.Fprintf(&b, "%s %3.0f%%\n\n", s.bar.ViewAs(s.done), s.done*100)
		b.WriteString(st.muted.Render("esc or ctrl+c cancels: nothing is saved until the end.") + "\n")
	case stepSummary:
		b.WriteString(st.section.Render("Import summary") + "\n\n")
		if s.note != "" {
			b.WriteString(st.warn.Render(s.note) + "\n")
		} else {
			for _, l := range strings.Split(strings.TrimRight(importSummaryText(s.report, "press 1, then tab to Needs basis"), "\n"), "\n") {
				b.WriteString(ansi.Truncate(l, s.sh.width, "…") + "\n")
			}
		}
	}
	return b.String()
}

// previewView shows the format, the column mapping, the first rows and the form.
func (s *importScreen) previewView() string {
	st, p, w := s.sh.st, s.parsed, s.sh.width
	var b strings.Builder
	b.WriteString(st.section.Render(fit(fmt.Sprintf("%s · %s", filepath.Base(s.file), p.Format), w)) + "\n")
	skipped := 0
	for _, r := range p.Records {
		if r.OptedOut || s.suppressed[r.Email] {
			skipped++
		}
	}
	rows := Plural(p.Rows, "row")
	if s.more {
		rows = fmt.Sprintf("first %d rows (more on import)", p.Rows)
	}
	b.WriteString(fit(fmt.Sprintf("%s: %s, %d without email, %d repeated, %d suppressed, %d bad",
		rows, Plural(len(p.Records), "contact"), p.NoEmail(), p.Merged, skipped, len(p.Bad)), w) + "\n")
	b.WriteString(st.muted.Render(fit("Rows about contacts you hold merge into them; the summary counts those.", w)) + "\n")
	if len(p.Mapping) > 0 {
		var maps []string
		for _, m := range p.Mapping {
			if m.Field != contacts.FieldIgnore {
				maps = append(maps, m.Column+" → "+string(m.Field))
			}
		}
		for _, l := range wrapList("Columns: ", maps, w) {
			b.WriteString(st.muted.Render(ansi.Truncate(l, w, "…")) + "\n")
		}
	}
	cols := []column{{title: "Line", min: 5}, {title: "Name", min: 12, grow: 3}, {title: "Email", min: 12, grow: 4}, {title: "Company", min: 10, grow: 3}}
	ws := layoutColumns(cols, w)
	b.WriteString(renderHeader(st, cols, ws) + "\n")
	shown := min(len(p.Records), max(1, s.sh.height-13))
	for _, r := range p.Records[:shown] {
		email := cell{text: r.Email}
		switch {
		case r.Email == "":
			email.text = "(no email)"
		case r.OptedOut:
			email = cell{text: "skipped, opted out: " + r.Email, style: &st.warn}
		case s.suppressed[r.Email]:
			email = cell{text: "skipped, suppressed: " + r.Email, style: &st.warn}
		}
		b.WriteString(renderRow(st, []cell{{text: fmt.Sprint(r.Line)}, {text: r.Name}, email, {text: r.Company}}, ws, false) + "\n")
	}
	for i, e := range p.Bad {
		if i == 2 && len(p.Bad) > 3 {
			b.WriteString(st.warn.Render(fmt.Sprintf("and %d more bad rows", len(p.Bad)-2)) + "\n")
			break
		}
		// The reason says what to fix, at its end: wrap it (two lines at most).
		lines := strings.Split(lipgloss.Wrap(contacts.Clean(fmt.Sprintf("Bad row, line %d: %s", e.Line, e.Reason)), w, " "), "\n")
		if len(lines) > 2 {
			lines = append(lines[:1], ansi.Truncate(strings.Join(lines[1:], " "), w, "…"))
		}
		for _, l := range lines {
			b.WriteString(st.warn.Render(fit(l, w)) + "\n")
		}
	}
	b.WriteString("\n" + st.section.Render("Source") + "\n")
	marker := func(f int) string {
		if s.focus == f {
			return st.prompt.Render("› ")
		}
		return "  "
	}
	kind := "choose with ←/→"
	if s.kind >= 0 {
		kind = string(s.kinds[s.kind])
	}
	fmt.Fprintf(&b, "%s%s ‹ %s ›\n", marker(fieldKind), st.label.Render("Kind     "), kind)
	fmt.Fprintf(&b, "%s%s %s\n", marker(fieldDetail), st.label.Render("Detail   "), s.detail.View())
	fmt.Fprintf(&b, "%s%s %s\n", marker(fieldObtained), st.label.Render("Obtained "), s.obtained.View())
	return b.String()
}

// wrapList joins items after prefix with ", ", breaking lines at width.
func wrapList(prefix string, items []string, width int) []string {
	var lines []string
	line := prefix
	for i, it := range items {
		it = contacts.Clean(it)
		if i < len(items)-1 {
			it += ","
		}
		if line != prefix && len([]rune(line))+1+len([]rune(it)) > width {
			lines = append(lines, line)
			line = strings.Repeat(" ", len(prefix))
		} else if line != prefix {
			line += " "
		}
		line += it
	}
	return append(lines, line)
}
