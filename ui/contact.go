package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"legit/contacts"
	"legit/notice"
	"legit/store"
)

// contactData is what the contact screen asks of the database: the
// contact, an open erasure request, and the replies (contact_replies.go).
// Its actions go through the use cases of rights.go.
type contactData interface {
	Contact(ctx context.Context, id int64) (contacts.Contact, error)
	ErasureAsked(ctx context.Context, contactID int64) (*time.Time, error)
	RepliesOf(ctx context.Context, contactID int64) ([]store.InboxEntry, error)
}

// contactDetail shows everything held about one contact: who they are,
// where the data came from, the basis, the consents and the notice clock.
type contactDetail struct {
	sh     *shared
	data   contactData
	id     int64
	c      contacts.Contact
	loaded bool
	failed bool // the last load failed; any key but esc tries again
	keys   scrollKeys
	vp     viewport.Model
	rkeys  rightsKeys
	acts   contactActionKeys
	note   string // the outcome of the last export, merge or correction
	gone   bool   // the contact was erased; the screen is closing
	// replies are the contact's synced replies (contact_replies.go).
	replies []store.InboxEntry
	// erasureAsked is when the person asked for erasure, while that is open.
	erasureAsked *time.Time
	// toReplies scrolls to the replies once they are in (opened from the inbox).
	toReplies bool
}

func newContactDetail(sh *shared, id int64) *contactDetail {
	vp := viewport.New()
	vp.KeyMap.Left.SetEnabled(false)
	vp.KeyMap.Right.SetEnabled(false)
	return &contactDetail{sh: sh, data: sh.Store, id: id, keys: defaultScrollKeys(), vp: vp, rkeys: defaultRightsKeys(), acts: defaultContactActionKeys()}
}

func (d *contactDetail) title() string {
	if !d.loaded {
		return "Contact"
	}
	return contacts.Clean(d.c.Name)
}

func (d *contactDetail) capturing() bool { return false }

func (d *contactDetail) init() tea.Cmd { return d.refresh() }

// refresh reloads the contact from the store.
func (d *contactDetail) refresh() tea.Cmd {
	st, id := d.data, d.id
	return tea.Batch(func() tea.Msg {
		c, err := st.Contact(bgctx(), id)
		if err != nil {
			return contactLoadedMsg{c: c, err: err}
		}
		asked, err := st.ErasureAsked(bgctx(), id)
		return contactLoadedMsg{c: c, erasureAsked: asked, err: err}
	}, d.loadReplies())
}

// ShortHelp lists the keys live now.
func (d *contactDetail) ShortHelp() []key.Binding {
	return []key.Binding{d.acts.Compose, d.acts.Basis, d.acts.Notice, d.acts.History, d.acts.OptOut, d.rkeys.Erase, d.rkeys.Edit, d.rkeys.Export, d.rkeys.Merge}
}

// FullHelp lists every key of the screen.
func (d *contactDetail) FullHelp() [][]key.Binding {
	return [][]key.Binding{{d.keys.Up, d.keys.Down}, {d.acts.Compose, d.acts.Basis, d.acts.Notice, d.acts.History, d.acts.OptOut}, {d.rkeys.Edit, d.rkeys.Export, d.rkeys.Erase, d.rkeys.Merge}}
}

func (d *contactDetail) update(msg tea.Msg) (screen, tea.Cmd) {
	if cmd, ok := d.updateRights(msg); ok {
		return d, cmd
	}
	switch msg := msg.(type) {
	case contactLoadedMsg:
		if msg.c.ID != d.id && msg.err == nil {
			return d, nil
		}
		if msg.err != nil {
			d.failed = !d.loaded
			return d, report(fmt.Errorf("load contact: %w", msg.err))
		}
		d.c, d.erasureAsked, d.loaded, d.failed = msg.c, msg.erasureAsked, true, false
		return d, nil
	case repliesLoadedMsg:
		return d, d.onReplies(msg)
	case optOutRecordedMsg:
		if msg.err == nil {
			d.note = optOutNote(msg.name, msg.res)
		}
		return d, nil
	case tea.KeyPressMsg:
		if d.failed {
			d.failed = false
			return d, d.refresh()
		}
		if cmd, ok := d.action(msg); ok {
			return d, cmd
		}
		var cmd tea.Cmd
		d.vp, cmd = d.vp.Update(msg)
		return d, cmd
	}
	return d, nil
}

