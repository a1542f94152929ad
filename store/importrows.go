package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"

	"legit/contacts"
)

// importRow is one row of a file with the keys it is looked up by.
type importRow struct {
	contacts.ImportRow
	key     string // the address's match key; "" without an address
	hash    string // the address's keyed hash (the suppression list's)
	profile int64  // keyed hash of the profile address; 0 without one
	name    int64  // keyed hash of the name and company; 0 without a company
	ident   int64  // the person the row is: its profile, else its address; 0 for neither
}

// fileChunk is one chunk of a file's rows, merged inside the chunk, with
// how far the file had been read at its end.
type fileChunk struct {
	rows        []importRow
	merged      int // rows folded into another row of the chunk
	done, total int64
}

// importKeyer computes an import's keys with the database's secret key:
// the hex address hash of the suppression list, and 64-bit keyed hashes of
// names and profiles (the name_key and profile_key columns). A team member,
// who cannot read the key, has the server compute them, a chunk of rows at
// a time (legit_import_keys): the same bytes. One keyer is not safe for
// concurrent use.
type importKeyer struct {
	address func(string) string
	mac     hash.Hash
	sum     [sha256.Size]byte
	// server, for a team member, asks the database for the keys.
	server *sql.DB
}

func (s *Store) importKeyer() *importKeyer {
	if s.serverHash {
		return &importKeyer{server: s.db}
	}
	return &importKeyer{address: s.addressHasher(), mac: hmac.New(sha256.New, s.key)}
}

// key64 is the keyed 64-bit hash of text of a kind ("name", "profile",
// "address"); never 0, which means no key.
func (k *importKeyer) key64(kind, text string) int64 {
	k.mac.Reset()
	k.mac.Write([]byte(kind))
	k.mac.Write([]byte{0})
	k.mac.Write([]byte(text))
	v := int64(binary.BigEndian.Uint64(k.mac.Sum(k.sum[:0])))
	if v == 0 {
		v = 1
	}
	return v
}

// keyName gives contact id the key of its name and company that an import
// finds it by, when the contact is written by hand (added or corrected):
// on a team, a colleague's import cannot key a contact it may not change,
// and would not find the person by name and company.
func (t *Tx) keyName(id int64, name, company string) error {
	if contacts.NameKey(name, company) == "" {
		return nil
	}
	rs := []importRow{{ImportRow: contacts.ImportRow{Name: name, Company: company}}}
	if err := t.s.importKeyer().rows(t.ctx, rs); err != nil {
		return fmt.Errorf("key the name of contact %d: %w", id, err)
	}
	if _, err := t.stmt(t.s.q.ImportSetNameKey).Exec(rs[0].name, id); err != nil {
		return fmt.Errorf("key the name of contact %d: %w", id, err)
	}
	return nil
}

// rows computes the keys of every row of rs.
func (k *importKeyer) rows(ctx context.Context, rs []importRow) error {
	if k.server != nil {
		return k.serverRows(ctx, rs)
	}
	for i := range rs {
		r := &rs[i]
		*r = importRow{ImportRow: r.ImportRow}
		if nk := contacts.NameKey(r.Name, r.Company); nk != "" {
			r.name = k.key64("name", nk)
		}
		if r.Email != "" {
			r.key = contacts.MatchKey(r.Email)
			r.hash = k.address(r.Email)
		}
		if r.Profile != "" {
			r.profile = k.key64("profile", r.Profile)
		}
		r.setIdent()
	}
	return nil
}

// setIdent sets the person the row is from its keys.
func (r *importRow) setIdent() {
	switch {
	case r.profile != 0:
		r.ident = r.profile
	case r.hash != "":
		r.ident = addressIdent(r.hash)
	default:
		r.ident = 0
	}
}

// importKeysQuery asks the server for a chunk's keys (migration 0012).
// The names and profiles go hex-encoded: a name key holds a zero byte,
// which no PostgreSQL text may.
const importKeysQuery = `SELECT kind, ord, COALESCE(hash, ''), COALESCE(key, 0) FROM legit_import_keys(
	ARRAY(SELECT json_array_elements_text(?::json)), ARRAY(SELECT decode(json_array_elements_text(?::json), 'hex')),
	ARRAY(SELECT decode(json_array_elements_text(?::json), 'hex')))`

