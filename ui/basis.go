package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"legit/contacts"
	"legit/notice"
	"legit/store"
)

// basisKinds are the bases the form offers, in order.
var basisKinds = []contacts.BasisKind{contacts.LegitimateInterest, contacts.ExistingCustomer, contacts.ConsentBasis}

// basisParts are the three parts of the legitimate-interest test, in order.
var basisParts = []contacts.AssessmentPart{contacts.PartPurpose, contacts.PartNecessity, contacts.PartBalancing}

// basisData is what the basis form asks of the database: the contact with
// the version it saves over, the templates, and the two saves.
type basisData interface {
	ContactForEdit(ctx context.Context, id int64) (contacts.Contact, int64, error)
	SetBasis(ctx context.Context, contactID, version int64, b contacts.Basis, rep string) error
	Templates(ctx context.Context) ([]store.Template, error)
	Template(ctx context.Context, segment string) (store.Template, error)
	SaveTemplate(ctx context.Context, segment string, a contacts.Assessment, rep string) error
}

// basisForm records or replaces a contact's lawful basis: a
// legitimate-interest assessment in three parts, the existing-customer basis
// with its purchase, or consent with its evidence. Assessments can be saved
// as templates per segment and applied (copied) to a contact.
type basisForm struct {
	sh        *shared
	data      basisData
	id        int64
	c         contacts.Contact
	loaded    bool
	keys      basisFormKeys
	kind      int // index into basisKinds
	focus     int // 0 is the kind selector; then the kind's fields
	parts     [3]textarea.Model
	customer  customerFields
	consent   consentFields
	segment   textinput.Model
	templates []store.Template
	problems  []string // what to fix before saving
	note      string   // the last thing done, e.g. "template saved"
	loadedAs  string   // the fields as loaded, to know whether esc throws typing away
	version   int64    // the contact's row version the form was loaded from
	saving    bool     // a save or the reload after a refused one is under way
	stale     string   // why the last save was refused, and what changed
}

func newBasisForm(sh *shared, id int64) *basisForm {
	f := &basisForm{sh: sh, data: sh.Store, id: id, keys: defaultBasisFormKeys()}
	for i, p := range basisParts {
		ta := textarea.New()
		ta.Placeholder = "in your own words (" + string(p) + ")"
		ta.ShowLineNumbers = false
		ta.CharLimit = 2000
		ta.SetStyles(textarea.DefaultStyles(sh.st.isDark))
		f.parts[i] = ta
	}
	f.customer = newCustomerFields()
	f.consent = newConsentFields(sh.st.isDark)
	f.segment = newInput("segment name, e.g. logistics DE", 60)
	return f
}

func (f *basisForm) title() string {
	if !f.loaded {
		return "Lawful basis"
	}
	return "Lawful basis · " + contacts.Clean(f.c.Name)
}

// capturing is true: the form's fields take every key but its own.
func (f *basisForm) capturing() bool { return true }

func (f *basisForm) init() tea.Cmd {
	return tea.Batch(f.load(false), f.loadTemplates())
}

// load reads the contact and its version in one snapshot; stale is set for
// the reload after a refused save.
func (f *basisForm) load(stale bool) tea.Cmd {
	st, id := f.data, f.id
	return func() tea.Msg {
		c, v, err := st.ContactForEdit(bgctx(), id)
		return basisLoadedMsg{c: c, version: v, stale: stale, err: err}
	}
}

func (f *basisForm) loadTemplates() tea.Cmd {
	st := f.data
	return func() tea.Msg {
		list, err := st.Templates(bgctx())
		return templatesLoadedMsg{list: list, err: err}
	}
}

// ShortHelp lists the keys live now.
func (f *basisForm) ShortHelp() []key.Binding {
	if f.kindNow() == contacts.LegitimateInterest && f.focus == 4 {
		return []key.Binding{f.keys.SaveTemplate, f.keys.ApplyTemplate, f.keys.Save, f.keys.Cancel}
	}
	ks := []key.Binding{f.keys.Next}
	if f.onChoice() {
		ks = append(ks, f.keys.KindNext)
	}
	return append(ks, f.keys.Save, f.keys.Cancel)
}

