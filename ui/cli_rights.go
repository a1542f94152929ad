package ui

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"legit/contacts"
	"legit/notice"
	"legit/outreach/usecase"
	"legit/store"
)

// exportDoc is the answer to an access request (Art. 15) as `legit export`
// writes it: everything held about one person, and where it came from.
type exportDoc struct {
	ExportedAt string `json:"exported_at"`
	Summary    string `json:"summary"`
	// Information is what Art. 15(1) and (2) GDPR ask besides the data, in
	// the person's notice language: purposes, sources, recipients,
	// transfers, retention, rights and the right to complain.
	Information notice.Access `json:"information"`
	exportRecord
	// OtherRecords are the person's other contact rows in the organisation
	// (a colleague's, or one under an address they had before).
	OtherRecords []exportRecord `json:"other_records,omitempty"`
}

// exportRecord is what one contact row holds about the person.
type exportRecord struct {
	Contact     exportContact      `json:"contact"`
	Sources     []exportSource     `json:"sources"`
	Assessments []exportAssessment `json:"assessments"`
	Consents    []exportConsent    `json:"consents"`
	Messages    []exportMessage    `json:"messages"`
	Replies     []exportReply      `json:"replies"`
	Events      []exportEvent      `json:"log_events"`
}

// exportReply is one of the person's replies as kept.
type exportReply struct {
	MessageID  string `json:"message_id"`
	From       string `json:"from"`
	Subject    string `json:"subject"`
	Text       string `json:"text_kept"`
	ReadAs     string `json:"read_as"`
	ReceivedAt string `json:"received_at"`
}

type exportContact struct {
	Ref          string   `json:"ref"`
	Name         string   `json:"name"`
	Email        string   `json:"email,omitempty"`
	FormerEmails []string `json:"former_emails,omitempty"`
	Company      string   `json:"company,omitempty"`
	Position     string   `json:"position,omitempty"`
	Country      string   `json:"country,omitempty"`
	Language     string   `json:"language,omitempty"`
	Relationship string   `json:"relationship"`
	Status       string   `json:"status"`
	Suppressed   bool     `json:"suppressed"`
	Basis        string   `json:"basis,omitempty"`
	BasisAuthor  string   `json:"basis_recorded_by,omitempty"`
	BasisAt      string   `json:"basis_recorded_at,omitempty"`
	Purchase     string   `json:"purchase,omitempty"`
	PurchaseAt   string   `json:"purchase_at,omitempty"`
	InformedAt   string   `json:"informed_at,omitempty"`
	LastReplyAt  string   `json:"last_reply_at,omitempty"`
	CreatedAt    string   `json:"created_at"`
	KeepUntil    string   `json:"keep_until,omitempty"`
}

type exportSource struct {
	Kind       string `json:"kind"`
	Detail     string `json:"detail"`
	ObtainedAt string `json:"obtained_at"`
	ObtainedBy string `json:"obtained_by"`
	File       string `json:"import_file,omitempty"`
	Line       int    `json:"import_line,omitempty"`
	BatchID    int64  `json:"import_batch,omitempty"`
}

type exportAssessment struct {
	Purpose   string `json:"purpose"`
	Necessity string `json:"necessity"`
	Balancing string `json:"balancing"`
	Author    string `json:"author"`
	CreatedAt string `json:"created_at"`
}

type exportConsent struct {
	Purpose     string `json:"purpose"`
	Evidence    string `json:"evidence"`
	GrantedAt   string `json:"granted_at"`
	WithdrawnAt string `json:"withdrawn_at,omitempty"`
}

type exportMessage struct {
	MessageID string `json:"message_id,omitempty"`
	Subject   string `json:"subject"`
	Body      string `json:"body"`
	State     string `json:"state"`
	CreatedAt string `json:"created_at"`
	SentAt    string `json:"sent_at,omitempty"`
}

type exportEvent struct {
	ID      int64             `json:"id"`
	At      string            `json:"at"`
	Rep     string            `json:"rep"`
	Kind    string            `json:"kind"`
	Ref     string            `json:"contact_ref"`
	Details map[string]string `json:"details,omitempty"`
	Hash    string            `json:"hash"`
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func stampPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return stamp(*t)
}

