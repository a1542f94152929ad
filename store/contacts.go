package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"legit/contacts"
)

// Rep is a sales rep known to this database.
type Rep struct {
	ID    int64
	Name  string
	Email string
}

// EnsureRep records the rep (by email) and returns it, updating the name.
// A team member (who may not write reps) gets their own row: ConnectRep.
func (s *Store) EnsureRep(ctx context.Context, name, email string) (Rep, error) {
	if s.serverHash {
		return s.ConnectRep(ctx, name, email)
	}
	if err := s.waitWrites(ctx, func() error {
		_, err := s.q.InsertRep.ExecContext(ctx, name, email, timeText(s.now()))
		return err
	}); err != nil {
		return Rep{}, fmt.Errorf("record rep %s: %w", email, err)
	}
	var r Rep
	if err := s.q.RepByEmail.QueryRowContext(ctx, email).Scan(&r.ID, &r.Name, &r.Email); err != nil {
		return Rep{}, fmt.Errorf("read rep %s: %w", email, err)
	}
	return r, nil
}

// newRef makes a random pseudonymous contact reference.
func newRef() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make contact ref: %w", err)
	}
	return "c-" + hex.EncodeToString(b), nil
}

// AddContact saves a new contact with its sources, basis and consents, and
// logs it, inside the transaction. A contact whose status ends outreach (opted
// out, objected, undeliverable) is put on the suppression list too. A contact
// whose address is already stored gives ErrDuplicate. The caller checks the
// suppression list first.
func (t *Tx) AddContact(c contacts.Contact, rep string) (contacts.Contact, error) {
	ref, err := newRef()
	if err != nil {
		return c, err
	}
	now := t.s.now()
	c.Ref, c.CreatedAt = ref, now
	if c.Relationship == "" {
		c.Relationship = contacts.Prospect
	}
	if c.Status == "" {
		c.Status = contacts.Active
	}
	var email, key, hash sql.NullString
	if c.Email != "" {
		email = sql.NullString{String: c.Email, Valid: true}
		key = sql.NullString{String: contacts.MatchKey(c.Email), Valid: true}
		hash = sql.NullString{String: t.s.AddressHash(c.Email), Valid: true}
	}
	var basisAt sql.NullString
	if c.Basis.Recorded() {
		if c.Basis.RecordedAt.IsZero() {
			c.Basis.RecordedAt = now
		}
		basisAt = nullTime(&c.Basis.RecordedAt)
	}
	err = t.try(func() error {
		return t.stmt(t.s.q.InsertContact).QueryRow(ref, c.Name, email, key, hash, c.Company, c.Position,
			c.Country, c.Language, string(c.Relationship), string(c.Status), string(c.Basis.Kind), c.Basis.Author,
			basisAt, c.Basis.Purchase, nullTime(c.Basis.PurchaseAt), nullTime(c.InformedAt), timeText(now), timeText(now),
			string(c.LegalForm), c.Basis.AddressFromSale, nullTime(c.Basis.ObjectionOfferedAt), informedBasis(c)).Scan(&c.ID)
	})
	if err != nil {
		if isUnique(err) {
			return c, fmt.Errorf("contact %s: %w", c.Email, ErrDuplicate)
		}
		return c, fmt.Errorf("save contact: %w", err)
	}
	if err := t.addAddress(c.ID, c.Email); err != nil {
		return c, err
	}
	if err := t.keyName(c.ID, c.Name, c.Company); err != nil {
		return c, err
	}
	if err := t.markIfSuppressed(&c); err != nil {
		return c, err
	}
	for i, src := range c.Sources {
		if c.Sources[i], err = t.AddSource(c.ID, src); err != nil {
			return c, err
		}
	}
	if c.Basis.Kind == contacts.LegitimateInterest {
		if err := t.insertAssessment(c.ID, c.Basis); err != nil {
			return c, err
		}
	}
	for i, k := range c.Consents {
		if c.Consents[i].ID, err = t.insertConsent(c.ID, k); err != nil {
			return c, err
		}
	}
	if reason, ok := statusReason[c.Status]; ok && c.Email != "" {
		if err := t.Suppress(c.Email, ref, rep, reason); err != nil {
			return c, err
		}
		c.Suppressed = true
	}
	details := map[string]string{"relationship": string(c.Relationship)}
	if len(c.Sources) > 0 {
		details["source_kind"] = string(c.Sources[0].Kind)
	}
	if c.Basis.Recorded() {
		details["basis"] = string(c.Basis.Kind)
	}
	_, err = t.AppendEvent(Event{Rep: rep, Kind: EventContactAdded, ContactRef: ref, Details: details})
	return c, err
}

