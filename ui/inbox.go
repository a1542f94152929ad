package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// inboxTab is one of the inbox's three lists.
type inboxTab int

const (
	tabReplies inboxTab = iota
	tabRequests
	tabConsents
)

var inboxTabNames = []string{"Replies", "Requests", "Consents"}

// inboxLimit is how many of the newest replies the inbox lists.
const inboxLimit = 500

// inboxData is what the inbox asks of the database (the sync itself is
// Deps.Sync): the three lists and the rep's answers to them.
type inboxData interface {
	ListInbox(ctx context.Context, limit int) ([]store.InboxEntry, error)
	OpenRequests(ctx context.Context) ([]store.RightsRequest, error)
	PendingConsents(ctx context.Context) ([]store.ConsentProposal, error)
	ReviewReply(ctx context.Context, inboxID int64, confirm bool, rep string) error
	DeleteStrangerReply(ctx context.Context, id int64) error
	AnswerRequest(ctx context.Context, id int64, rep string) error
	DecideConsent(ctx context.Context, id int64, confirm bool, rep string) error
	CanAssign(ctx context.Context) (bool, error)
}

// inbox is the screen of synced replies, the erasure and access requests
// waiting for an answer, and the consents waiting for the rep.
type inbox struct {
	sh       *shared
	data     inboxData
	keys     inboxKeys
	tab      inboxTab
	cursor   int
	offset   int
	loaded   bool
	replies  []store.InboxEntry
	requests []store.RightsRequest
	consents []store.ConsentProposal
	// canAssign: the rep may give requests to someone else (a lead or the
	// DPO on a team database; always on one rep's file).
	canAssign bool
	// sync in progress
	syncing  bool
	cancel   context.CancelFunc
	events   chan syncEvent
	progress outreach.SyncProgress
	note     string // the last sync's outcome
}

// inboxLoadedMsg carries the inbox's three lists, and whether the rep may
// reassign requests.
type inboxLoadedMsg struct {
	replies   []store.InboxEntry
	requests  []store.RightsRequest
	consents  []store.ConsentProposal
	canAssign bool
	err       error
}

// syncEvent is progress or the end of a sync running in the background.
type syncEvent struct {
	progress outreach.SyncProgress
	done     bool
	res      outreach.SyncResult
	err      error
}

// syncEventMsg delivers one syncEvent to the screen.
type syncEventMsg struct {
	ev     syncEvent
	events chan syncEvent
}

// replyDeletedMsg reports a stranger's reply deleted.
type replyDeletedMsg struct{ err error }

// requestAnsweredMsg reports a request the rep marked answered.
type requestAnsweredMsg struct{ err error }

// consentDecidedMsg reports a confirmed or rejected consent.
type consentDecidedMsg struct {
	confirmed bool
	name      string
	err       error
}

func newInbox(sh *shared) *inbox { return &inbox{sh: sh, data: sh.Store, keys: defaultInboxKeys()} }

func (v *inbox) title() string { return "Inbox" }

// capturing is true while a sync runs, so that esc cancels it.
func (v *inbox) capturing() bool { return v.syncing }

func (v *inbox) init() tea.Cmd { return v.refresh() }

// refresh reloads the three lists.
func (v *inbox) refresh() tea.Cmd {
	st := v.data
	return func() tea.Msg {
		ctx := bgctx()
		var m inboxLoadedMsg
		var e1, e2, e3, e4 error
		m.replies, e1 = st.ListInbox(ctx, inboxLimit)
		m.requests, e2 = st.OpenRequests(ctx)
		m.consents, e3 = st.PendingConsents(ctx)
		m.canAssign, e4 = st.CanAssign(ctx)
		m.err = errors.Join(e1, e2, e3, e4)
		return m
	}
}