// FullHelp lists every key of the form.
func (f *basisForm) FullHelp() [][]key.Binding {
	return [][]key.Binding{{f.keys.Next, f.keys.Prev, f.keys.KindNext, f.keys.KindPrev}, {f.keys.Save, f.keys.SaveTemplate, f.keys.ApplyTemplate, f.keys.Cancel}}
}

func (f *basisForm) kindNow() contacts.BasisKind { return basisKinds[f.kind] }

// fieldCount is the number of focusable fields for the kind chosen.
func (f *basisForm) fieldCount() int {
	switch f.kindNow() {
	case contacts.LegitimateInterest:
		return 5 // kind, three parts, segment
	case contacts.ExistingCustomer:
		return 5 // kind, purchase, date, address from the sale, objection offered
	default:
		return 6 // kind, given on, how, told, reference, reply
	}
}

// onChoice reports whether the field in focus is a selector (←/→ change it).
func (f *basisForm) onChoice() bool {
	switch f.kindNow() {
	case contacts.ExistingCustomer:
		return f.focus == 0 || f.focus == 3
	case contacts.ConsentBasis:
		return f.focus == 0 || f.focus == 2
	}
	return f.focus == 0
}

// choose moves the selector in focus by step.
func (f *basisForm) choose(step int) {
	switch {
	case f.focus == 0:
		f.kind = (f.kind + len(basisKinds) + step) % len(basisKinds)
	case f.kindNow() == contacts.ExistingCustomer:
		f.customer.fromSale = !f.customer.fromSale
	case f.kindNow() == contacts.ConsentBasis:
		n := len(contacts.ConsentChannels())
		f.consent.channel = (f.consent.channel + n + step) % n
	}
	f.problems = nil
}

// fill puts the contact's current basis into the fields.
//
// A contact without a basis in a country that requires consent for cold
// email starts on consent (or, for a customer where the country allows it,
// on the existing-customer basis): legitimate interest would never let the
// rep write.
func (f *basisForm) fill(c contacts.Contact) {
	f.c, f.loaded = c, true
	want := c.Basis.Kind
	if want == "" && refusedFor(c, contacts.LegitimateInterest) != "" {
		want = contacts.ConsentBasis
		if (c.Relationship == contacts.Customer || c.Relationship == contacts.Dormant) && refusedFor(c, contacts.ExistingCustomer) == "" {
			want = contacts.ExistingCustomer
		}
	}
	for i, k := range basisKinds {
		if k == want {
			f.kind = i
		}
	}
	a := c.Basis.Assessment
	for i, v := range []string{a.Purpose, a.Necessity, a.Balancing} {
		f.parts[i].SetValue(v)
	}
	f.customer.fill(c.Basis.CustomerSale)
	if k, ok := c.ActiveConsent(contacts.ConsentMarketing); ok {
		f.consent.fill(k)
	}
	f.loadedAs = f.snapshot()
}

func (f *basisForm) update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case basisLoadedMsg:
		f.saving = false
		if msg.err != nil {
			return f, report(fmt.Errorf("load contact: %w", msg.err))
		}
		if msg.c.ID != f.id {
			return f, nil
		}
		if msg.stale && f.loaded {
			f.stale = f.staleText(msg.c)
			f.c, f.version, f.problems, f.note = msg.c, msg.version, nil, ""
			return f, nil
		}
		f.fill(msg.c)
		f.version = msg.version
		return f, f.setFocus(0)
	case templatesLoadedMsg:
		if msg.err != nil {
			return f, report(msg.err)
		}
		f.templates = msg.list
		return f, nil
	case basisSavedMsg:
		if msg.id != f.id {
			return f, nil
		}
		f.saving = false
		if errors.Is(msg.err, store.ErrStale) {
			f.saving = true
			return f, f.load(true)
		}
		if msg.err != nil {
			return f, f.refuse(msg.err)
		}
		return f, popCmd
	case templateSavedMsg:
		if msg.err != nil {
			return f, report(msg.err)
		}
		f.note = fmt.Sprintf("Template %q saved. Apply it to other contacts with ctrl+o.", msg.segment)
		return f, f.loadTemplates()
	case templateAppliedMsg:
		if msg.err != nil {
			return f, report(msg.err)
		}
		a := contacts.FillTemplate(msg.t.Assessment, f.c)
		for i, v := range []string{a.Purpose, a.Necessity, a.Balancing} {
			f.parts[i].SetValue(v)
		}
		f.note = fmt.Sprintf("Template %q copied in: edit it for this contact, then ctrl+s.", msg.t.Segment)
		return f, nil
	case tea.KeyPressMsg:
		return f, f.updateKeys(msg)
	case tea.PasteMsg:
		return f, f.updateField(msg)
	}
	return f, f.updateField(msg)
}

