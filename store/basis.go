package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"legit/contacts"
)

// basisQueries are the queries of basis.go.
type basisQueries struct {
	UpdateBasis       *sql.Stmt `query:"update-basis"`
	ContactRefByID    *sql.Stmt `query:"contact-ref-by-id"`
	MarkInformed      *sql.Stmt `query:"mark-informed"`
	UpsertTemplate    *sql.Stmt `query:"upsert-template"`
	ListTemplates     *sql.Stmt `query:"list-templates"`
	TemplateBySegment *sql.Stmt `query:"template-by-segment"`
	ContactsNamedIn   *sql.Stmt `query:"contacts-named-in"`
}

// Template is a reusable legitimate-interest assessment for a segment of
// contacts. Applying it copies its text into a contact, where it can be
// edited without changing the template.
type Template struct {
	Segment    string
	Assessment contacts.Assessment
	Author     string
	UpdatedAt  time.Time
}

// contactRef returns a contact's pseudonymous ref and relationship.
func (t *Tx) contactRef(contactID int64) (string, contacts.Relationship, error) {
	var ref, rel string
	err := t.stmt(t.s.q.ContactRefByID).QueryRow(contactID).Scan(&ref, &rel)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("contact %d: %w", contactID, ErrNotFound)
	}
	if err != nil {
		return "", "", fmt.Errorf("read contact %d: %w", contactID, err)
	}
	return ref, contacts.Relationship(rel), nil
}

// SetBasis records b as the contact's basis, replacing the one before, and
// logs a basis event naming the author and the kind (never the text). The
// basis is checked with contacts.ValidateBasis first. A legitimate-interest
// assessment is kept as a new version; consent evidence becomes a marketing
// consent record; the existing-customer basis makes the contact a customer.
func (t *Tx) SetBasis(contactID int64, b contacts.Basis, rep string) error {
	now := t.s.now()
	if err := contacts.ValidateBasis(b, now); err != nil {
		return fmt.Errorf("contact %d: %w", contactID, err)
	}
	ref, rel, err := t.contactRef(contactID)
	if err != nil {
		return err
	}
	if b.Kind == contacts.LegitimateInterest {
		if err := t.refuseOtherNames(contactID, b.Assessment); err != nil {
			return err
		}
	}
	b.Author, b.RecordedAt = rep, now
	if b.Kind == contacts.ExistingCustomer {
		rel = contacts.Customer
	} else {
		b.CustomerSale = contacts.CustomerSale{}
	}
	if _, err := t.stmt(t.s.q.UpdateBasis).Exec(string(b.Kind), b.Author, timeText(now), b.Purchase,
		nullTime(b.PurchaseAt), string(rel), timeText(now), b.AddressFromSale, nullTime(b.ObjectionOfferedAt), contactID); err != nil {
		return fmt.Errorf("save basis of contact %d: %w", contactID, err)
	}
	switch b.Kind {
	case contacts.LegitimateInterest:
		if err := t.insertAssessment(contactID, b); err != nil {
			return err
		}
	case contacts.ConsentBasis:
		e := b.Consent
		e.Told, e.Reference, e.ReplyText = strings.TrimSpace(e.Told), strings.TrimSpace(e.Reference), strings.TrimSpace(e.ReplyText)
		if _, err := t.insertConsent(contactID, contacts.Consent{Purpose: contacts.ConsentMarketing, ConsentEvidence: e, GrantedAt: e.GivenAt}); err != nil {
			return err
		}
	}
	_, err = t.AppendEvent(Event{Rep: rep, Kind: EventBasis, ContactRef: ref,
		Details: map[string]string{"basis": string(b.Kind)}})
	return err
}

// SetBasis records b as contact id's basis as Tx.SetBasis does, over the
// version a form loaded (Store.ContactForEdit), in one transaction: a
// contact changed since is refused with ErrStale and nothing is written;
// a failure in any step (the basis, the assessment or consent, the log
// event) leaves every step undone.
func (s *Store) SetBasis(ctx context.Context, contactID, version int64, b contacts.Basis, rep string) error {
	return s.InTx(ctx, func(t *Tx) error {
		if err := t.CheckVersion(contactID, version); err != nil {
			return err
		}
		return t.SetBasis(contactID, b, rep)
	})
}

