package ui

import (
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"legit/contacts"
)

// customerFields are the basis form's fields for the existing-customer
// basis: what was bought and when, whether the address came with the sale,
// and when the customer was offered the chance to refuse marketing email.
type customerFields struct {
	purchase textinput.Model
	bought   textinput.Model // purchase date, YYYY-MM-DD
	fromSale bool            // the address was given by the customer in the sale
	offered  textinput.Model // objection offered at collection, YYYY-MM-DD
}

// consentFields are the basis form's fields for consent: its evidence.
type consentFields struct {
	givenOn   textinput.Model // YYYY-MM-DD
	channel   int             // index into contacts.ConsentChannels()
	told      textarea.Model
	reference textinput.Model
	reply     textarea.Model // the reply that gave consent, pasted in full
}

// newInput is a one-line field with a placeholder and a length limit.
func newInput(placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.Prompt = ""
	return in
}

// newArea is a multi-line field with a placeholder.
func newArea(placeholder string, dark bool) textarea.Model {
	ta := textarea.New()
	ta.Placeholder = placeholder
	ta.ShowLineNumbers = false
	ta.CharLimit = 4000
	ta.SetStyles(textarea.DefaultStyles(dark))
	return ta
}

func newCustomerFields() customerFields {
	return customerFields{
		purchase: newInput("what they bought, e.g. RoutePlanner Pro annual licence", 200),
		bought:   newInput("YYYY-MM-DD", 10),
		offered:  newInput("YYYY-MM-DD", 10),
	}
}

func newConsentFields(dark bool) consentFields {
	return consentFields{
		givenOn:   newInput("YYYY-MM-DD", 10),
		told:      newArea("who you are, what they agreed to receive, the exact wording they saw", dark),
		reference: newInput("Message-ID <…>, form id, photo file name or recording id", 300),
		reply:     newArea("paste the reply that said yes (email reply only)", dark),
	}
}

// fill puts a recorded customer basis into the fields.
func (f *customerFields) fill(cs contacts.CustomerSale) {
	f.purchase.SetValue(cs.Purchase)
	f.bought.SetValue(dateValue(cs.PurchaseAt))
	f.offered.SetValue(dateValue(cs.ObjectionOfferedAt))
	f.fromSale = cs.AddressFromSale
}

// fill puts the evidence of an unwithdrawn consent into the fields.
func (f *consentFields) fill(k contacts.Consent) {
	if k.Channel == "" {
		f.reference.SetValue(k.Evidence) // recorded before the evidence had fields
		return
	}
	f.givenOn.SetValue(k.GivenAt.UTC().Format("2006-01-02"))
	for i, c := range contacts.ConsentChannels() {
		if c == k.Channel {
			f.channel = i
		}
	}
	f.told.SetValue(k.Told)
	f.reference.SetValue(k.Reference)
	f.reply.SetValue(k.ReplyText)
}

// dateValue writes t as YYYY-MM-DD, or "" for nil.
func dateValue(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// readDate reads a YYYY-MM-DD field named what; an empty field is nil with no
// problem (the rules name what is missing).
func readDate(what, v string) (*time.Time, []string) {
	d, err := contacts.ParsePurchaseDate(v)
	switch {
	case err == nil:
		return &d, nil
	case errors.Is(err, contacts.ErrNoPurchaseDate):
		return nil, nil
	}
	return nil, []string{what + ": write it as YYYY-MM-DD"}
}

// sale builds the customer part of a basis from the fields.
func (f *customerFields) sale() (contacts.CustomerSale, []string) {
	cs := contacts.CustomerSale{Purchase: contacts.Clean(f.purchase.Value()), AddressFromSale: f.fromSale}
	var probs, p []string
	cs.PurchaseAt, p = readDate("purchase date", f.bought.Value())
	probs = append(probs, p...)
	cs.ObjectionOfferedAt, p = readDate("objection at collection", f.offered.Value())
	return cs, append(probs, p...)
}

// evidence builds the consent evidence from the fields.
func (f *consentFields) evidence() (contacts.ConsentEvidence, []string) {
	e := contacts.ConsentEvidence{
		Channel:   contacts.ConsentChannels()[f.channel],
		Told:      contacts.CleanMultiline(f.told.Value()),
		Reference: contacts.Clean(f.reference.Value()),
	}
	if e.Channel == contacts.ConsentByReply {
		e.ReplyText = contacts.CleanMultiline(f.reply.Value())
	}
	at, probs := readDate("consent date", f.givenOn.Value())
	if at != nil {
		e.GivenAt = *at
	}
	return e, probs
}

// focus gives field i (1-based, as the form counts) the cursor.
func (f *customerFields) focus(i int) tea.Cmd {
	switch i {
	case 1:
		return f.purchase.Focus()
	case 2:
		return f.bought.Focus()
	case 4:
		return f.offered.Focus()
	}
	return nil
}

func (f *customerFields) blur() {
	f.purchase.Blur()
	f.bought.Blur()
	f.offered.Blur()
}

// update hands msg to field i.
func (f *customerFields) update(i int, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch i {
	case 1:
		f.purchase, cmd = f.purchase.Update(msg)
	case 2:
		f.bought, cmd = f.bought.Update(msg)
	case 4:
		f.offered, cmd = f.offered.Update(msg)
	}
	return cmd
}

// focus gives field i (1-based, as the form counts) the cursor.
func (f *consentFields) focus(i int) tea.Cmd {
	switch i {
	case 1:
		return f.givenOn.Focus()
	case 3:
		return f.told.Focus()
	case 4:
		return f.reference.Focus()
	case 5:
		return f.reply.Focus()
	}
	return nil
}

func (f *consentFields) blur() {
	f.givenOn.Blur()
	f.told.Blur()
	f.reference.Blur()
	f.reply.Blur()
}

// update hands msg to field i.
func (f *consentFields) update(i int, msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch i {
	case 1:
		f.givenOn, cmd = f.givenOn.Update(msg)
	case 3:
		f.told, cmd = f.told.Update(msg)
	case 4:
		f.reference, cmd = f.reference.Update(msg)
	case 5:
		f.reply, cmd = f.reply.Update(msg)
	}
	return cmd
}

// choiceView draws the options of a selector, the chosen one marked.
func choiceView(st styles, options []string, chosen int) string {
	parts := make([]string, len(options))
	for i, o := range options {
		if i == chosen {
			parts[i] = st.tabs.active.Render("● " + o)
		} else {
			parts[i] = st.tabs.inactive.Render("○ " + o)
		}
	}
	return strings.Join(parts, "  ")
}

// channelLabels are the consent channels in words, in form order.
func channelLabels() []string {
	cs := contacts.ConsentChannels()
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Label()
	}
	return out
}