func (f *basisForm) updateKeys(msg tea.KeyPressMsg) tea.Cmd {
	if !f.loaded {
		if key.Matches(msg, f.keys.Cancel) {
			return popCmd
		}
		return nil
	}
	switch {
	case key.Matches(msg, f.keys.Cancel):
		if f.snapshot() == f.loadedAs {
			return popCmd
		}
		return f.sh.push(newConfirm(f.sh, "Throw away what you typed?",
			"You changed the basis of "+contacts.Clean(f.c.Name)+" and did not save it. Leave the form and throw the changes away? (n goes back to the form; ctrl+s there saves.)",
			2, func() tea.Msg { return nil }))
	case key.Matches(msg, f.keys.Next):
		return f.setFocus((f.focus + 1) % f.fieldCount())
	case key.Matches(msg, f.keys.Prev):
		return f.setFocus((f.focus + f.fieldCount() - 1) % f.fieldCount())
	case key.Matches(msg, f.keys.Save):
		return f.save()
	case key.Matches(msg, f.keys.SaveTemplate) && f.kindNow() == contacts.LegitimateInterest:
		return f.saveTemplate()
	case key.Matches(msg, f.keys.ApplyTemplate) && f.kindNow() == contacts.LegitimateInterest:
		return f.applyTemplate()
	case f.onChoice() && key.Matches(msg, f.keys.KindNext):
		f.choose(1)
		return nil
	case f.onChoice() && key.Matches(msg, f.keys.KindPrev):
		f.choose(-1)
		return nil
	}
	return f.updateField(msg)
}

// snapshot is every field's value in one string, to compare.
func (f *basisForm) snapshot() string {
	vals := []string{fmt.Sprint(f.kind), fmt.Sprint(f.customer.fromSale), fmt.Sprint(f.consent.channel),
		f.customer.purchase.Value(), f.customer.bought.Value(), f.customer.offered.Value(),
		f.consent.givenOn.Value(), f.consent.told.Value(), f.consent.reference.Value(), f.consent.reply.Value()}
	for _, p := range f.parts {
		vals = append(vals, p.Value())
	}
	return strings.Join(vals, "\x00")
}

// updateField hands a message to the field in focus.
func (f *basisForm) updateField(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch f.kindNow() {
	case contacts.LegitimateInterest:
		switch {
		case f.focus >= 1 && f.focus <= 3:
			f.parts[f.focus-1], cmd = f.parts[f.focus-1].Update(msg)
		case f.focus == 4:
			f.segment, cmd = f.segment.Update(msg)
		}
	case contacts.ExistingCustomer:
		cmd = f.customer.update(f.focus, msg)
	default:
		cmd = f.consent.update(f.focus, msg)
	}
	return cmd
}

// setFocus moves the focus to field i of the current kind.
func (f *basisForm) setFocus(i int) tea.Cmd {
	f.focus = i
	for j := range f.parts {
		f.parts[j].Blur()
	}
	f.segment.Blur()
	f.customer.blur()
	f.consent.blur()
	switch f.kindNow() {
	case contacts.LegitimateInterest:
		switch {
		case i >= 1 && i <= 3:
			return f.parts[i-1].Focus()
		case i == 4:
			return f.segment.Focus()
		}
	case contacts.ExistingCustomer:
		return f.customer.focus(i)
	default:
		return f.consent.focus(i)
	}
	return nil
}

