package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
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

// IsSuppressed reports whether email, or its whole domain, is on the
// suppression list. On PostgreSQL the server answers about the address
// (legit_check_address), for the owner and a team member alike.
func (t *Tx) IsSuppressed(email string) (bool, error) {
	if t.s.Postgres() {
		var address, domain bool
		err := t.tx.QueryRowContext(t.ctx, `SELECT suppressed, domain FROM legit_check_address(?)`,
			contacts.MatchKey(email)).Scan(&address, &domain)
		if err != nil {
			return false, fmt.Errorf("check suppression list: %w", err)
		}
		return address || domain, nil
	}
	address, domain, err := t.suppressedLocally(email)
	return address || domain, err
}

// SuppressedAmong returns which of emails are on the suppression list (for
// an import's preview), reading the list once.
func (s *Store) SuppressedAmong(ctx context.Context, emails []string) (map[string]bool, error) {
	list, err := suppressionHashes(ctx, s.q.ImportSuppressionHashes)
	if err != nil {
		return nil, err
	}
	hash := s.addressHasher()
	out := map[string]bool{}
	for _, e := range emails {
		if e != "" && list[hash(e)] {
			out[e] = true
		}
	}
	return out, nil
}