// informedBasis is what a contact saved as already informed was told about
// its basis, or "" when it was not informed.
func informedBasis(c contacts.Contact) string {
	if c.InformedAt == nil {
		return ""
	}
	return c.Basis.NoticeKey()
}

// insertConsent records one consent with its evidence and returns its id.
func (t *Tx) insertConsent(contactID int64, k contacts.Consent) (int64, error) {
	var id int64
	err := t.stmt(t.s.q.InsertConsent).QueryRow(contactID, string(k.Purpose), k.Evidence, timeText(k.GrantedAt),
		nullTime(k.WithdrawnAt), string(k.Channel), k.Told, k.Reference, k.ReplyText).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("save consent of contact %d: %w", contactID, err)
	}
	return id, nil
}

// statusReason maps a status that ends outreach to its suppression reason.
var statusReason = map[contacts.Status]SuppressReason{
	contacts.OptedOut:      ReasonOptOut,
	contacts.Objected:      ReasonObjection,
	contacts.Undeliverable: ReasonBounce,
}

// AddSource records one more source for a contact.
func (t *Tx) AddSource(contactID int64, src contacts.Source) (contacts.Source, error) {
	var batch sql.NullInt64
	if src.BatchID != 0 {
		batch = sql.NullInt64{Int64: src.BatchID, Valid: true}
	}
	err := t.stmt(t.s.q.InsertSource).QueryRow(contactID, string(src.Kind), src.Detail, timeText(src.ObtainedAt),
		src.ObtainedBy, batch, src.Line).Scan(&src.ID)
	if err != nil {
		return src, fmt.Errorf("save source: %w", err)
	}
	return src, nil
}

func (t *Tx) insertAssessment(contactID int64, b contacts.Basis) error {
	a := b.Assessment
	if _, err := t.stmt(t.s.q.InsertAssessment).Exec(contactID, a.Purpose, a.Necessity, a.Balancing, b.Author, timeText(b.RecordedAt)); err != nil {
		return fmt.Errorf("save assessment: %w", err)
	}
	return nil
}

// CountContacts returns how many contacts are stored.
func (s *Store) CountContacts(ctx context.Context) (int, error) {
	var n int
	if err := s.q.CountContacts.QueryRowContext(ctx).Scan(&n); err != nil {
		return 0, fmt.Errorf("count contacts: %w", err)
	}
	return n, nil
}

// ListContacts returns every contact with its sources, current basis and
// consents, ordered by name. It runs four queries, whatever the count.
func (s *Store) ListContacts(ctx context.Context) ([]contacts.Contact, error) {
	var list []contacts.Contact
	err := s.snapshot(ctx, func(t *Tx) error {
		rows, err := t.stmt(t.s.q.ListContacts).Query()
		if err != nil {
			return fmt.Errorf("list contacts: %w", err)
		}
		index := map[int64]int{}
		scan := newContactScan()
		for rows.Next() {
			c, err := scan.scan(rows)
			if err != nil {
				_ = rows.Close()
				return err
			}
			index[c.ID] = len(list)
			list = append(list, c)
		}
		if err := closeRows(rows, "list contacts"); err != nil {
			return err
		}
		return t.loadDetails(nil, func(id int64, f func(*contacts.Contact)) {
			if i, ok := index[id]; ok {
				f(&list[i])
			}
		})
	})
	return list, err
}

