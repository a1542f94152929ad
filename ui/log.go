package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/store"
)

// maxBundleLines is how many lines the bundle statuses take at most.
const maxBundleLines = 4

// logPageSize is how many events the log screen reads at a time.
const logPageSize = 200

// logKinds are the kinds tab cycles through; "" is every kind.
var logKinds = append([]store.EventKind{""}, store.EventKinds()...)

// logData is what the log screen asks of the database: a page of events,
// the reps in the log, the weekly counts, and the chain's verification.
type logData interface {
	Log(ctx context.Context, f store.LogFilter) ([]store.LogEntry, error)
	LogReps(ctx context.Context) ([]string, error)
	WeeklyCounts(ctx context.Context, since time.Time) ([]store.WeekCount, error)
	VerifyChain(ctx context.Context) (store.ChainReport, error)
}

// logScreen is the outreach log for team leads: who contacted whom, when, on
// what basis and from what source, newest first, under a weekly chart. In
// review mode it shows the events of bundle files and each bundle's status.
type logScreen struct {
	sh       *shared
	data     logData
	keys     logKeys
	bundles  []*store.Bundle // review mode when not nil
	reps     []string
	weeks    []store.WeekCount
	kind     int // index into logKinds
	rep      int // 0 is every rep, else reps[rep-1]
	entries  []store.LogEntry
	more     bool // another page may follow
	loading  bool
	loaded   bool
	gen      int // bumped when the filter changes; older pages are dropped
	cursor   int
	offset   int
	search   filterBox
	chain    string // the outcome of the last verification, drawn in the filter line
	chainBad bool
}

// logChainMsg carries the outcome of verifying the chain from the screen.
type logChainMsg struct {
	r   store.ChainReport
	err error
}

// logMetaMsg is the reps in the log and the weekly counts.
type logMetaMsg struct {
	reps  []string
	weeks []store.WeekCount
}

// logPageMsg carries one page of events for filter generation gen.
type logPageMsg struct {
	gen     int
	next    bool // a following page, to append
	entries []store.LogEntry
	meta    *logMetaMsg // with the first page on opening and refreshing
	err     error
}

func newLogScreen(sh *shared, bundles []*store.Bundle) *logScreen {
	l := &logScreen{sh: sh, data: sh.Store, keys: defaultLogKeys(), bundles: bundles, search: newFilterBox("contact name or ref, rep or kind")}
	l.keys.Verify.SetEnabled(bundles == nil) // a review's bundles were verified when read
	l.keys.Team.SetEnabled(bundles == nil)   // the report reads the live database
	return l
}

func (l *logScreen) title() string {
	if l.bundles != nil {
		return "Review"
	}
	return "Outreach log"
}

func (l *logScreen) capturing() bool { return l.search.active }

func (l *logScreen) init() tea.Cmd { return l.reload() }

// reload reads the chart, the reps and the first page, in one message so
// that the screen draws them together. (Not a refresher: back from an event,
// the log stays where it was.)
func (l *logScreen) reload() tea.Cmd {
	page := l.loadPage(false)
	st, since := l.data, weekStart(l.sh.Now()).AddDate(0, 0, -7*(chartWeeks-1))
	return func() tea.Msg {
		msg := page().(logPageMsg)
		if msg.err != nil {
			return msg
		}
		meta := &logMetaMsg{}
		if meta.reps, msg.err = st.LogReps(bgctx()); msg.err == nil {
			meta.weeks, msg.err = st.WeeklyCounts(bgctx(), since)
		}
		msg.meta = meta
		return msg
	}
}

// filter is the store filter the screen's kind, rep and text make.
func (l *logScreen) filter() store.LogFilter {
	since, until, text := logDates(l.search.value(), l.sh.Now())
	f := store.LogFilter{Kind: logKinds[l.kind], Text: text, Since: since, Until: until, Limit: logPageSize}
	if l.rep > 0 && l.rep <= len(l.reps) {
		f.Rep = l.reps[l.rep-1]
	}
	return f
}

// loadPage reads the first page for the current filter, or the page after
// the last entry shown when next is set.
func (l *logScreen) loadPage(next bool) tea.Cmd {
	if !next {
		l.gen++
	}
	f, gen, st := l.filter(), l.gen, l.data
	if next && len(l.entries) > 0 {
		last := l.entries[len(l.entries)-1]
		f.After = &last
	}
	l.loading = true
	return func() tea.Msg {
		es, err := st.Log(bgctx(), f)
		return logPageMsg{gen: gen, next: next, entries: es, err: err}
	}
}