// basis builds the basis from the fields. A date that cannot be read is a
// problem named like the others.
func (f *basisForm) basis() (contacts.Basis, []string) {
	b := contacts.Basis{Kind: f.kindNow()}
	var probs []string
	switch b.Kind {
	case contacts.LegitimateInterest:
		b.Assessment = f.assessment()
	case contacts.ExistingCustomer:
		b.CustomerSale, probs = f.customer.sale()
	case contacts.ConsentBasis:
		b.Consent, probs = f.consent.evidence()
	}
	return b, probs
}

func (f *basisForm) assessment() contacts.Assessment {
	return contacts.Assessment{
		Purpose:   contacts.CleanMultiline(f.parts[0].Value()),
		Necessity: contacts.CleanMultiline(f.parts[1].Value()),
		Balancing: contacts.CleanMultiline(f.parts[2].Value()),
	}
}

// check validates b, and refuses a basis the contact's country does not
// allow for cold email; the problems are shown in the form.
func (f *basisForm) check(b contacts.Basis, probs []string, now time.Time) bool {
	var be *contacts.BasisError
	if err := contacts.ValidateBasis(b, now); errors.As(err, &be) {
		probs = append(be.Problems, probs...)
	}
	if refusedFor(f.c, b.Kind) != "" {
		probs = append([]string{"basis: " + b.Kind.Label() + " is not enough for a cold email to this person (the rule is above); choose another"}, probs...)
	}
	f.problems, f.note = probs, ""
	return len(probs) == 0
}

// save checks the basis and, if it passes, records it over the contact's
// version the form loaded; a contact changed since is refused
// (store.ErrStale) and the form reloads it, keeping what was typed.
func (f *basisForm) save() tea.Cmd {
	if f.saving {
		return nil
	}
	b, probs := f.basis()
	if !f.check(b, probs, f.sh.Now()) {
		return nil
	}
	f.saving = true
	st, id, rep, version := f.data, f.id, f.sh.Rep, f.version
	return func() tea.Msg {
		return basisSavedMsg{id: id, err: st.SetBasis(bgctx(), id, version, b, rep)}
	}
}

// staleText says that a save was refused and what the fresh contact c
// holds that the form did not: its basis, and for a legitimate-interest
// assessment each part that differs from what is typed now.
func (f *basisForm) staleText(c contacts.Contact) string {
	lines := []string{"Not saved: changed by someone else since you opened it."}
	b := c.Basis
	switch {
	case b.Kind == "":
		lines = append(lines, "They left the contact without a basis.")
	case b.Kind != f.c.Basis.Kind || !b.RecordedAt.Equal(f.c.Basis.RecordedAt):
		lines = append(lines, fmt.Sprintf("Their basis: %s, recorded by %s on %s.", b.Kind.Label(),
			contacts.Clean(b.Author), b.RecordedAt.Format("2 Jan 2006 15:04")))
	default:
		lines = append(lines, "The basis is as you loaded it; another part of the contact changed (such as its country, status or notice).")
	}
	if b.Kind == contacts.LegitimateInterest {
		mine := f.assessment()
		for i, pair := range [][2]string{{b.Assessment.Purpose, mine.Purpose}, {b.Assessment.Necessity, mine.Necessity}, {b.Assessment.Balancing, mine.Balancing}} {
			if pair[0] != pair[1] {
				lines = append(lines, "Their "+string(basisParts[i])+": \""+ansi.Truncate(contacts.Clean(pair[0]), 120, "…")+"\"")
			}
		}
	}
	lines = append(lines, "Yours is still in the form: ctrl+s saves it over theirs; esc leaves without saving.")
	return strings.Join(lines, "\n")
}

// refuse shows a refused save: the rule's problems in the form, anything
// else in the error line.
func (f *basisForm) refuse(err error) tea.Cmd {
	var be *contacts.BasisError
	if errors.As(err, &be) {
		f.problems = be.Problems
		return nil
	}
	return report(fmt.Errorf("save basis: %w", err))
}

