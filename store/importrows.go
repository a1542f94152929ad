package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
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
// names and profiles (the name_key and profile_key columns). One keyer is
// not safe for concurrent use.
type importKeyer struct {
	address func(string) string
	mac     hash.Hash
	sum     [sha256.Size]byte
}

func (s *Store) importKeyer() *importKeyer {
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

// nameKey is the name_key of a name and company: 0 when they have none.
func (k *importKeyer) nameKey(name, company string) int64 {
	nk := contacts.NameKey(name, company)
	if nk == "" {
		return 0
	}
	return k.key64("name", nk)
}

// row computes the keys of r.
func (k *importKeyer) row(r contacts.ImportRow) importRow {
	out := importRow{ImportRow: r, name: k.nameKey(r.Name, r.Company)}
	if r.Email != "" {
		out.key = contacts.MatchKey(r.Email)
		out.hash = k.address(r.Email)
		out.ident = addressIdent(out.hash)
	}
	if r.Profile != "" {
		out.profile = k.key64("profile", r.Profile)
		out.ident = out.profile
	}
	return out
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
				m := c.rows[i].ImportRow
				contacts.MergeRow(&m, r)
				c.rows[i] = k.row(m)
				c.merged++
				continue
			}
			index[key] = len(c.rows)
		}
		c.rows = append(c.rows, k.row(r))
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