// ShortHelp lists the keys live now.
func (l *logScreen) ShortHelp() []key.Binding {
	if l.search.active {
		return l.search.help()
	}
	return []key.Binding{l.keys.Up, l.keys.Down, l.keys.Filter, l.keys.NextKind, l.keys.NextRep, l.keys.ClearText}
}

// verify recomputes the whole chain in the background.
func (l *logScreen) verify() tea.Cmd {
	st := l.data
	l.chain, l.chainBad = "verifying the chain…", false
	return func() tea.Msg {
		r, err := st.VerifyChain(bgctx())
		return logChainMsg{r: r, err: err}
	}
}

// FullHelp lists every key of the screen in columns.
func (l *logScreen) FullHelp() [][]key.Binding {
	return [][]key.Binding{l.keys.listKeys.all(), {l.keys.Filter, l.keys.ClearText, l.keys.NextKind, l.keys.PrevKind, l.keys.NextRep},
		{l.keys.Open, l.keys.Verify, l.keys.Team}}
}

func (l *logScreen) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case logChainMsg:
		var ce *store.ChainError
		switch {
		case msg.err == nil:
			l.chain = "✓ chain ok: " + Plural(msg.r.Events, "event")
		case errors.As(msg.err, &ce):
			l.chain, l.chainBad = "✗ "+ce.Error(), true
		default:
			l.chain = ""
			return l, report(fmt.Errorf("verify the chain: %w", msg.err))
		}
		return l, nil
	case logPageMsg:
		if msg.gen != l.gen {
			return l, nil
		}
		l.loading = false
		if msg.err != nil {
			return l, report(fmt.Errorf("load the log: %w", msg.err))
		}
		if msg.meta != nil {
			l.reps, l.weeks = msg.meta.reps, msg.meta.weeks
		}
		if msg.next {
			l.entries = append(l.entries, msg.entries...)
		} else {
			l.entries, l.cursor, l.offset = msg.entries, 0, 0
		}
		l.more = len(msg.entries) == logPageSize
		l.loaded = true
		l.clamp()
		return l, nil
	}
	if l.search.active {
		changed, cmd := l.search.update(msg)
		l.keys.ClearText.SetEnabled(l.search.value() != "")
		if changed {
			return l, tea.Batch(cmd, l.loadPage(false))
		}
		return l, cmd
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return l, l.updateKeys(msg)
	}
	return l, nil
}

func (l *logScreen) updateKeys(msg tea.KeyPressMsg) tea.Cmd {
	page := max(1, l.tableHeight()-1)
	if c, ok := l.keys.move(msg, l.cursor, len(l.entries), page); ok {
		l.cursor = c
		return l.moved(page)
	}
	switch {
	case key.Matches(msg, l.keys.NextKind):
		l.kind = (l.kind + 1) % len(logKinds)
		return l.loadPage(false)
	case key.Matches(msg, l.keys.PrevKind):
		l.kind = (l.kind + len(logKinds) - 1) % len(logKinds)
		return l.loadPage(false)
	case key.Matches(msg, l.keys.NextRep):
		l.rep = (l.rep + 1) % (len(l.reps) + 1)
		return l.loadPage(false)
	case key.Matches(msg, l.keys.Filter):
		return l.search.focus()
	case key.Matches(msg, l.keys.ClearText):
		l.search.clear()
		l.keys.ClearText.SetEnabled(false)
		return l.loadPage(false)
	case key.Matches(msg, l.keys.Verify):
		return l.verify()
	case key.Matches(msg, l.keys.Team):
		return l.sh.push(newTeamScreen(l.sh))
	case key.Matches(msg, l.keys.Open):
		if l.cursor < len(l.entries) {
			return l.sh.push(newLogEvent(l.sh, l.entries[l.cursor]))
		}
	}
	return l.moved(page)
}

// moved keeps the cursor in range and loads the next page when it nears the end.
func (l *logScreen) moved(page int) tea.Cmd {
	l.clamp()
	if l.more && !l.loading && l.cursor >= len(l.entries)-page {
		return l.loadPage(true)
	}
	return nil
}

func (l *logScreen) clamp() {
	l.cursor = max(0, min(l.cursor, len(l.entries)-1))
	l.offset = window(l.offset, l.cursor, len(l.entries), l.tableHeight())
}

// chartReps are the reps the chart draws: the one picked, or all.
func (l *logScreen) chartReps() []string {
	if f := l.filter(); f.Rep != "" {
		return []string{f.Rep}
	}
	return l.reps
}

// maxChartReps is how many rep lines the chart has room for.
func (l *logScreen) maxChartReps() int { return max(1, (l.sh.height-14)/2) }

// headHeight is the number of lines above the table's header.
func (l *logScreen) headHeight() int {
	return lipgloss.Height(l.headView())
}

