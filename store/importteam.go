package store

import (
	"fmt"
	"sort"
	"strconv"
)

// An import by a member of a team (PostgreSQL, a role that is not the
// owner) sees only the contacts the policies let it see, and cannot read the
// suppression list or its key. The server answers what the import needs
// about the rest (migration 0012): which of a chunk's addresses are
// suppressed, and which of its addresses, profiles and names a colleague
// holds, and whose they are. A row about a colleague's contact is neither
// merged into it nor made a second contact: it is counted as theirs.

// OwnedCount is how many rows of an import were about contacts one
// colleague owns.
type OwnedCount struct {
	Owner string `json:"owner"`
	Rows  int    `json:"rows"`
}

// someColleague names the owner of a contact that has none recorded.
const someColleague = "a colleague"

// importCheckQuery asks which of the match keys ?1 (a JSON array) may not
// be imported: on the organisation's suppression list or a joined one.
const importCheckQuery = `SELECT legit_import_check FROM legit_import_check(ARRAY(SELECT json_array_elements_text(?::json)))`

// importOwnersQuery asks which contacts hold the match keys ?1, the profile
// keys ?2 and the name keys ?3 (JSON arrays), and whose they are.
const importOwnersQuery = `SELECT kind, key, contact_id, owner_name, has_address, has_profile, inactive
FROM legit_import_owners(ARRAY(SELECT json_array_elements_text(?::json)),
	ARRAY(SELECT json_array_elements_text(?::json)::bigint), ARRAY(SELECT json_array_elements_text(?::json)::bigint))`

// suppressedAmong marks in into the hashes of the rows' addresses (keys, with
// their hashes) that are on the suppression list.
func (im *importer) suppressedAmong(keys, hashes []string, into map[string]bool) error {
	t := im.t
	if !t.s.serverHash {
		ask := askSuppression(keys, hashes, t.s.addressHasher())
		list, err := jsonList(ask.hashes)
		if err != nil {
			return err
		}
		if err := scanStrings(t.stmt(t.s.q.ImportSuppressedAmong), list, func(h string) { ask.suppressed(ask.byHash[h], into) }); err != nil {
			return fmt.Errorf("check the suppression list: %w", err)
		}
		return nil
	}
	return checkOnServer(t.ctx, t.tx, askSuppression(keys, hashes, nil), into) // the server hashes
}

// colleagues adds to lk the contacts with the chunk's match keys, profile
// keys and name keys that the role that connected cannot see (a
// colleague's), as contacts owned by someone else; seen are the ids of those
// it found itself. In the first round a name a colleague's contact held
// before the import has counts as held; in the second such contacts are
// among those with the name.
func (im *importer) colleagues(lk *chunkLookup, keys []string, profiles, names []int64, seen map[int64]bool, second bool) error {
	if !im.t.s.serverHash || len(keys)+len(profiles)+len(names) == 0 {
		return nil
	}
	keyList, err := jsonList(keys)
	if err != nil {
		return err
	}
	profileList, err := jsonList(profiles)
	if err != nil {
		return err
	}
	nameList, err := jsonList(names)
	if err != nil {
		return err
	}
	t := im.t
	rows, err := t.tx.QueryContext(t.ctx, importOwnersQuery, keyList, profileList, nameList)
	if err != nil {
		return fmt.Errorf("look up colleagues' contacts: %w", err)
	}
	theirs := map[int64]*heldContact{}
	for rows.Next() {
		var kind, key, owner string
		var id int64
		var addressed, profiled, inactive bool
		if err := rows.Scan(&kind, &key, &id, &owner, &addressed, &profiled, &inactive); err != nil {
			_ = rows.Close()
			return fmt.Errorf("look up colleagues' contacts: %w", err)
		}
		if kind == "name" && !second {
			if id < im.firstNew {
				nk, err := strconv.ParseInt(key, 10, 64)
				if err != nil {
					_ = rows.Close()
					return fmt.Errorf("look up colleagues' contacts: name key %q: %w", key, err)
				}
				lk.namesHeld[nk] = true
			}
			continue
		}
		if seen[id] {
			continue // the role's own, or shared with it
		}
		h := theirs[id]
		if h == nil {
			if owner == "" {
				owner = someColleague
			}
			h = &heldContact{id: id, owner: owner, addressed: addressed, profiled: profiled, inactive: inactive}
			theirs[id] = h
		}
		switch kind {
		case "address":
			if lk.byKey[key] == nil {
				lk.byKey[key] = h
			}
		case "profile", "name":
			k, err := strconv.ParseInt(key, 10, 64)
			if err != nil {
				_ = rows.Close()
				return fmt.Errorf("look up colleagues' contacts: %s key %q: %w", kind, key, err)
			}
			if kind == "profile" {
				h.profile = k
				if lk.byProfile[k] == nil {
					lk.byProfile[k] = h
				}
			} else {
				h.name = k
				lk.byName[k] = append(lk.byName[k], h)
			}
		}
	}
	return closeRows(rows, "look up colleagues' contacts")
}

// owned skips a row about a contact a colleague owns: it is counted under
// the owner's name, never merged into their contact nor made a second one.
// An opt-out in the row, or a contact who opted out, objected or bounced,
// still puts the row's address on the organisation's suppression list.
func (im *importer) owned(h *heldContact, r *importRow, lk *chunkLookup) error {
	if h.inactive || r.OptedOut {
		im.res.Suppressed++
		if r.Email == "" || lk.suppressed[r.hash] {
			return nil
		}
		if err := im.t.Suppress(r.Email, "", im.b.Rep.Name, ReasonOptOut); err != nil {
			return err
		}
		lk.suppressed[r.hash] = true
		return nil
	}
	im.res.Owned++
	if im.ownedBy == nil {
		im.ownedBy = map[string]int{}
	}
	im.ownedBy[h.owner]++
	return nil
}

// ownedCounts is the rows counted per owner, most first, then by name.
func ownedCounts(by map[string]int) []OwnedCount {
	if len(by) == 0 {
		return nil
	}
	out := make([]OwnedCount, 0, len(by))
	for o, n := range by {
		out = append(out, OwnedCount{Owner: o, Rows: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rows != out[j].Rows {
			return out[i].Rows > out[j].Rows
		}
		return out[i].Owner < out[j].Owner
	})
	return out
}