// ShortHelp lists the keys live now.
func (v *inbox) ShortHelp() []key.Binding {
	if v.syncing {
		return []key.Binding{v.keys.Cancel}
	}
	if v.tab == tabConsents {
		return []key.Binding{v.keys.Confirm, v.keys.Reject, v.keys.Up, v.keys.Down, v.keys.NextTab, v.keys.Sync}
	}
	if v.tab == tabRequests {
		return []key.Binding{v.keys.Up, v.keys.Down, v.keys.NextTab, v.keys.Open, v.keys.Answer, v.keys.Reassign}
	}
	return []key.Binding{v.keys.Confirm, v.keys.Reject, v.keys.Up, v.keys.Down, v.keys.View, v.keys.Delete, v.keys.NextTab, v.keys.Sync, v.keys.Open, v.keys.OptOut}
}

// FullHelp lists every key of the screen.
func (v *inbox) FullHelp() [][]key.Binding {
	return [][]key.Binding{v.keys.listKeys.all(), {v.keys.NextTab, v.keys.PrevTab, v.keys.Open, v.keys.Sync, v.keys.Cancel, v.keys.Confirm, v.keys.Reject, v.keys.Answer, v.keys.Reassign, v.keys.Delete, v.keys.OptOut, v.keys.View}}
}

func (v *inbox) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case inboxLoadedMsg:
		if msg.err != nil {
			return v, report(fmt.Errorf("load inbox: %w", msg.err))
		}
		v.replies, v.requests, v.consents, v.canAssign, v.loaded = msg.replies, msg.requests, msg.consents, msg.canAssign, true
		v.clamp()
		return v, nil
	case requestAssignedMsg:
		if msg.err != nil {
			return v, report(msg.err)
		}
		v.note = assignedNote(msg.id, msg.a)
		return v, v.refresh()
	case syncEventMsg:
		if msg.events != v.events {
			return v, nil
		}
		return v, v.onSyncEvent(msg.ev)
	case replyDeletedMsg:
		if msg.err != nil {
			return v, report(msg.err)
		}
		v.note = "Reply deleted: nothing of that sender is held."
		return v, v.refresh()
	case requestAnsweredMsg:
		if msg.err != nil {
			return v, report(msg.err)
		}
		v.note = "Marked answered and logged."
		return v, v.refresh()
	case consentDecidedMsg:
		if msg.err != nil {
			return v, report(fmt.Errorf("record the decision: %w", msg.err))
		}
		if msg.confirmed {
			v.note = "Consent of " + msg.name + " recorded, with the reply as evidence."
		} else {
			v.note = "Consent of " + msg.name + " rejected: nothing recorded."
		}
		return v, v.refresh()
	case replyReviewedMsg:
		if msg.err != nil {
			return v, report(fmt.Errorf("record the decision: %w", msg.err))
		}
		if msg.confirmed {
			v.note = msg.name + " opted out: on the suppression list, never written to again. Logged."
		} else {
			v.note = "Not an opt-out: sends to " + msg.name + " are no longer held. Logged."
		}
		return v, v.refresh()
	case optOutRecordedMsg:
		if msg.err == nil {
			v.note = optOutNote(msg.name, msg.res)
			return v, v.refresh()
		}
		return v, nil
	case tea.KeyPressMsg:
		return v, v.updateKeys(msg)
	}
	return v, nil
}

// replyReviewedMsg reports the rep's decision on an unsure reply.
type replyReviewedMsg struct {
	confirmed bool
	name      string
	err       error
}

// underReview reports whether the reply under the cursor waits for the
// rep to say whether it is an opt-out.
func (v *inbox) underReview() bool {
	return v.tab == tabReplies && v.cursor >= 0 && v.cursor < len(v.replies) && v.replies[v.cursor].Review == store.ReviewPending
}

// review confirms or overrules an unsure reply.
func (v *inbox) review(e store.InboxEntry, confirm bool) tea.Cmd {
	st, rep, name := v.data, v.sh.Rep, contacts.Clean(e.ContactName)
	return func() tea.Msg {
		return replyReviewedMsg{confirmed: confirm, name: name, err: st.ReviewReply(bgctx(), e.ID, confirm, rep)}
	}
}