// WriteExport writes r as one JSON document with the summary in it. The
// values are the person's own data, kept as stored (JSON escapes control
// characters).
func WriteExport(w io.Writer, r contacts.Record, now time.Time, ret contacts.Retention, ctl notice.Controller) error {
	d := exportDoc{ExportedAt: stamp(now), Summary: ExportSummary(r, ret, ctl), Information: notice.AccessFor(ctl, r.Contact),
		exportRecord: recordOf(r, ret)}
	for _, o := range r.Others {
		d.OtherRecords = append(d.OtherRecords, recordOf(o, ret))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	return nil
}

// recordOf is one contact row of the person as the export writes it.
func recordOf(r contacts.Record, ret contacts.Retention) exportRecord {
	c := r.Contact
	d := exportRecord{Contact: exportContact{Ref: c.Ref, Name: c.Name, Email: c.Email, FormerEmails: r.FormerEmails, Company: c.Company, Position: c.Position,
		Country: c.Country, Language: c.Language, Relationship: string(c.Relationship), Status: string(c.Status),
		Suppressed: c.Suppressed, Basis: string(c.Basis.Kind), BasisAuthor: c.Basis.Author, BasisAt: stamp(c.Basis.RecordedAt),
		Purchase: c.Basis.Purchase, PurchaseAt: stampPtr(c.Basis.PurchaseAt), InformedAt: stampPtr(c.InformedAt),
		LastReplyAt: stampPtr(r.LastReplyAt), CreatedAt: stamp(c.CreatedAt),
		KeepUntil: stamp(contacts.KeepUntil(c, r.Activity(), ret))},
		Sources: []exportSource{}, Assessments: []exportAssessment{}, Consents: []exportConsent{},
		Messages: []exportMessage{}, Replies: []exportReply{}, Events: []exportEvent{}}
	for _, s := range c.Sources {
		d.Sources = append(d.Sources, exportSource{Kind: string(s.Kind), Detail: s.Detail, ObtainedAt: stamp(s.ObtainedAt),
			ObtainedBy: s.ObtainedBy, File: s.File, Line: s.Line, BatchID: s.BatchID})
	}
	for _, a := range r.Assessments {
		d.Assessments = append(d.Assessments, exportAssessment{Purpose: a.Purpose, Necessity: a.Necessity,
			Balancing: a.Balancing, Author: a.Author, CreatedAt: stamp(a.CreatedAt)})
	}
	for _, k := range c.Consents {
		d.Consents = append(d.Consents, exportConsent{Purpose: string(k.Purpose), Evidence: k.Evidence,
			GrantedAt: stamp(k.GrantedAt), WithdrawnAt: stampPtr(k.WithdrawnAt)})
	}
	for _, m := range r.Messages {
		d.Messages = append(d.Messages, exportMessage{MessageID: m.MessageID, Subject: m.Subject, Body: m.Body,
			State: m.State, CreatedAt: stamp(m.CreatedAt), SentAt: stampPtr(m.SentAt)})
	}
	for _, p := range r.Replies {
		d.Replies = append(d.Replies, exportReply{MessageID: p.MessageID, From: p.From, Subject: p.Subject, Text: p.Snippet,
			ReadAs: string(p.Class), ReceivedAt: stamp(p.ReceivedAt)})
	}
	for _, e := range r.Events {
		d.Events = append(d.Events, exportEvent{ID: e.ID, At: stamp(e.At), Rep: e.Rep, Kind: e.Kind, Ref: e.ContactRef,
			Details: e.Details, Hash: e.Hash})
	}
	return d
}

// ExportSummary is the record in a few plain sentences: what we hold, where
// we got it, what we use it for and how long we keep it. Imported text is
// sanitised.
func ExportSummary(r contacts.Record, ret contacts.Retention, ctl notice.Controller) string {
	c := r.Contact
	var held []string
	add := func(label, v string) {
		if v != "" {
			held = append(held, fmt.Sprintf("%s (%s)", label, contacts.Clean(v)))
		}
	}
	add("name", c.Name)
	add("email address", c.Email)
	add("earlier email addresses", strings.Join(r.FormerEmails, ", "))
	add("company", c.Company)
	add("position", c.Position)
	add("country", c.Country)
	add("language", c.Language)
	var b strings.Builder
	fmt.Fprintf(&b, "We hold your %s.", joinAnd(held))
	for _, s := range c.Sources {
		b.WriteString(" " + notice.SourceText(notice.DefaultLanguage, s, ctl.Name))
		if s.File != "" {
			fmt.Fprintf(&b, " (File %s, line %d.)", contacts.Clean(s.File), s.Line)
		}
	}
	if len(c.Sources) == 0 {
		b.WriteString(" No source is recorded.")
	}
	switch c.Basis.Kind {
	case contacts.LegitimateInterest:
		fmt.Fprintf(&b, " We use it for: %s (lawful basis: legitimate interest).", strings.TrimSuffix(contacts.Clean(c.Basis.Assessment.Purpose), "."))
	case contacts.ExistingCustomer:
		fmt.Fprintf(&b, " We use it to offer you products like the one you bought (%s) (lawful basis: existing customer).", contacts.Clean(c.Basis.Purchase))
	case contacts.ConsentBasis:
		b.WriteString(" We use it to write to you as you agreed (lawful basis: consent).")
	default:
		b.WriteString(" No lawful basis is recorded, so we do not write to you.")
	}
	if n := r.SentMessages(); n > 0 {
		fmt.Fprintf(&b, " We sent you %s.", Plural(n, "message"))
	}
	if n := len(r.Others); n > 0 {
		fmt.Fprintf(&b, " We also hold %s about you under one of your email addresses (listed under other_records), each with its sources and messages.",
			count(n, "other record", "other records"))
	}
	switch until := contacts.KeepUntil(c, r.Activity(), ret); {
	case c.Stopped():
		b.WriteString(" You asked us not to write again: your address is on our suppression list so that we never do." +
			" The rest of this record is still held until it is erased; ask us and we erase it, keeping only a keyed hash of the address.")
	case until.IsZero():
		b.WriteString(" We keep it until you ask us to erase it.")
	default:
		fmt.Fprintf(&b, " We keep it until %s unless you reply, buy from us or consent, or until you ask us to erase it.", until.Format("2 Jan 2006"))
	}
	return b.String()
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return "nothing beyond a reference"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// ErasurePlan says what an erasure removes and what it keeps, in the
// database and outside it, for the confirmation on the terminal and in the
// app.
func ErasurePlan(r contacts.Record, m usecase.MailboxPlan) string {
	c := r.Contact
	who := contacts.Clean(c.Name)
	if c.Email != "" {
		who += " <" + c.Email + ">"
	}
	goes := []string{"the contact's name, address, company, position, country and language"}
	if n := len(r.FormerEmails); n > 0 {
		goes = append(goes, count(n, "earlier address", "earlier addresses")+" ("+strings.Join(r.FormerEmails, ", ")+")")
	}
	for _, p := range []struct {
		n    int
		what string
	}{{len(c.Sources), "source"}, {len(r.Assessments), "assessment"}, {len(c.Consents), "consent"}, {len(r.Messages), "message"}} {
		if p.n > 0 {
			goes = append(goes, Plural(p.n, p.what))
		}
	}
	if n := len(r.Replies); n > 0 {
		goes = append(goes, count(n, "reply", "replies")+" they sent")
	}
	plan := fmt.Sprintf("Erasing %s removes %s", who, joinAnd(goes))
	if len(r.Messages) > 0 {
		plan += " (drafts included, with their full text)"
	}
	plan += "."
	if len(r.Others) > 0 {
		rows := make([]string, len(r.Others))
		for i, o := range r.Others {
			rows[i] = contacts.Clean(o.Contact.Name) + " (" + o.Contact.Ref + ")"
		}
		hold := "hold"
		if len(rows) == 1 {
			hold = "holds"
		}
		plan += fmt.Sprintf(" It also erases %s in the organisation that %s one of their addresses, with everything held there: %s.",
			count(len(rows), "other contact", "other contacts"), hold, strings.Join(rows, ", "))
	}
	if unsentIn(r.Others) {
		plan += " The drafts and queued emails to them there go too; a colleague whose draft goes is told so, by the contact's reference only."
	}
	var outside []string
	if m.OutboxFiles > 0 {
		outside = append(outside, count(m.OutboxFiles, "email", "emails")+" in the outbox folder")
	}
	if m.Mailbox {
		if m.SentCopies > 0 {
			outside = append(outside, count(m.SentCopies, "copy", "copies")+" legit filed in your Sent folder")
		}
		if m.Replies > 0 {
			outside = append(outside, count(m.Replies, "reply", "replies")+" legit read in your mailbox")
		}
		from := "their address"
		if len(r.FormerEmails) > 0 {
			from = "any of their addresses"
		}
		outside = append(outside, "any other mail from "+from+" in your INBOX")
	}
	if len(outside) > 0 {
		plan += " Outside the database it removes " + joinAnd(outside) + "."
	}
	kept := " Kept: the log, under a pseudonymous reference only."
	if c.Email != "" {
		kept = " Kept: a keyed hash of every address they had on the suppression list, so none is imported or written to again, and the log, under a pseudonymous reference only."
	}
	plan += kept + " This cannot be undone."
	if len(m.Exports) > 0 {
		files := make([]string, len(m.Exports))
		for i, e := range m.Exports {
			files[i] = contacts.Clean(e.Path) + " (written " + e.At.Format("2 Jan 2006 15:04") + ")"
		}
		them := "them"
		if len(files) == 1 {
			them = "it"
		}
		plan += " Not reached by the erasure: " + count(len(files), "export file", "export files") +
			" legit wrote of their data. Delete " + them + " yourself, with any copy you made: " + strings.Join(files, "; ") + "."
	}
	if len(r.MentionedBy) > 0 {
		names := make([]string, len(r.MentionedBy))
		for i, n := range r.MentionedBy {
			names[i] = contacts.Clean(n)
		}
		plan += " Their name also stays in the source of " + joinAnd(names) + ": edit it there (e) if it should go too."
	}
	if m.Waiting > 0 {
		plan += " " + pendingLine(m.Waiting)
	}
	return plan
}

// unsentIn reports whether one of rs holds a draft, a failed send or a
// queued message.
func unsentIn(rs []contacts.Record) bool {
	for _, rec := range rs {
		for _, m := range rec.Messages {
			if m.State == "draft" || m.State == "failed" || m.State == "queued" {
				return true
			}
		}
	}
	return false
}

// pendingLine says that the mailbox cleanup of n erased contacts waits.
func pendingLine(n int) string {
	return fmt.Sprintf("Mailbox cleanup pending for %s: will retry at the next start, erase or sync.", Plural(n, "erased contact"))
}

// ErasureOutcome says in a sentence or two what an erasure removed outside
// the database and what still waits, "" when there was nothing to do.
func ErasureOutcome(e usecase.Erased) string {
	res := e.Cleanup
	var gone []string
	for _, p := range []struct {
		n         int
		one, many string
	}{{res.OutboxRemoved, "outbox file", "outbox files"}, {res.Mailbox.Sent, "Sent copy", "Sent copies"},
		{res.Mailbox.Replies, "reply", "replies"}, {res.Mailbox.Inbox, "other message from them in INBOX", "other messages from them in INBOX"}} {
		if p.n > 0 {
			gone = append(gone, count(p.n, p.one, p.many))
		}
	}
	out := erasedAcross(e.Erasure)
	if len(gone) > 0 {
		out = append(out, "Removed "+joinAnd(gone)+".")
	}
	if res.Mailbox.Flagged {
		out = append(out, "Your mail server cannot remove single messages: they are flagged as deleted, and your mail program removes them when it compacts the folder.")
	}
	if res.Waiting > 0 {
		line := pendingLine(res.Waiting)
		if res.Err != nil {
			line = strings.TrimSuffix(line, ".") + " (" + contacts.Clean(res.Err.Error()) + ")."
		}
		out = append(out, line)
	}
	return strings.Join(out, " ")
}

// erasedAcross says what an erasure did beyond the contact asked about: the
// person's other contact rows, colleagues' drafts, and who still holds the
// person where the rep may not erase.
func erasedAcross(e store.Erasure) []string {
	var out []string
	if n := len(e.Others); n > 0 {
		out = append(out, fmt.Sprintf("Also erased %s that held one of their addresses (%s).",
			count(n, "other contact", "other contacts"), strings.Join(e.Others, ", ")))
	}
	if e.ColleagueDrafts > 0 {
		out = append(out, fmt.Sprintf("%s to them went too; %s told, without the person's details.",
			count(e.ColleagueDrafts, "colleague's draft or queued email", "colleagues' drafts or queued emails"),
			count(e.Told, "colleague is", "colleagues are")))
	}
	if len(e.Elsewhere) > 0 {
		names := make([]string, len(e.Elsewhere))
		for i, n := range e.Elsewhere {
			names[i] = contacts.Clean(n)
		}
		out = append(out, fmt.Sprintf("Still held by %s in a contact you may not erase: ask a lead or the DPO to erase the person there too.",
			joinAnd(names)))
	}
	return out
}

// count is n with the noun in the right number.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// isAre is the verb "to be" agreeing with n things.
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// hasHave is the verb "to have" agreeing with n things.
func hasHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

// Plural is n with what, and an s when n is not 1 (for words whose plural
// adds an s).
func Plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// retentionJSON is one row of `legit retention --json`.
type retentionJSON struct {
	ID     int64  `json:"id"`
	Ref    string `json:"ref"`
	Name   string `json:"name"`
	Email  string `json:"email,omitempty"`
	Reason string `json:"reason"`
	Text   string `json:"text"`
	Since  string `json:"last_activity,omitempty"`
}

// PrintRetention writes the contacts due for erasure as a plain list or as
// JSON (retentionWriter).
func PrintRetention(w io.Writer, rows []contacts.ErasureDue, asJSON bool) error {
	rw := newRetentionWriter(w, asJSON)
	for i := range rows {
		rw.write(&rows[i])
	}
	return rw.close()
}