// tableHeight is the number of rows the table has room for (view computes
// the same from the head it draws).
func (l *logScreen) tableHeight() int { return max(1, l.sh.height-l.headHeight()-1) }

var logColumns = []column{
	{"When", 12, 2},
	{"Rep", 8, 2},
	{"Contact", 12, 4},
	{"What", 14, 2},
	{"Basis", 8, 0},
	{"Source", 8, 2},
	{"Notice", 6, 0},
	{"Track", 5, 0},
}

// headView is everything above the table: bundle statuses in review mode,
// the filter line and the chart.
func (l *logScreen) headView() string {
	var parts []string
	if l.bundles != nil {
		parts = append(parts, l.bundlesView())
	}
	if l.chain != "" {
		style := l.sh.st.ok
		if l.chainBad {
			style = l.sh.st.danger
		}
		parts = append(parts, style.Render(strings.TrimRight(fit(l.chain, l.sh.width), " ")))
	}
	parts = append(parts, l.filterView(), renderChart(l.sh.st, l.weeks, l.chartReps(), l.sh.Now(), l.sh.width, l.maxChartReps()))
	return strings.Join(parts, "\n")
}

func (l *logScreen) view() string {
	st := l.sh.st
	var b strings.Builder
	head := l.headView() // drawn once: its height gives the table's
	b.WriteString(head)
	b.WriteByte('\n')
	ws := layoutColumns(logColumns, l.sh.width)
	b.WriteString(renderHeader(st, logColumns, ws))
	switch {
	case !l.loaded:
		b.WriteString("\n" + st.muted.Render("Loading the log…"))
	case len(l.entries) == 0:
		b.WriteString("\n" + st.muted.Render(lipgloss.Wrap(l.emptyText(), max(10, l.sh.width), " ")))
	default:
		end := min(len(l.entries), l.offset+max(1, l.sh.height-lipgloss.Height(head)-1))
		for i := l.offset; i < end; i++ {
			b.WriteString("\n" + renderRow(st, logCells(st, l.entries[i], ws[0]), ws, i == l.cursor))
		}
	}
	return b.String()
}

// emptyText explains an empty log and what to do.
func (l *logScreen) emptyText() string {
	f := l.filter()
	if f.Kind == "" && f.Rep == "" && f.Text == "" && f.Since.IsZero() && f.Until.IsZero() {
		return "The log is empty. Imports, basis changes, emails and opt-outs will show here."
	}
	if w := notADate(f.Text); w != "" && backwards(w) {
		return w + " ends before it starts: put the earlier day first, as in 2026-11-02..2026-11-06."
	} else if w != "" {
		return w + " is not a date. / takes 2026-11-02, 2026-11 or 2026-11-02..2026-11-06, or today, this week, last month."
	}
	return "No event matches. Press tab for another kind, r for another rep, backspace to clear the text (/ takes a name, today, this week, last month or 2026-11-02)."
}

func (l *logScreen) filterView() string {
	st := l.sh.st
	f := l.filter()
	kind, rep := "all", "all"
	if f.Kind != "" {
		kind = kindText(f.Kind, nil)
	}
	if f.Rep != "" {
		rep = f.Rep
	}
	line := st.label.Render("Kind ") + kind + st.muted.Render(" (tab)") + st.label.Render("  Rep ") + fit(rep, min(20, ansi.StringWidth(rep))) + st.muted.Render(" (r)")
	if l.search.active {
		return line + "  " + l.search.view(l.sh.width-ansi.StringWidth(line)-6)
	}
	n := Plural(len(l.entries), "event")
	if l.more {
		n = fmt.Sprintf("%d+ events", len(l.entries))
	}
	if v := l.search.value(); v != "" {
		count := n
		if l.loading {
			count = "searching…"
		}
		return line + "  " + st.prompt.Render("/ ") + fit(v, min(20, ansi.StringWidth(v))) + st.muted.Render(" · "+count)
	}
	return line + st.muted.Render("  · "+n+" · / name, date")
}

// bundlesView is one line per bundle: its file, rep, size and status.
func (l *logScreen) bundlesView() string {
	st := l.sh.st
	lines := make([]string, 0, len(l.bundles))
	shown := l.bundles
	if len(shown) > maxBundleLines {
		shown = shown[:maxBundleLines-1]
	}
	for _, b := range shown {
		name := filepath.Base(b.Path)
		var mark, text string
		switch {
		case b.Err == nil:
			mark = st.ok.Render("✓")
			text = fmt.Sprintf("%s · %s · %s · chain ok", name, b.Header.Rep, Plural(len(b.Links), "event"))
		case b.Readable():
			mark = st.danger.Render("✗")
			text = fmt.Sprintf("%s · %s · %v", name, b.Header.Rep, b.Err)
		default:
			mark = st.warn.Render("?")
			text = fmt.Sprintf("%s · unreadable: %v", name, b.Err)
		}
		lines = append(lines, mark+" "+strings.TrimRight(fit(text, max(1, l.sh.width-2)), " "))
	}
	if len(shown) < len(l.bundles) {
		lines = append(lines, st.muted.Render(fmt.Sprintf("  and %d more bundles: legit review --json FILE... lists every status", len(l.bundles)-len(shown))))
	}
	return strings.Join(lines, "\n")
}