func (v *inbox) updateKeys(msg tea.KeyPressMsg) tea.Cmd {
	if v.syncing {
		if key.Matches(msg, v.keys.Cancel) && v.cancel != nil {
			v.cancel()
			v.note = "Cancelling: what was read so far is kept…"
		}
		return nil
	}
	if c, ok := v.keys.move(msg, v.cursor, v.rows(), max(1, v.tableHeight()-1)); ok {
		v.cursor = c
		v.clamp()
		return nil
	}
	switch {
	case key.Matches(msg, v.keys.NextTab):
		v.tab, v.cursor, v.offset = (v.tab+1)%3, 0, 0
	case key.Matches(msg, v.keys.PrevTab):
		v.tab, v.cursor, v.offset = (v.tab+2)%3, 0, 0
	case key.Matches(msg, v.keys.Sync):
		return v.startSync()
	case key.Matches(msg, v.keys.Reassign):
		if v.tab == tabRequests && v.cursor < len(v.requests) {
			return v.sh.push(newAssignPicker(v.sh, v.requests[v.cursor]))
		}
	case key.Matches(msg, v.keys.Open):
		if v.tab == tabRequests && v.cursor < len(v.requests) && v.requests[v.cursor].Hidden() {
			v.note = hiddenNote(v.requests[v.cursor])
			return nil
		}
		if id := v.selectedContact(); id != 0 && v.tab == tabReplies {
			return v.sh.push(newContactReplies(v.sh, id))
		}
		if id := v.selectedContact(); id != 0 {
			return v.sh.push(newContactDetail(v.sh, id))
		}
		if v.tab == tabReplies && v.cursor < len(v.replies) {
			v.note = contacts.Clean(v.replies[v.cursor].Sender) + " is not a contact: only this reply is held. D deletes it."
		}
	case key.Matches(msg, v.keys.Delete):
		if v.tab == tabReplies && v.cursor < len(v.replies) && v.replies[v.cursor].ContactID == 0 {
			e := v.replies[v.cursor]
			st, id := v.data, e.ID
			text := fmt.Sprintf("Delete the reply from %s (%q)? They are not a contact: it is all legit holds about them.",
				contacts.Clean(e.Sender), contacts.Clean(e.Subject))
			return v.sh.push(newConfirm(v.sh, "Delete the reply?", text, 1, func() tea.Msg {
				return replyDeletedMsg{err: st.DeleteStrangerReply(bgctx(), id)}
			}))
		}
	case key.Matches(msg, v.keys.Answer):
		if v.tab == tabRequests && v.cursor < len(v.requests) {
			r := v.requests[v.cursor]
			if r.Hidden() {
				v.note = hiddenNote(r)
				return nil
			}
			if r.Kind == contacts.ReplyErasure && r.ContactID != 0 {
				v.note = "Only erasing answers this request: enter opens the contact, then D."
				return nil
			}
			if r.Kind == contacts.ReplyAccess && r.ContactID != 0 {
				// Answered when they have their copy: sent from there, or
				// delivered another way and recorded.
				return v.sh.push(newAccess(v.sh, r.ContactID))
			}
			return v.askAnswered(r)
		}
	case key.Matches(msg, v.keys.Confirm), key.Matches(msg, v.keys.Reject):
		if v.tab == tabConsents && v.cursor < len(v.consents) {
			return v.decide(v.consents[v.cursor], key.Matches(msg, v.keys.Confirm))
		}
		if v.underReview() {
			return v.review(v.replies[v.cursor], key.Matches(msg, v.keys.Confirm))
		}
	case key.Matches(msg, v.keys.View):
		if v.tab == tabReplies && v.cursor < len(v.replies) {
			e := v.replies[v.cursor]
			return v.sh.push(newTextView(v.sh, historyItem{at: e.ReceivedAt, subject: e.Subject, state: replyClassText(e), text: e.Snippet}))
		}
	case key.Matches(msg, v.keys.OptOut):
		if v.tab == tabReplies && v.cursor < len(v.replies) {
			e := v.replies[v.cursor]
			name := e.ContactName
			if name == "" {
				name = e.Sender
			}
			return v.sh.push(newOptOutForm(v.sh, name, e.Sender))
		}
	}
	v.clamp()
	return nil
}