// serverRows computes the keys of rs on the server, in one round trip.
func (k *importKeyer) serverRows(ctx context.Context, rs []importRow) error {
	var addrs, names, profiles []string
	var addrAt, nameAt, profileAt []int
	for i := range rs {
		r := &rs[i]
		*r = importRow{ImportRow: r.ImportRow}
		if nk := contacts.NameKey(r.Name, r.Company); nk != "" {
			names, nameAt = append(names, hex.EncodeToString([]byte(nk))), append(nameAt, i)
		}
		if r.Email != "" {
			r.key = contacts.MatchKey(r.Email)
			addrs, addrAt = append(addrs, r.key), append(addrAt, i)
		}
		if r.Profile != "" {
			profiles, profileAt = append(profiles, hex.EncodeToString([]byte(r.Profile))), append(profileAt, i)
		}
	}
	if len(addrs)+len(names)+len(profiles) == 0 {
		return nil
	}
	var args []any
	for _, l := range [][]string{addrs, names, profiles} {
		j, err := jsonList(l)
		if err != nil {
			return err
		}
		args = append(args, j)
	}
	rows, err := k.server.QueryContext(ctx, importKeysQuery, args...)
	if err != nil {
		return fmt.Errorf("key the rows on the server: %w", err)
	}
	got := 0
	for rows.Next() {
		var kind, h string
		var ord, key int64
		if err := rows.Scan(&kind, &ord, &h, &key); err != nil {
			_ = rows.Close()
			return fmt.Errorf("key the rows on the server: %w", err)
		}
		at := map[string][]int{"address": addrAt, "name": nameAt, "profile": profileAt}[kind]
		if ord < 1 || int(ord) > len(at) {
			_ = rows.Close()
			return fmt.Errorf("key the rows on the server: %s key %d of %d", kind, ord, len(at))
		}
		r := &rs[at[ord-1]]
		switch kind {
		case "address":
			r.hash = h
		case "name":
			r.name = key
		case "profile":
			r.profile = key
		}
		got++
	}
	if err := closeRows(rows, "key the rows on the server"); err != nil {
		return err
	}
	if got != len(addrs)+len(names)+len(profiles) {
		// No suppression key on the server: nothing could be matched.
		return fmt.Errorf("key the rows on the server: %d keys of %d (the database has no suppression key yet: open it once as its owner)",
			got, len(addrs)+len(names)+len(profiles))
	}
	for i := range rs {
		rs[i].setIdent()
	}
	return nil
}

// readChunks reads src into chunks of importLookup rows with their keys,
// rows with the same Key in one chunk folded together, and sends them on
// out, which it closes at the end, reusing the slices free gives back. It
// stops when ctx ends.
func (s *Store) readChunks(ctx context.Context, src RowSource, out chan<- fileChunk, free <-chan []importRow) error {
	defer close(out)
	k := s.importKeyer()
	index := make(map[string]int, importLookup)
	rows := func() []importRow {
		select {
		case r := <-free:
			return r[:0]
		default:
			return make([]importRow, 0, importLookup)
		}
	}
	c := fileChunk{rows: rows()}
	send := func() error {
		if err := k.rows(ctx, c.rows); err != nil {
			return err
		}
		c.done, c.total = src.Progress()
		select {
		case out <- c:
		case <-ctx.Done():
			return ctx.Err()
		}
		c = fileChunk{rows: rows()}
		clear(index)
		return nil
	}
	for {
		r, err := src.Next()
		if errors.Is(err, io.EOF) {
			if len(c.rows) > 0 {
				return send()
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("read the file: %w", err)
		}
		if key := r.Key(); key != "" {
			if i, dup := index[key]; dup {
				contacts.MergeRow(&c.rows[i].ImportRow, r)
				c.merged++
				continue
			}
			index[key] = len(c.rows)
		}
		c.rows = append(c.rows, importRow{ImportRow: r})
		if len(c.rows) == importLookup {
			if err := send(); err != nil {
				return err
			}
		}
	}
}

// addressIdent is the person an address is, as import_persons keeps it: the
// first 64 bits of its keyed hash (never 0).
func addressIdent(hash string) int64 {
	var b [8]byte
	if _, err := hex.Decode(b[:], []byte(hash[:16])); err != nil {
		return 1
	}
	if v := int64(binary.BigEndian.Uint64(b[:])); v != 0 {
		return v
	}
	return 1
}