func (f *basisForm) saveTemplate() tea.Cmd {
	seg := contacts.Clean(f.segment.Value())
	if seg == "" {
		f.problems, f.note = []string{"template: type a segment name in the Template field (tab to it), then ctrl+t"}, ""
		return nil
	}
	b := contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: f.assessment()}
	if !f.check(b, nil, f.sh.Now()) {
		return nil
	}
	st, rep := f.data, f.sh.Rep
	tp := contacts.TemplateOf(b.Assessment, f.c) // names nobody: {name}, {company}, {position}
	return func() tea.Msg {
		return templateSavedMsg{segment: seg, err: st.SaveTemplate(bgctx(), seg, tp, rep)}
	}
}

func (f *basisForm) applyTemplate() tea.Cmd {
	seg := contacts.Clean(f.segment.Value())
	if seg == "" && len(f.templates) == 1 {
		seg = f.templates[0].Segment
	}
	if seg == "" {
		f.problems, f.note = []string{"template: type the segment name of a saved template in the Template field, then ctrl+o"}, ""
		return nil
	}
	st := f.data
	return func() tea.Msg {
		t, err := st.Template(bgctx(), seg)
		if errors.Is(err, store.ErrNotFound) {
			err = fmt.Errorf("no template for segment %q: check the name against the saved ones", seg)
		}
		return templateAppliedMsg{t: t, err: err}
	}
}

func (f *basisForm) view() string {
	st, w := f.sh.st, f.sh.width
	if !f.loaded {
		return st.muted.Render("Loading…")
	}
	var b strings.Builder
	b.WriteString(st.crumb.Render(contacts.Clean(f.c.Name)) + st.muted.Render(" · "+fit(f.c.Company, min(30, len([]rune(contacts.Clean(f.c.Company)))))) + "\n")
	if contacts.IsDormant(f.c, f.sh.Now()) {
		b.WriteString(st.warn.Render(fit("Dormant customer: the last purchase is over 12 months old. Record a fresh basis.", w)) + "\n")
	}
	b.WriteString(f.kindView() + "\n")
	rule := ""
	if why := refusedFor(f.c, f.kindNow()); why != "" {
		rule = st.warn.Render(lipgloss.Wrap(why, max(10, w), " "))
		b.WriteString(rule + "\n")
	}
	switch f.kindNow() {
	case contacts.LegitimateInterest:
		used := 6 + max(4, lipgloss.Height(f.footer()))
		if rule != "" {
			used += lipgloss.Height(rule)
		}
		if lang := notice.Language(f.c.Language); lang != notice.DefaultLanguage {
			// The notice quotes the purpose word for word.
			hint := st.muted.Render(fit(fmt.Sprintf("The %s notice quotes the purpose as written: write it in %s.",
				notice.T(lang, "language_name", nil), notice.T(lang, "language_name", nil)), w))
			b.WriteString(hint + "\n")
			used++
		}
		rows := max(1, (f.sh.height-used)/3)
		for i, p := range basisParts {
			label := upper(string(p))
			b.WriteString(f.label(i+1, label) + " " + st.muted.Render(fit(contacts.Guidance[p], max(0, w-len(label)-3))) + "\n")
			f.parts[i].SetWidth(max(20, w-2))
			f.parts[i].SetHeight(rows)
			b.WriteString(f.parts[i].View() + "\n")
		}
		f.segment.SetWidth(max(10, w/2-12))
		b.WriteString(f.label(4, "Template") + " " + f.segment.View() + "  " + st.muted.Render(f.templateList()) + "\n")
	case contacts.ExistingCustomer:
		b.WriteString(st.muted.Render(lipgloss.Wrap("Similar products only, to an address the customer gave you in the sale, after offering them a no at collection; 12 months after the purchase the customer is dormant.", max(10, w), " ")) + "\n")
		cf := &f.customer
		cf.purchase.SetWidth(max(10, w-24))
		cf.bought.SetWidth(12)
		cf.offered.SetWidth(12)
		b.WriteString(f.label(1, "Purchase") + "         " + cf.purchase.View() + "\n")
		b.WriteString(f.label(2, "Bought on") + "        " + cf.bought.View() + "\n")
		sale := 1
		if cf.fromSale {
			sale = 0
		}
		b.WriteString(f.label(3, "Address from sale") + " " + choiceView(st, []string{"yes, they gave it", "no or not sure"}, sale) + "\n")
		b.WriteString(f.label(4, "No offered on") + "    " + cf.offered.View() + "\n")
	default:
		b.WriteString(st.muted.Render(fit("Consent needs evidence that would stand up: when, how, what they were told, a reference.", w)) + "\n")
		kf := &f.consent
		kf.givenOn.SetWidth(12)
		kf.reference.SetWidth(max(10, w-16))
		rows := max(1, (f.sh.height-14)/3)
		kf.told.SetWidth(max(20, w-2))
		kf.told.SetHeight(rows)
		kf.reply.SetWidth(max(20, w-2))
		kf.reply.SetHeight(rows)
		b.WriteString(f.label(1, "Given on") + "   " + kf.givenOn.View() + "\n")
		b.WriteString(f.label(2, "How") + "        " + choiceView(st, channelLabels(), kf.channel) + "\n")
		b.WriteString(f.label(3, "What they were told") + "\n" + kf.told.View() + "\n")
		b.WriteString(f.label(4, "Reference") + "  " + kf.reference.View() + "\n")
		b.WriteString(f.label(5, "Their reply") + "\n" + kf.reply.View() + "\n")
	}
	b.WriteString(f.footer())
	return strings.TrimRight(b.String(), "\n")
}