// hiddenNote says what a rep can do about a request assigned to them whose
// contact a colleague holds.
func hiddenNote(r store.RightsRequest) string {
	return contacts.Clean(r.Owner) + " holds this contact: ask them or a lead to share it with you."
}

// askAnswered asks before marking r answered: only the rep knows that they
// answered the person outside legit.
func (v *inbox) askAnswered(r store.RightsRequest) tea.Cmd {
	who := contacts.Clean(r.ContactName)
	if who == "" {
		who = "the erased contact " + r.ContactRef
	}
	text := fmt.Sprintf("Mark the %s of %s, received %s, answered? Only when you answered the person yourself, for example by email "+
		"(what you hold, or that nothing is held any more). It is logged.", classLabels[r.Kind], who, r.ReceivedAt.Format("2 Jan 2006"))
	st, rep, id := v.data, v.sh.Rep, r.ID
	return v.sh.push(newConfirm(v.sh, "Mark answered?", text, 1, func() tea.Msg {
		return requestAnsweredMsg{err: st.AnswerRequest(bgctx(), id, rep)}
	}))
}

// decide confirms or rejects a proposed consent.
func (v *inbox) decide(p store.ConsentProposal, confirm bool) tea.Cmd {
	st, rep := v.data, v.sh.Rep
	return func() tea.Msg {
		err := st.DecideConsent(bgctx(), p.ID, confirm, rep)
		return consentDecidedMsg{confirmed: confirm, name: p.ContactName, err: err}
	}
}

// startSync runs the sync in the background; its progress arrives as messages.
func (v *inbox) startSync() tea.Cmd {
	if v.sh.Sync == nil {
		v.note = "No IMAP server set up: add [imap] to the config (legit sync --help says how)."
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	events := make(chan syncEvent, 8)
	sync := v.sh.Sync
	go func() {
		res, err := sync(ctx, func(p outreach.SyncProgress) {
			select {
			case events <- syncEvent{progress: p}:
			default: // the screen is behind: skip this step, the next one comes
			}
		})
		events <- syncEvent{done: true, res: res, err: err}
		close(events)
	}()
	v.syncing, v.cancel, v.events = true, cancel, events
	v.progress, v.note = outreach.SyncProgress{Mailbox: "INBOX"}, ""
	v.keys.Cancel.SetEnabled(true)
	return waitSync(events)
}

// waitSync waits for the next event of a running sync.
func waitSync(events chan syncEvent) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-events
		if !ok {
			return nil
		}
		return syncEventMsg{ev: ev, events: events}
	}
}

func (v *inbox) onSyncEvent(ev syncEvent) tea.Cmd {
	if !ev.done {
		v.progress = ev.progress
		return waitSync(v.events)
	}
	v.cancel()
	v.syncing, v.cancel = false, nil
	v.keys.Cancel.SetEnabled(false)
	switch {
	case errors.Is(ev.err, context.Canceled):
		v.note = fmt.Sprintf("Sync cancelled: %s kept. Press s to go on from there.", Plural(ev.res.Fetched, "message"))
	case ev.err != nil:
		v.note = ""
		return tea.Batch(v.refresh(), report(ev.err))
	default:
		v.note = syncNote(ev.res)
	}
	return v.refresh()
}

// syncNote sums up a finished sync in one line.
func syncNote(r outreach.SyncResult) string {
	if r.New == 0 {
		return "Synced: no new replies."
	}
	var acted []string
	for _, c := range contacts.ReplyClasses {
		if n := r.Acted[c]; n > 0 && c != contacts.ReplyOther && c != contacts.ReplyOutOfOffice {
			acted = append(acted, fmt.Sprintf("%d %s", n, classLabels[c]))
		}
	}
	s := fmt.Sprintf("Synced: %d new replies", r.New)
	if len(acted) > 0 {
		s += " · " + strings.Join(acted, ", ")
	}
	return s + "."
}

// rows is the length of the list in view.
func (v *inbox) rows() int {
	switch v.tab {
	case tabRequests:
		return len(v.requests)
	case tabConsents:
		return len(v.consents)
	}
	return len(v.replies)
}

