package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
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

// IsSuppressed reports whether email is on the suppression list.
func (t *Tx) IsSuppressed(email string) (bool, error) {
	var reason, at string
	err := t.stmt(t.s.q.SuppressionByHash).QueryRow(t.s.AddressHash(email)).Scan(&reason, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check suppression list: %w", err)
	}
	return true, nil
}

// SuppressedAmong returns which of emails are on the suppression list (for
// an import's preview), looking up only those.
func (s *Store) SuppressedAmong(ctx context.Context, emails []string) (map[string]bool, error) {
	hash := s.addressHasher()
	byHash := map[string]string{}
	for _, e := range emails {
		if e != "" {
			byHash[hash(e)] = e
		}
	}
	out := map[string]bool{}
	if len(byHash) == 0 {
		return out, nil
	}
	hashes := make([]string, 0, len(byHash))
	for h := range byHash {
		hashes = append(hashes, h)
	}
	list, err := jsonList(hashes)
	if err != nil {
		return nil, err
	}
	err = scanStrings(s.q.ImportSuppressedAmong, list, func(h string) { out[byHash[h]] = true })
	if err != nil {
		return nil, fmt.Errorf("check the suppression list: %w", err)
	}
	return out, nil
}