// Contact returns one contact with everything attached, or ErrNotFound.
// Suppressed says whether its address may not be written to: on the
// suppression list itself or by its whole domain.
func (s *Store) Contact(ctx context.Context, id int64) (contacts.Contact, error) {
	var c contacts.Contact
	err := s.snapshot(ctx, func(t *Tx) error {
		var err error
		c, err = scanContact(t.stmt(t.s.q.ContactByID).QueryRow(id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("contact %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		if c.Email != "" && !c.Suppressed {
			// The row's join sees the address's own entry, where the role may
			// read the list; a whole domain on it, a joined rep's list, or a
			// list a team member cannot read is asked for here.
			if c.Suppressed, err = t.IsSuppressed(c.Email); err != nil {
				return err
			}
		}
		return t.loadDetails(&id, func(_ int64, f func(*contacts.Contact)) { f(&c) })
	})
	return c, err
}

// snapshot runs the reads in fn in one transaction, so a contact and its
// details come from the same moment even while another connection erases
// or imports. It changes nothing.
func (s *Store) snapshot(ctx context.Context, fn func(*Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	return fn(&Tx{tx: tx, ctx: ctx, s: s})
}

// ContactByEmail returns the contact with this address, or ErrNotFound.
func (s *Store) ContactByEmail(ctx context.Context, email string) (contacts.Contact, error) {
	var id int64
	err := s.q.ContactIDByKey.QueryRowContext(ctx, contacts.MatchKey(email)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if owned := s.colleagueOwns(ctx, contacts.MatchKey(email)); owned != nil {
			return contacts.Contact{}, owned
		}
		return contacts.Contact{}, fmt.Errorf("no contact with address %s: %w", email, ErrNotFound)
	}
	if err != nil {
		return contacts.Contact{}, fmt.Errorf("find contact %s: %w", email, err)
	}
	return s.Contact(ctx, id)
}

// markIfSuppressed puts a new contact's address on the suppression list
// when its whole domain is there (the list, its tabs and counts mark
// addresses), and marks the contact suppressed when either is.
func (t *Tx) markIfSuppressed(c *contacts.Contact) error {
	if c.Email == "" || c.Suppressed {
		return nil
	}
	sup, err := t.IsSuppressed(c.Email)
	if err != nil || !sup {
		return err
	}
	if _, err := t.stmt(t.s.q.InsertSuppression).Exec(t.s.AddressHash(c.Email), string(ReasonManual), timeText(t.s.now())); err != nil {
		return fmt.Errorf("suppress %s as its domain is: %w", c.Email, err)
	}
	c.Suppressed = true
	return nil
}

// IsSuppressed reports whether email, or its whole domain, is on the
// suppression list (on a team database also the lists reps' databases
// brought when they joined).
func (s *Store) IsSuppressed(ctx context.Context, email string) (bool, error) {
	if s.Postgres() {
		return checkAddress(ctx, s.db, email)
	}
	for _, key := range []string{email, domainKey(email)} {
		if key == "" {
			continue
		}
		var reason, at string
		err := s.q.SuppressionByHash.QueryRowContext(ctx, s.AddressHash(key)).Scan(&reason, &at)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("check suppression list: %w", err)
		}
	}
	return false, nil
}

// loadDetails reads sources, latest assessments and consents (for one contact
// when id is set, else for all) and hands each to attach.
func (t *Tx) loadDetails(id *int64, attach func(int64, func(*contacts.Contact))) error {
	q := t.s.q
	if id != nil {
		return t.loadDetailsFrom(detailQueries{q.SourcesOf, q.AssessmentOf, q.ConsentsOf}, []any{*id}, attach)
	}
	return t.loadDetailsFrom(detailQueries{q.ListSources, q.ListAssessments, q.ListConsents}, nil, attach)
}

// detailQueries read a contact's sources, latest assessment and consents,
// each taking the same arguments.
type detailQueries struct{ sources, assessments, consents *sql.Stmt }

// loadDetailsFrom reads the details with qs and args and hands each to attach.
func (t *Tx) loadDetailsFrom(qs detailQueries, args []any, attach func(int64, func(*contacts.Contact))) error {
	query := func(st *sql.Stmt) (*sql.Rows, error) { return t.stmt(st).Query(args...) }
	rows, err := query(qs.sources)
	if err != nil {
		return fmt.Errorf("read sources: %w", err)
	}
	for rows.Next() {
		var cid int64
		var src contacts.Source
		var kind, at string
		if err := rows.Scan(&cid, &src.ID, &kind, &src.Detail, &at, &src.ObtainedBy, &src.BatchID, &src.File, &src.Line); err != nil {
			_ = rows.Close()
			return fmt.Errorf("read source: %w", err)
		}
		src.Kind = contacts.SourceKind(kind)
		if src.ObtainedAt, err = parseTime(at); err != nil {
			_ = rows.Close()
			return err
		}
		attach(cid, func(c *contacts.Contact) { c.Sources = append(c.Sources, src) })
	}
	if err := closeRows(rows, "read sources"); err != nil {
		return err
	}
	if rows, err = query(qs.assessments); err != nil {
		return fmt.Errorf("read assessments: %w", err)
	}
	for rows.Next() {
		var cid int64
		var a contacts.Assessment
		if err := rows.Scan(&cid, &a.Purpose, &a.Necessity, &a.Balancing); err != nil {
			_ = rows.Close()
			return fmt.Errorf("read assessment: %w", err)
		}
		attach(cid, func(c *contacts.Contact) { c.Basis.Assessment = a })
	}
	if err := closeRows(rows, "read assessments"); err != nil {
		return err
	}
	if rows, err = query(qs.consents); err != nil {
		return fmt.Errorf("read consents: %w", err)
	}
	for rows.Next() {
		var cid int64
		var k contacts.Consent
		var purpose, granted, channel string
		var withdrawn sql.NullString
		if err := rows.Scan(&cid, &k.ID, &purpose, &k.Evidence, &granted, &withdrawn, &channel, &k.Told,
			&k.Reference, &k.ReplyText, &k.Withdrawal); err != nil {
			_ = rows.Close()
			return fmt.Errorf("read consent: %w", err)
		}
		k.Purpose, k.Channel = contacts.ConsentPurpose(purpose), contacts.ConsentChannel(channel)
		if k.GrantedAt, err = parseTime(granted); err != nil {
			_ = rows.Close()
			return err
		}
		if k.Channel != "" {
			k.GivenAt = k.GrantedAt
		}
		if k.WithdrawnAt, err = parseNullTime(withdrawn); err != nil {
			_ = rows.Close()
			return err
		}
		attach(cid, func(c *contacts.Contact) { c.Consents = append(c.Consents, k) })
	}
	return closeRows(rows, "read consents")
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// scanContact reads the columns of list-contacts / contact-by-id.
func scanContact(r scanner) (contacts.Contact, error) { return scanContactWith(r) }

// scanContactWith reads the columns of list-contacts and then those of more
// columns into extra.
func scanContactWith(r scanner, extra ...any) (contacts.Contact, error) {
	return newContactScan(extra...).scan(r)
}

// contactScan reads the columns of list-contacts, and then those of more
// columns into the extra destinations it was made with, row after row into
// the same variables: a row read costs only the strings it holds.
type contactScan struct {
	c                                          contacts.Contact
	rel, status, basis, created, form          string
	basisAt, purchaseAt, informedAt, offeredAt sql.NullString
	dest                                       []any
}

// newContactScan is a contactScan that reads more columns into extra.
func newContactScan(extra ...any) *contactScan {
	s := &contactScan{}
	c := &s.c
	s.dest = append([]any{&c.ID, &c.Ref, &c.Name, &c.Email, &c.Company, &c.Position, &c.Country, &c.Language,
		&s.rel, &s.status, &s.basis, &c.Basis.Author, &s.basisAt, &c.Basis.Purchase, &s.purchaseAt, &s.informedAt, &s.created,
		&c.Suppressed, &s.form, &c.Basis.AddressFromSale, &s.offeredAt, &c.InformedBasis}, extra...)
	return s
}

// scan reads the row r is on.
func (s *contactScan) scan(r scanner) (contacts.Contact, error) {
	s.c = contacts.Contact{}
	if err := r.Scan(s.dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return s.c, err
		}
		return s.c, fmt.Errorf("read contact: %w", err)
	}
	c := s.c
	var err error
	c.Relationship, c.Status, c.Basis.Kind = contacts.Relationship(s.rel), contacts.Status(s.status), contacts.BasisKind(s.basis)
	c.LegalForm = contacts.LegalForm(s.form)
	if c.Basis.ObjectionOfferedAt, err = parseNullTime(s.offeredAt); err != nil {
		return c, err
	}
	if t, err := parseNullTime(s.basisAt); err != nil {
		return c, err
	} else if t != nil {
		c.Basis.RecordedAt = *t
	}
	if c.Basis.PurchaseAt, err = parseNullTime(s.purchaseAt); err != nil {
		return c, err
	}
	if c.InformedAt, err = parseNullTime(s.informedAt); err != nil {
		return c, err
	}
	if c.CreatedAt, err = parseTime(s.created); err != nil {
		return c, err
	}
	return c, nil
}

// closeRows closes rows and reports any iteration error.
func closeRows(rows *sql.Rows, what string) error {
	if err := rows.Err(); err != nil {
		_ = rows.Close()
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