// selectedContact is the contact of the row under the cursor, 0 if none.
func (v *inbox) selectedContact() int64 {
	if v.cursor < 0 || v.cursor >= v.rows() {
		return 0
	}
	switch v.tab {
	case tabRequests:
		return v.requests[v.cursor].ContactID
	case tabConsents:
		return v.consents[v.cursor].ContactID
	}
	return v.replies[v.cursor].ContactID
}

func (v *inbox) clamp() {
	v.cursor = max(0, min(v.cursor, v.rows()-1))
	v.offset = window(v.offset, v.cursor, v.rows(), v.tableHeight())
	onConsent := v.tab == tabConsents && len(v.consents) > 0
	v.keys.Confirm.SetEnabled(onConsent || v.underReview())
	v.keys.Reject.SetEnabled(onConsent || v.underReview())
	if v.underReview() {
		v.keys.Confirm.SetHelp("y", "it is an opt-out")
		v.keys.Reject.SetHelp("n", "it is not")
	} else {
		v.keys.Confirm.SetHelp("y", "confirm consent")
		v.keys.Reject.SetHelp("n", "reject consent")
	}
	v.keys.OptOut.SetEnabled(v.tab == tabReplies && v.cursor >= 0 && v.cursor < len(v.replies))
	v.keys.View.SetEnabled(v.keys.OptOut.Enabled())
	v.keys.Answer.SetEnabled(v.tab == tabRequests && len(v.requests) > 0)
	v.keys.Reassign.SetEnabled(v.tab == tabRequests && len(v.requests) > 0 && v.canAssign)
	v.keys.Delete.SetEnabled(v.tab == tabReplies && v.cursor >= 0 && v.cursor < len(v.replies) && v.replies[v.cursor].ContactID == 0)
}

// tableHeight is the number of rows the table has room for.
func (v *inbox) tableHeight() int { return max(1, v.sh.height-4) }

var (
	replyColumns   = []column{{"Date", 6, 0}, {"Class", 15, 0}, {"From", 18, 2}, {"Reply", 20, 5}}
	requestColumns = []column{{"Answer by", 11, 0}, {"Left", 8, 0}, {"Request", 7, 0}, {"Contact", 18, 2},
		{"Held by", 12, 1}, {"Assignee", 12, 1}, {"Received", 8, 0}}
	consentColumns = []column{{"Contact", 18, 2}, {"Purpose", 9, 0}, {"Reply", 20, 5}}
)

func (v *inbox) view() string {
	st := v.sh.st
	var b strings.Builder
	b.WriteString(v.tabsView() + "\n")
	b.WriteString(v.statusLine() + "\n")
	cols := replyColumns
	switch v.tab {
	case tabRequests:
		cols = requestColumns
	case tabConsents:
		cols = consentColumns
	}
	ws := layoutColumns(cols, v.sh.width)
	b.WriteString(renderHeader(st, cols, ws))
	if !v.loaded {
		return b.String() + "\n" + st.muted.Render("Loading the inbox…")
	}
	if v.rows() == 0 {
		return b.String() + "\n" + st.muted.Render(v.emptyText())
	}
	end := min(v.rows(), v.offset+v.tableHeight())
	for i := v.offset; i < end; i++ {
		b.WriteString("\n" + renderRow(st, v.cells(i), ws, i == v.cursor))
	}
	return b.String()
}

func (v *inbox) tabsView() string {
	st := v.sh.st
	counts := []int{len(v.replies), len(v.requests), len(v.consents)}
	parts := make([]string, len(inboxTabNames))
	for i, n := range inboxTabNames {
		label := fmt.Sprintf("%s %d", n, counts[i])
		if inboxTab(i) == tabReplies && counts[i] >= inboxLimit {
			label = fmt.Sprintf("%s: newest %d", n, inboxLimit)
		}
		if inboxTab(i) == v.tab {
			parts[i] = st.tabs.active.Render(label)
		} else {
			parts[i] = st.tabs.inactive.Render(label)
		}
	}
	return strings.Join(parts, st.tabs.sep.Render(" │ "))
}

