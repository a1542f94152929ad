package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"legit/contacts"
)

// ownsSchema reports whether the role that connected may act as the owner of
// legit's tables (the owner, a member of the owner's role, or a superuser):
// only such a role reads the suppression key. Any other role is a member of
// a team and hashes addresses on the server (legit_address_hash).
func (s *Store) ownsSchema(ctx context.Context) (bool, error) {
	var own bool
	err := s.db.QueryRowContext(ctx, `SELECT pg_has_role(current_user,
		(SELECT relowner FROM pg_class WHERE oid = 'meta'::regclass), 'MEMBER')`).Scan(&own)
	if err != nil {
		return false, fmt.Errorf("find who owns the database: %w", err)
	}
	return own, nil
}

// serverHasher is addressHasher for a team member, who cannot read the key:
// the server hashes each address. A hash that cannot be had is "" and
// matches nothing; the checks that must not fail open ask the server about
// the address itself (Tx.IsSuppressed, the send guard of migration 0006).
func (s *Store) serverHasher() func(email string) string {
	return func(email string) string {
		var h sql.NullString
		if err := s.db.QueryRowContext(context.Background(), `SELECT legit_address_hash(?)`, contacts.MatchKey(email)).Scan(&h); err != nil {
			return ""
		}
		return h.String
	}
}

// domainKey is the match key under which a whole domain is suppressed:
// "@example.com".
func domainKey(email string) string {
	_, domain, ok := strings.Cut(contacts.MatchKey(email), "@")
	if !ok || domain == "" {
		return ""
	}
	return "@" + domain
}

// AddressCheck is what any member of a team may learn about an address
// without seeing the suppression list or a colleague's contact.
type AddressCheck struct {
	Suppressed  bool       // the address is on the suppression list
	Domain      bool       // its whole domain is
	Owner       string     // the rep who holds it as a contact ("" when nobody does)
	OwnerEmail  string     // that rep's address
	LastContact *time.Time // when anyone last emailed it, while somebody holds it
}

// Blocked reports whether nobody in the organisation may email the address.
func (c AddressCheck) Blocked() bool { return c.Suppressed || c.Domain }

// CheckAddress answers, for any member of the team, whether email may be
// written to and who holds it. On PostgreSQL the server answers
// (legit_check_address, which reads the list the asker cannot); on SQLite
// only the suppression part applies.
func (s *Store) CheckAddress(ctx context.Context, email string) (AddressCheck, error) {
	var c AddressCheck
	addr, err := contacts.NormalizeAddress(email)
	if err != nil {
		return c, fmt.Errorf("check %s: %w", email, err)
	}
	if !s.Postgres() {
		err := s.InTx(ctx, func(t *Tx) error {
			c.Suppressed, c.Domain, err = t.suppressedLocally(addr)
			return err
		})
		return c, err
	}
	var owner, ownerEmail sql.NullString
	var last sql.NullTime
	if err := s.db.QueryRowContext(ctx, `SELECT suppressed, domain, owner_name, owner_email, last_contact
		FROM legit_check_address(?)`, contacts.MatchKey(addr)).Scan(&c.Suppressed, &c.Domain, &owner, &ownerEmail, &last); err != nil {
		return c, fmt.Errorf("check %s: %w", addr, err)
	}
	c.Owner, c.OwnerEmail = owner.String, ownerEmail.String
	if last.Valid {
		t := last.Time.UTC()
		c.LastContact = &t
	}
	return c, nil
}

// suppressedLocally checks the address and its domain against the list by
// their hashes (the owner's way, and SQLite's).
func (t *Tx) suppressedLocally(email string) (address, domain bool, err error) {
	look := func(key string) (bool, error) {
		if key == "" {
			return false, nil
		}
		var reason, at string
		err := t.stmt(t.s.q.SuppressionByHash).QueryRow(t.s.AddressHash(key)).Scan(&reason, &at)
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("check suppression list: %w", err)
		}
		return true, nil
	}
	if address, err = look(email); err != nil {
		return false, false, err
	}
	domain, err = look(domainKey(email))
	return address, domain, err
}

// OwnedError is what a rep gets for a contact a colleague owns and has not
// shared with them: who owns it and what to do.
type OwnedError struct{ Owner string }

// Error says who owns the contact and what to do.
func (e OwnedError) Error() string {
	return "owned by " + e.Owner + "; ask your lead to share it"
}

// colleagueOwns returns an OwnedError when a colleague owns the contact with
// this match key, which the role that connected cannot see; nil otherwise.
func (s *Store) colleagueOwns(ctx context.Context, matchKey string) error {
	if !s.Postgres() {
		return nil
	}
	var name string
	err := s.db.QueryRowContext(ctx, `SELECT owner_name FROM legit_contact_owner(?)`, matchKey).Scan(&name)
	if err != nil {
		return nil // no owner to name (or no team functions): the caller's own answer stands
	}
	return OwnedError{Owner: name}
}

// ErrBadDomain is returned for a domain legit cannot suppress.
var ErrBadDomain = errors.New("not a domain")

// SuppressDomain puts a whole domain on the suppression list: nobody in the
// organisation may email any address at it. On a team database only a lead
// (or the DPO) may; the database refuses anyone else. Logged.
func (s *Store) SuppressDomain(ctx context.Context, domain, rep string) error {
	d := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(domain), "@")))
	if _, err := contacts.NormalizeAddress("x@" + d); err != nil || !strings.Contains(d, ".") {
		return fmt.Errorf("%q: %w (write it as example.com)", domain, ErrBadDomain)
	}
	return s.InTx(ctx, func(t *Tx) error {
		var h string
		if s.Postgres() {
			err := t.tx.QueryRowContext(ctx, `SELECT legit_suppress_domain(?)`, d).Scan(&h)
			if isPermissionDenied(err) {
				return fmt.Errorf("only a lead can suppress a whole domain: ask your lead to run legit suppress --domain %s", d)
			}
			if err != nil {
				return fmt.Errorf("suppress the domain %s: %w", d, err)
			}
		} else {
			h = s.AddressHash("@" + d)
			if _, err := t.stmt(s.q.InsertSuppression).Exec(h, string(ReasonManual), timeText(s.now())); err != nil {
				return fmt.Errorf("suppress the domain %s: %w", d, err)
			}
		}
		if len(h) < 16 {
			return fmt.Errorf("suppress the domain %s: the database has no suppression key yet (open it once as its owner)", d)
		}
		at := likeEscaper.Replace("@" + d)
		if _, err := t.stmt(s.q.SuppressAddressAt).Exec(at, string(ReasonManual), timeText(s.now())); err != nil {
			return fmt.Errorf("suppress the addresses at %s: %w", d, err)
		}
		_, err := t.AppendEvent(Event{Rep: rep, Kind: EventSuppression,
			Details: map[string]string{"reason": string(ReasonManual), "scope": "domain", "hash": h[:16]}})
		return err
	})
}

// isPermissionDenied reports whether PostgreSQL refused err's statement for
// lack of a privilege (SQLSTATE 42501).
func isPermissionDenied(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42501"
}