// logCells is one event's row; when is drawn with the year when it fits.
func logCells(st styles, e store.LogEntry, whenWidth int) []cell {
	layout := "Jan 02 15:04"
	if whenWidth >= 16 {
		layout = "2006-01-02 15:04"
	}
	who := cell{text: e.ContactName}
	if who.text == "" {
		who = cell{text: e.ContactRef, style: &st.muted}
	}
	what := cell{text: kindText(e.Kind, e.Details)}
	switch e.Kind {
	case store.EventOptOut, store.EventSuppression, store.EventErasure:
		what.style = &st.danger
	case store.EventSend, store.EventNotice:
		what.style = &st.ok
	}
	track := cell{text: e.Details["tracking"]}
	if track.text == "on" {
		track.style = &st.warn
	}
	return []cell{
		{text: e.At.UTC().Format(layout)}, {text: e.Rep}, who, what,
		{text: basisText(e.Details["basis"])}, {text: strings.ReplaceAll(e.Details["source_kind"], "_", " ")},
		{text: e.Details["notice"]}, track,
	}
}

// kindDetails are the details that refine an event's words on the log
// screen ("first email", "bounced", "access given", …); a test checks that
// every word the screen shows is one store.ParseEventKind knows.
var kindDetails = []map[string]string{nil, {"first": "true"}, {"reason": "opt_out"}, {"reason": "objection"},
	{"reason": "bounce"}, {"reason": "withdrawal"}, {"requests_answered": "1"}, {"withdrawn": "marketing"}}

// kindText is an event kind in words, refined by its details when given.
func kindText(k store.EventKind, d map[string]string) string {
	switch k {
	case store.EventSend:
		if d["kind"] == string(store.KindAccess) {
			return "access copy"
		}
		if d["first"] == "true" {
			return "first email"
		}
		return "email"
	case store.EventContactAdded:
		return "added"
	case store.EventOptOut:
		return "opt-out"
	case store.EventSuppression:
		switch d["reason"] {
		case "opt_out":
			return "opted out"
		case "objection":
			return "objected"
		case "bounce":
			return "bounced"
		case "withdrawal":
			return "withdrew"
		}
		return "suppressed"
	case store.EventErasure:
		if d["requests_answered"] != "" {
			return "erased (asked)"
		}
		return "erased"
	case store.EventExport:
		if d["requests_answered"] != "" || d["delivered"] != "" {
			return "access given"
		}
		return "export"
	case store.EventAnswered:
		return "answered"
	case store.EventAssigned:
		return "assigned"
	case store.EventReview:
		return "not an opt-out"
	case store.EventConsent:
		if d["withdrawn"] != "" {
			return "consent withdrawn"
		}
		return "consent"
	case store.EventRectify:
		return "rectified"
	case store.EventJoined:
		return "joined the team"
	case store.EventOrgSet:
		return strings.TrimSpace("setting " + d["key"])
	case store.EventQueued:
		if d["outcome"] == "not_sent" {
			return "not sent"
		}
		return "queued"
	case store.EventSendResolved:
		return "resolved"
	}
	return string(k)
}

// basisText is a lawful basis as the log shows it.
func basisText(b string) string {
	switch b {
	case "legitimate_interest":
		return "interest"
	case "existing_customer":
		return "customer"
	}
	return b
}

// NewReview builds the root model opened on the review screen: the events of
// the bundles in one log, each bundle's chain status above. d.Store is the
// review database the bundles were loaded into (store.OpenReview).
func NewReview(d Deps, bundles []*store.Bundle) Model {
	m := New(d)
	if bundles == nil {
		bundles = []*store.Bundle{}
	}
	m.stack, m.secs = []screen{newLogScreen(m.sh, bundles)}, nil // a review shows only the bundles
	return m
}

// RunReview opens the review screen and returns when the lead quits.
func RunReview(ctx context.Context, d Deps, bundles []*store.Bundle) error {
	_, err := tea.NewProgram(NewReview(d, bundles), tea.WithContext(ctx)).Run()
	if err != nil && !errors.Is(err, tea.ErrInterrupted) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("run the review: %w", err)
	}
	return nil
}