func (d *contactDetail) view() string {
	if d.failed {
		return d.sh.st.muted.Render("Could not load this contact (the reason is below). Press any key to try again, esc to go back.")
	}
	if !d.loaded {
		return d.sh.st.muted.Render("Loading…")
	}
	d.vp.SetWidth(d.sh.width)
	d.vp.SetHeight(d.sh.height)
	content := d.content()
	if d.note != "" {
		note := lipgloss.Wrap(contacts.Clean(d.note), d.sh.width, " /")
		d.vp.SetHeight(max(1, d.sh.height-lipgloss.Height(note)))
		d.vp.SetContent(content)
		d.scrollToReplies(content)
		return d.sh.st.ok.Render(note) + "\n" + d.vp.View()
	}
	d.vp.SetContent(content)
	d.scrollToReplies(content)
	return d.vp.View()
}

// content is the whole detail text, before scrolling.
func (d *contactDetail) content() string {
	st, c, w := d.sh.st, d.c, d.sh.width
	var b strings.Builder
	field := func(label, value string) {
		lw := 11
		val := lipgloss.Wrap(contacts.CleanMultiline(value), max(10, w-lw-2), "")
		b.WriteString("  " + st.label.Render(fit(label, lw)) + indentRest(val, lw+2) + "\n")
	}
	section := func(name string) { b.WriteString("\n" + st.section.Render(name) + "\n") }

	b.WriteString(st.crumb.Render(contacts.Clean(c.Name)) + "  " + st.muted.Render(statusText(c)) + "\n")
	if d.erasureAsked != nil {
		asked := "Asked for erasure on " + d.erasureAsked.Format("2 Jan 2006") + ": nothing more may be sent. D erases and answers the request."
		b.WriteString(st.danger.Render(lipgloss.Wrap(asked, max(10, w), " ")) + "\n")
	}
	email := c.Email
	switch {
	case email == "" && c.Status != contacts.Active && c.Status != "":
		email = "none"
	case email == "":
		email = "none: this contact cannot be emailed until an address is added"
	}
	field("Email", email)
	field("Company", c.Company)
	field("Position", c.Position)
	props := proposalsFor(c)
	field("Country", props.countryText(c))
	field("Legal form", props.formText(c))
	field("Language", orDash(c.Language))

	section("Source")
	if !c.HasSource() {
		b.WriteString("  " + st.danger.Render("No source recorded: no email may be sent.") + "\n")
	}
	for _, s := range c.Sources {
		field("Kind", sourceText(contacts.Contact{Sources: []contacts.Source{s}}))
		field("Detail", s.Detail)
		field("Obtained", s.ObtainedAt.Format("2 Jan 2006")+" by "+s.ObtainedBy)
		if s.File != "" {
			field("Import", fmt.Sprintf("%s, line %d", s.File, s.Line))
		}
	}

	section("Lawful basis")
	switch c.Basis.Kind {
	case contacts.NoBasis:
		hint := "None recorded: no email may be sent until a basis is recorded (b)."
		if why := refusedFor(c, contacts.LegitimateInterest); why != "" {
			hint = "None recorded. " + why + " (b records a basis.)"
		}
		b.WriteString("  " + indentRest(st.warn.Render(lipgloss.Wrap(hint, max(10, w-2), " ")), 2) + "\n")
	case contacts.LegitimateInterest:
		field("Basis", basisLine(c.Basis))
		field("Purpose", c.Basis.Assessment.Purpose)
		field("Necessity", c.Basis.Assessment.Necessity)
		field("Balancing", c.Basis.Assessment.Balancing)
	case contacts.ExistingCustomer:
		field("Basis", basisLine(c.Basis))
		bought := c.Basis.Purchase
		if c.Basis.PurchaseAt != nil {
			bought += ", " + c.Basis.PurchaseAt.Format("2 Jan 2006")
		}
		field("Purchase", bought)
		field("From sale", map[bool]string{true: "the customer gave the address in the sale", false: "not confirmed: the exception does not apply"}[c.Basis.AddressFromSale])
		offered := "never: the exception does not apply"
		if at := c.Basis.ObjectionOfferedAt; at != nil {
			offered = at.Format("2 Jan 2006")
		}
		field("No offered", offered)
	default:
		field("Basis", basisLine(c.Basis))
	}

	if contacts.IsDormant(c, d.sh.Now()) {
		b.WriteString("  " + st.warn.Render("Dormant: the last purchase is over 12 months old. Press b to record a fresh basis.") + "\n")
	}

	section("Privacy notice")
	dl := deadlineOf(c, d.sh.Now(), d.sh.DeadlineDays)
	switch dl.State {
	case notice.Informed:
		field("State", "informed on "+c.InformedAt.Format("2 Jan 2006"))
	case notice.NoSource:
		field("State", "no source, so no deadline can be computed")
	default:
		state := fmt.Sprintf("not yet informed · due %s (%s)", dl.Due.Format("2 Jan 2006"), deadlineText(dl))
		if !dl.LegalDue.Equal(dl.Due) {
			state += " · the law's deadline is " + dl.LegalDue.Format("2 Jan 2006")
		}
		field("State", state)
	}

	section("Consents")
	if len(c.Consents) == 0 {
		b.WriteString("  " + st.muted.Render("None. Open tracking stays off.") + "\n")
	}
	for _, k := range c.Consents {
		state := "granted " + k.GrantedAt.Format("2 Jan 2006")
		if k.WithdrawnAt != nil {
			state += ", withdrawn " + k.WithdrawnAt.Format("2 Jan 2006")
		}
		field(string(k.Purpose), state+" · "+k.EvidenceText())
		if k.Told != "" {
			field("  told", k.Told)
		}
		if k.Withdrawal != "" {
			field("  withdrawn", k.Withdrawal)
		}
	}
	d.repliesSection(&b, section)
	if c.Stopped() {
		section("Suppressed")
		b.WriteString("  " + st.danger.Render("On the suppression list: never write to this person again.") + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// neverWritable says why no email can ever go to the contact, so compose
// does not open: no address, an opt-out, objection or bounce, an open
// erasure request. "" while the contact is not loaded or can be written to
// once the checklist passes.
func (d *contactDetail) neverWritable() string {
	c := d.c
	switch {
	case !d.loaded:
		return ""
	case d.erasureAsked != nil:
		return "They asked for erasure: nothing more may be sent. D erases them and answers the request."
	}
	if ok, why := c.Writable(); !ok {
		if !c.Emailable() && !c.Stopped() {
			return "No address is recorded: e adds one (if you may hold it), then compose."
		}
		return upper(why) + "."
	}
	return ""
}

// basisLine is the basis with who recorded it and when.
func basisLine(b contacts.Basis) string {
	s := b.Kind.Label()
	if !b.RecordedAt.IsZero() {
		s += ", recorded " + b.RecordedAt.Format("2 Jan 2006")
	}
	if b.Author != "" {
		s += " by " + b.Author
	}
	return s
}

// indentRest indents every line of s after the first by n spaces.
func indentRest(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// action handles the keys that open the basis form (b) and the notice
// preview (n).
func (d *contactDetail) action(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	// Compose and the basis form load the contact themselves, so a fast
	// typist's key is not lost while this screen is still loading.
	switch {
	case key.Matches(msg, d.acts.Compose):
		if why := d.neverWritable(); why != "" {
			d.note = why
			return nil, true
		}
		return d.sh.push(newCompose(d.sh, d.id)), true
	case key.Matches(msg, d.acts.Basis):
		return d.sh.push(newBasisForm(d.sh, d.id)), true
	case key.Matches(msg, d.acts.History):
		return d.sh.push(newHistory(d.sh, d.id)), true
	case !d.loaded:
		return nil, false
	case key.Matches(msg, d.acts.Notice):
		return d.sh.push(newNoticePreview(d.sh, d.c)), true
	case key.Matches(msg, d.acts.Confirm):
		p := proposalsFor(d.c)
		if !p.confirmable() {
			d.note = "Nothing to confirm: e sets the country and the legal form."
			return nil, true
		}
		return rectifyShownCmd(d.sh, d.id, contacts.FieldsOf(d.c), p.apply(contacts.FieldsOf(d.c))), true
	case key.Matches(msg, d.acts.OptOut):
		if d.c.Email == "" {
			d.note = "No address is recorded, so there is nothing to suppress: erase the contact (D) if they asked you to stop."
			return nil, true
		}
		return d.sh.push(newOptOutForm(d.sh, d.c.Name, d.c.Email)), true
	}
	return nil, false
}