// statusLine is the sync's progress bar while it runs, else its outcome or
// a hint.
func (v *inbox) statusLine() string {
	st := v.sh.st
	if v.syncing {
		width := max(10, min(40, v.sh.width-40))
		line := progressText(v.progress, width)
		if v.note != "" {
			line += "  " + v.note
		}
		return st.ok.Render(fit(line, v.sh.width))
	}
	if v.note != "" {
		return st.muted.Render(fit(v.note, v.sh.width))
	}
	if v.tab == tabRequests && len(v.requests) > 0 {
		hint := "a on an access request: email their copy, or save it and record delivery."
		if v.canAssign {
			hint = "a on an access request sends or records their copy; r gives it to a colleague."
		}
		return st.muted.Render(fit(hint, v.sh.width))
	}
	if v.underReview() {
		return st.warn.Render(fit("This reply may be an opt-out: sends are held. y it is one, n it is not.", v.sh.width))
	}
	if v.sh.Sync == nil {
		return st.muted.Render(fit("No IMAP server set up: add [imap] to the config to read replies.", v.sh.width))
	}
	return st.muted.Render(fit("Press s to read new replies from your inbox.", v.sh.width))
}

// emptyText explains an empty list.
func (v *inbox) emptyText() string {
	switch v.tab {
	case tabRequests:
		return "No erasure or access request waits for an answer."
	case tabConsents:
		return "No consent waits for your confirmation."
	}
	if v.sh.Sync == nil {
		return "No replies yet. Add [imap] to the config, then press s."
	}
	return "No replies yet. Press s to sync your inbox."
}

// cells draws row i of the list in view.
func (v *inbox) cells(i int) []cell {
	st := v.sh.st
	now := v.sh.Now()
	switch v.tab {
	case tabRequests:
		r := v.requests[i]
		left := daysUntil(now, r.DueAt)
		style := &st.ok
		switch {
		case left < 0:
			style = &st.danger
		case left <= 7:
			style = &st.warn
		}
		who := cell{text: RequestWho(r)}
		switch {
		case r.Hidden():
			who = cell{text: r.ContactRef, style: &st.muted} // Held by names whose it is
		case r.Erased():
			who.style = &st.muted
		}
		return []cell{{text: r.DueAt.Format("2 Jan 2006")}, {text: daysLeftText(left), style: style},
			{text: string(r.Kind)}, who, {text: r.Owner}, {text: assigneeText(r)}, {text: r.ReceivedAt.Format("2 Jan")}}
	case tabConsents:
		p := v.consents[i]
		return []cell{{text: p.ContactName}, {text: string(p.Purpose)}, {text: p.Snippet}}
	}
	e := v.replies[i]
	from := e.ContactName
	if e.ContactID == 0 {
		from = "unknown: " + e.Sender
	}
	class := replyClassText(e)
	return []cell{{text: e.ReceivedAt.Format("2 Jan")}, {text: class, style: classStyle(st, e)}, {text: from}, {text: e.Snippet}}
}

// classStyle colours a reply's class by what it made legit do.
func classStyle(st styles, e store.InboxEntry) *lipgloss.Style {
	switch {
	case e.Review == store.ReviewPending:
		return &st.warn
	case e.Review == store.ReviewOverruled:
		return nil
	case e.Stop != "" || e.Class == contacts.ReplyBounce:
		return &st.danger
	case e.Class == contacts.ReplyErasure || e.Class == contacts.ReplyAccess:
		return &st.warn
	case e.Class == contacts.ReplyConsent:
		return &st.ok
	case e.Class == contacts.ReplyOutOfOffice:
		return &st.muted
	}
	return nil
}

// daysUntil is the whole days from now until t, by calendar date in UTC.
func daysUntil(now, t time.Time) int {
	d := func(x time.Time) time.Time {
		y, m, dd := x.UTC().Date()
		return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
	}
	return int(d(t).Sub(d(now)).Hours() / 24)
}

// daysLeftText is "12d left", "due today" or "3d late".
func daysLeftText(n int) string {
	switch {
	case n < 0:
		return fmt.Sprintf("%dd late", -n)
	case n == 0:
		return "due today"
	}
	return fmt.Sprintf("%dd left", n)
}
