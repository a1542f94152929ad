package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"legit/contacts"
)

// SuppressReason says why an address is on the suppression list.
type SuppressReason string

// The reasons an address can be suppressed.
const (
	ReasonOptOut    SuppressReason = "opt_out"
	ReasonObjection SuppressReason = "objection"
	ReasonErasure   SuppressReason = "erasure"
	ReasonBounce    SuppressReason = "bounce"
	ReasonManual    SuppressReason = "manual"
	// ReasonWithdrawal: the person withdrew the consent their email rested on.
	ReasonWithdrawal SuppressReason = "withdrawal"
)

// AddressHash is the keyed hash of a normalised address under which it is
// suppressed: HMAC-SHA-256 of the match key with this database's secret key.
// It lets the list be checked without keeping the address itself.
func (s *Store) AddressHash(email string) string { return s.addressHasher()(email) }

// addressHasher returns AddressHash with its HMAC set up once, for hashing
// many addresses in a row (an import); it is not safe for concurrent use.
func (s *Store) addressHasher() func(email string) string {
	if s.serverHash {
		return s.serverHasher()
	}
	m := hmac.New(sha256.New, s.key)
	var sum [sha256.Size]byte
	return func(email string) string {
		m.Reset()
		m.Write([]byte(contacts.MatchKey(email)))
		return hex.EncodeToString(m.Sum(sum[:0]))
	}
}

// Suppress puts email on the suppression list inside the transaction and logs
// it against ref (which may be empty). Suppressing twice is harmless.
func (t *Tx) Suppress(email, ref, rep string, reason SuppressReason) error {
	h := t.s.AddressHash(email)
	if _, err := t.stmt(t.s.q.InsertSuppression).Exec(h, string(reason), timeText(t.s.now())); err != nil {
		return fmt.Errorf("suppress address: %w", err)
	}
	_, err := t.AppendEvent(Event{Rep: rep, Kind: EventSuppression, ContactRef: ref,
		Details: map[string]string{"reason": string(reason), "hash": h[:16]}})
	return err
}

// queryer is what *sql.DB and *sql.Tx both offer for reading.
type queryer interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// checkAddress asks a team database (PostgreSQL) whether email may not be
// written to: its address or its domain on the organisation's list, or on
// a list a rep's database brought when it joined (legit_check_address, the
// same answer for the owner and every member).
func checkAddress(ctx context.Context, q queryer, email string) (bool, error) {
	var address, domain bool
	err := q.QueryRowContext(ctx, `SELECT suppressed, domain FROM legit_check_address(?)`, contacts.MatchKey(email)).Scan(&address, &domain)
	if err != nil {
		return false, fmt.Errorf("check suppression list: %w", err)
	}
	return address || domain, nil
}

// joinedList reads, once, the suppression lists that reps' databases
// brought when they joined the team (legit db copy), and returns a check
// for one address. Those hashes were made with each rep's key, so an
// address is hashed under every joined key (a handful per team). One rep's
// SQLite database has none; a team member cannot read the keys, and the
// server checks for them (legit_check_address, the send guard).
func (s *Store) joinedList(ctx context.Context, q queryer) (func(email string) bool, error) {
	none := func(string) bool { return false }
	if !s.Postgres() || s.serverHash {
		return none, nil
	}
	var keys [][]byte
	rows, err := q.QueryContext(ctx, `SELECT key FROM joined_keys`)
	if err != nil {
		return nil, fmt.Errorf("read joined keys: %w", err)
	}
	for rows.Next() {
		var key []byte
		if err := rows.Scan(&key); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read joined keys: %w", err)
		}
		keys = append(keys, key)
	}
	if err := closeRows(rows, "read joined keys"); err != nil || len(keys) == 0 {
		return none, err
	}
	hashes := map[string]bool{}
	rows, err = q.QueryContext(ctx, `SELECT hash FROM joined_suppressions`)
	if err != nil {
		return nil, fmt.Errorf("read joined suppression lists: %w", err)
	}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read joined suppression lists: %w", err)
		}
		hashes[h] = true
	}
	if err := closeRows(rows, "read joined suppression lists"); err != nil {
		return nil, err
	}
	return func(email string) bool {
		for _, k := range keys {
			m := hmac.New(sha256.New, k)
			m.Write([]byte(contacts.MatchKey(email)))
			if hashes[hex.EncodeToString(m.Sum(nil))] {
				return true
			}
		}
		return false
	}, nil
}

// IsSuppressed reports whether email, or its whole domain, is on the
// suppression list. On PostgreSQL the server answers about the address
// (legit_check_address), for the owner and a team member alike.
func (t *Tx) IsSuppressed(email string) (bool, error) {
	if t.s.Postgres() {
		return checkAddress(t.ctx, t.tx, email)
	}
	address, domain, err := t.suppressedLocally(email)
	return address || domain, err
}

// SuppressedAmong returns which of emails are on the suppression list, by
// address or by domain (for an import's preview), looking up only those. A
// team member, who cannot read the list, asks the server about them
// (legit_import_check).
func (s *Store) SuppressedAmong(ctx context.Context, emails []string) (map[string]bool, error) {
	var hash func(string) string
	if !s.serverHash {
		hash = s.addressHasher()
	}
	byKey := map[string][]string{}
	var keys, ids []string // ids: the hashes, or on the server the keys themselves
	for _, e := range emails {
		if e == "" {
			continue
		}
		k := contacts.MatchKey(e)
		if byKey[k] == nil {
			keys, ids = append(keys, k), append(ids, k)
			if hash != nil {
				ids[len(ids)-1] = hash(k)
			}
		}
		byKey[k] = append(byKey[k], e)
	}
	out := map[string]bool{}
	if len(keys) == 0 {
		return out, nil
	}
	ask := askSuppression(keys, ids, hash)
	found := map[string]bool{}
	if hash != nil {
		list, err := jsonList(ask.hashes)
		if err != nil {
			return nil, err
		}
		if err := scanStrings(s.q.ImportSuppressedAmong, list, func(h string) { ask.suppressed(ask.byHash[h], found) }); err != nil {
			return nil, fmt.Errorf("check the suppression list: %w", err)
		}
	} else if err := checkOnServer(ctx, s.db, ask, found); err != nil {
		return nil, err
	}
	for i, k := range keys {
		if found[ids[i]] {
			for _, e := range byKey[k] {
				out[e] = true
			}
		}
	}
	return out, nil
}

// checkOnServer asks the server which of ask's keys are suppressed (a team
// member's way), on q, and marks them in found.
func checkOnServer(ctx context.Context, q queryer, ask suppressionAsk, found map[string]bool) error {
	list, err := jsonList(ask.keys)
	if err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, importCheckQuery, list)
	if err != nil {
		return fmt.Errorf("check the suppression list: %w", err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			_ = rows.Close()
			return fmt.Errorf("check the suppression list: %w", err)
		}
		ask.suppressed(k, found)
	}
	return closeRows(rows, "check the suppression list")
}