// refuseOtherNames refuses an assessment for contact id that names another
// contact (a template saved from one person's assessment and applied to
// another unedited): it would justify writing to this person with someone
// else's circumstances.
func (t *Tx) refuseOtherNames(id int64, a contacts.Assessment) error {
	self, err := scanContact(t.stmt(t.s.q.ContactByID).QueryRow(id))
	if err != nil {
		return fmt.Errorf("read contact %d: %w", id, err)
	}
	parts := []struct {
		part contacts.AssessmentPart
		text string
	}{{contacts.PartPurpose, a.Purpose}, {contacts.PartNecessity, a.Necessity}, {contacts.PartBalancing, a.Balancing}}
	var probs []string
	for _, p := range parts {
		rows, err := t.stmt(t.s.q.ContactsNamedIn).Query(id, p.text)
		if err != nil {
			return fmt.Errorf("check the assessment for other names: %w", err)
		}
		for rows.Next() {
			var other contacts.Contact
			if err := rows.Scan(&other.ID, &other.Name, &other.Company); err != nil {
				_ = rows.Close()
				return fmt.Errorf("check the assessment for other names: %w", err)
			}
			if w := contacts.NamedIn(p.text, other, self); w != "" {
				probs = append(probs, fmt.Sprintf("%s: it names %q, which belongs to %s, another contact; write it for %s",
					p.part, w, contacts.Clean(other.Name), contacts.Clean(self.Name)))
				break
			}
		}
		if err := closeRows(rows, "check the assessment for other names"); err != nil {
			return err
		}
	}
	if len(probs) > 0 {
		return &contacts.BasisError{Problems: probs}
	}
	return nil
}

// MarkInformed records that the Art. 14 notice reached the contact at at,
// describing the basis whose contacts.Basis.NoticeKey is basisKey, and logs a
// notice event. A contact already informed keeps its first date.
func (t *Tx) MarkInformed(contactID int64, at time.Time, basisKey, rep string) error {
	ref, _, err := t.contactRef(contactID)
	if err != nil {
		return err
	}
	if _, err := t.stmt(t.s.q.MarkInformed).Exec(timeText(at), timeText(t.s.now()), basisKey, contactID); err != nil {
		return fmt.Errorf("mark contact %d informed: %w", contactID, err)
	}
	_, err = t.AppendEvent(Event{At: at, Rep: rep, Kind: EventNotice, ContactRef: ref,
		Details: map[string]string{"notice": "long"}})
	return err
}

// SaveTemplate stores a copy of a's text as the template for segment,
// replacing any template of that name.
func (t *Tx) SaveTemplate(segment string, a contacts.Assessment, rep string) error {
	segment = contacts.Clean(segment)
	if segment == "" {
		return errors.New("save template: name the segment it is for (e.g. logistics DE)")
	}
	if _, err := t.stmt(t.s.q.UpsertTemplate).Exec(segment, a.Purpose, a.Necessity, a.Balancing, rep, timeText(t.s.now())); err != nil {
		return fmt.Errorf("save template %q: %w", segment, err)
	}
	return nil
}

// SaveTemplate stores a copy of a's text as the template for segment in a
// transaction of its own, as Tx.SaveTemplate does.
func (s *Store) SaveTemplate(ctx context.Context, segment string, a contacts.Assessment, rep string) error {
	return s.InTx(ctx, func(t *Tx) error { return t.SaveTemplate(segment, a, rep) })
}

// Templates returns every assessment template, by segment name.
func (s *Store) Templates(ctx context.Context) ([]Template, error) {
	rows, err := s.q.ListTemplates.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	var out []Template
	for rows.Next() {
		tp, err := scanTemplate(rows)
		if err != nil {
			_ = rows.Close()
			return nil, err
		}
		out = append(out, tp)
	}
	return out, closeRows(rows, "list templates")
}

// Template returns the template for segment, or ErrNotFound.
func (s *Store) Template(ctx context.Context, segment string) (Template, error) {
	tp, err := scanTemplate(s.q.TemplateBySegment.QueryRowContext(ctx, contacts.Clean(segment)))
	if errors.Is(err, sql.ErrNoRows) {
		return tp, fmt.Errorf("template %q: %w", contacts.Clean(segment), ErrNotFound)
	}
	return tp, err
}

func scanTemplate(r scanner) (Template, error) {
	var tp Template
	var at string
	err := r.Scan(&tp.Segment, &tp.Assessment.Purpose, &tp.Assessment.Necessity, &tp.Assessment.Balancing, &tp.Author, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return tp, err
	}
	if err != nil {
		return tp, fmt.Errorf("read template: %w", err)
	}
	tp.UpdatedAt, err = parseTime(at)
	return tp, err
}