// label draws a field's name, marked when the field has the focus.
func (f *basisForm) label(field int, name string) string {
	if f.focus == field {
		return f.sh.st.prompt.Render("› " + name)
	}
	return f.sh.st.label.Render("  " + name)
}

// kindView is the basis selector line.
func (f *basisForm) kindView() string {
	st := f.sh.st
	parts := make([]string, len(basisKinds))
	for i, k := range basisKinds {
		if i == f.kind {
			parts[i] = st.tabs.active.Render("● " + k.Label())
		} else {
			parts[i] = st.tabs.inactive.Render("○ " + k.Label())
		}
	}
	return f.label(0, "Basis") + "  " + strings.Join(parts, "  ")
}

// templateList names the saved templates.
func (f *basisForm) templateList() string {
	if len(f.templates) == 0 {
		return "no templates yet: name one and ctrl+t"
	}
	names := make([]string, len(f.templates))
	for i, t := range f.templates {
		names[i] = t.Segment
	}
	return fit("saved: "+strings.Join(names, ", "), max(10, f.sh.width/2-4))
}

// basisLoadedMsg carries the contact the basis form edits, with its row
// version; stale is set for the reload after a refused save.
type basisLoadedMsg struct {
	c       contacts.Contact
	version int64
	stale   bool
	err     error
}

// basisSavedMsg reports a basis saved (or refused) for contact id.
type basisSavedMsg struct {
	id  int64
	err error
}

// templatesLoadedMsg carries the saved assessment templates.
type templatesLoadedMsg struct {
	list []store.Template
	err  error
}

// templateSavedMsg reports a template saved under segment.
type templateSavedMsg struct {
	segment string
	err     error
}

// templateAppliedMsg carries the template to copy into the form.
type templateAppliedMsg struct {
	t   store.Template
	err error
}

// footer is what to fix before saving, or the note of the last action.
func (f *basisForm) footer() string {
	st, w := f.sh.st, f.sh.width
	var lines []string
	if f.stale != "" {
		for i, l := range strings.Split(f.stale, "\n") {
			l = lipgloss.Wrap(l, max(10, w), " ")
			if i == 0 {
				l = st.warn.Render(l)
			}
			lines = append(lines, l)
		}
	}
	if len(f.problems) == 0 {
		if f.note != "" {
			lines = append(lines, st.ok.Render(fit(f.note, w)))
		}
		return strings.Join(lines, "\n")
	}
	lines = append(lines, st.danger.Render("To fix before saving:"))
	for _, p := range f.problems {
		lines = append(lines, st.danger.Render(indentRest(lipgloss.Wrap("• "+contacts.Clean(p), max(10, w-2), ""), 2)))
	}
	return strings.Join(lines, "\n")
}
