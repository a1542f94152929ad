package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"legit/contacts"
)

// importer is one import's transaction: its writers, what it has written
// and the rows it decides once the whole file is read.
//
// Rows are decided in two rounds. While the file is read, a row found by
// address or profile joins that contact, and a row with an address or
// profile whose name and company no stored contact has becomes a new one.
// The rest wait in the temporary table import_pending: rows with neither
// address nor profile, and rows whose name and company a stored contact has.
// After the last row, every person of the file (by address or profile) is
// known by name and company (persons), and the waiting rows are
// decided in file order: a row joins a contact by name and company only
// when exactly one contact has them and the file holds no other person with
// them. So the order of the rows in the file does not change the outcome.
type importer struct {
	t        *Tx
	b        ImportBatch
	res      *ImportResult
	now      string
	detail   string // the source detail every row's starts with
	firstNew int64  // the first id of a contact this import makes
	ids      contactIDs
	refs     refPool
	// expect is how many more rows the import expects (for refs).
	expect  int
	keys    *importKeyer
	w       *importWriter
	pending rowWriter
	// persons are the people of the file (by profile, else address) under
	// each name key: the one person's ident, or manyPersons. 20-odd bytes
	// a name, in memory: a file of 1.8 million different names takes about
	// 50 MB.
	persons map[int64]int64
	// readPending reads the temporary table.
	readPending *sql.Stmt
	// deferred are the list's indexes set aside until the rows are in.
	deferred []deferredObject
	// mem answers the lookups while the import began with no contacts
	// and holds few enough to keep in memory; nil otherwise.
	mem *importMemory
	// listed says the suppression list may hold an address of the file:
	// false while a SQLite database's list, empty at the start, has had
	// nothing added by the import.
	listed bool
	// queued are the sources of this chunk not yet written.
	queued []*batchSource
	// waitingRows counts the rows kept for the second round.
	waitingRows int
	// joined reports an address on a suppression list a rep's database
	// brought when it joined the team (legit db copy).
	joined func(email string) bool
	// ownedBy counts the rows about colleagues' contacts by owner.
	ownedBy map[string]int
}

// heldContact is a stored contact as an import matches rows to it.
type heldContact struct {
	id       int64
	ref      string
	email    string
	profile  int64
	name     int64
	inactive bool // opted out, objected or undeliverable: never written to again
	// owner is the colleague who owns a contact the role that connected
	// cannot see ("" for one it can): the server says that it has an
	// address and a profile (addressed, profiled), never which.
	owner               string
	addressed, profiled bool
}

// hasAddress reports whether the contact has an address.
func (h *heldContact) hasAddress() bool { return h.email != "" || h.addressed }

// hasProfile reports whether the contact has a LinkedIn profile.
func (h *heldContact) hasProfile() bool { return h.profile != 0 || h.profiled }

// batchSource is the source this import gave a contact: queued at pos of
// the writer's values, or written (pos -1; id 0 until read back).
type batchSource struct {
	id     int64
	detail string
	pos    int
}

// chunkLookup is what one chunk's rows found in the database, kept up to
// date as the chunk writes.
type chunkLookup struct {
	suppressed map[string]bool
	byKey      map[string]*heldContact
	byProfile  map[int64]*heldContact
	byName     map[int64][]*heldContact // second round: every contact with the name key
	namesHeld  map[int64]bool           // first round: the name keys stored contacts have
	sources    map[int64]*batchSource   // by contact id
}

// newImporter records the batch, gives every stored contact its name key,
// makes the temporary tables and prepares the writers.
func (t *Tx) newImporter(b ImportBatch, res *ImportResult) (*importer, error) {
	s := t.s
	im := &importer{t: t, b: b, res: res, now: timeText(s.now()), detail: b.Source.Detail, keys: s.importKeyer()}
	err := t.stmt(s.q.InsertImportBatch).QueryRow(b.FileName, b.SHA256, string(b.Format), b.Rep.ID, im.now,
		string(b.Source.Kind)).Scan(&res.BatchID)
	if err != nil {
		return nil, fmt.Errorf("record import batch: %w", err)
	}
	if err := t.keyNames(im.keys); err != nil {
		return nil, err
	}
	if im.joined, err = s.joinedList(t.ctx, t.tx); err != nil {
		return nil, err
	}
	im.ids = contactIDs{t: t}
	if im.firstNew, err = im.ids.start(); err != nil {
		return nil, err
	}
	text, err := engineQueryText(s.engine)
	if err != nil {
		return nil, err
	}
	for _, q := range []string{"import-make-pending", "import-clear-pending"} {
		if _, err := t.tx.ExecContext(t.ctx, text[q]); err != nil {
			return nil, fmt.Errorf("prepare the import (%s): %w", q, err)
		}
	}
	if im.deferred, err = t.deferObjects(text, listObjects); err != nil {
		return nil, err
	}
	if err := im.startMemory(text); err != nil {
		return nil, err
	}
	if im.listed, err = t.suppressionsHeld(text); err != nil {
		return nil, err
	}
	if im.w, err = t.newImportWriter(text, im.now, string(b.Source.Kind), timeText(b.Source.ObtainedAt), b.Source.ObtainedBy, res.BatchID); err != nil {
		return nil, err
	}
	im.pending.cols, im.persons = pendingCols, map[int64]int64{}
	if err := im.pending.prepare(t, text["import-pending"]); err != nil {
		im.close()
		return nil, fmt.Errorf("prepare import-pending: %w", err)
	}
	if im.readPending, err = t.tx.PrepareContext(t.ctx, text["import-read-pending"]); err != nil {
		im.close()
		return nil, fmt.Errorf("prepare import-read-pending: %w", err)
	}
	return im, nil
}

// close releases the statements.
func (im *importer) close() {
	im.forgetMemory()
	if im.w != nil {
		im.w.close()
	}
	im.pending.close()
	if im.readPending != nil {
		_ = im.readPending.Close()
	}
}

// keyNames computes the name key of every contact that has none yet (those
// written before the keys existed, by a path that does not compute them, or
// renamed since), of those the role that connected may see and change.
func (t *Tx) keyNames(k *importKeyer) error {
	type unkeyed struct {
		id            int64
		name, company string
	}
	for {
		rows, err := t.stmt(t.s.q.ImportUnkeyedNames).Query()
		if err != nil {
			return fmt.Errorf("read names to key: %w", err)
		}
		var batch []importRow
		var ids []int64
		for rows.Next() {
			var u unkeyed
			if err := rows.Scan(&u.id, &u.name, &u.company); err != nil {
				_ = rows.Close()
				return fmt.Errorf("read names to key: %w", err)
			}
			batch = append(batch, importRow{ImportRow: contacts.ImportRow{Name: u.name, Company: u.company}})
			ids = append(ids, u.id)
		}
		if err := closeRows(rows, "read names to key"); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		if err := k.rows(t.ctx, batch); err != nil {
			return fmt.Errorf("key names: %w", err)
		}
		st := t.stmt(t.s.q.ImportSetNameKey)
		var changed int64
		for i, r := range batch {
			res, err := st.Exec(r.name, ids[i])
			if err != nil {
				return fmt.Errorf("key the name of contact %d: %w", ids[i], err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return fmt.Errorf("key the name of contact %d: %w", ids[i], err)
			}
			changed += n
		}
		if changed == 0 {
			return nil // contacts the role sees but may not change: a colleague's keys them
		}
	}
}

// jsonList is vals as the JSON array the lookup queries take.
func jsonList[T any](vals []T) (string, error) {
	if len(vals) == 0 {
		return "[]", nil // never null, which PostgreSQL cannot take apart
	}
	if ints, ok := any(vals).([]int64); ok {
		b := make([]byte, 0, 21*len(ints)+2)
		b = append(b, '[')
		for i, v := range ints {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, v, 10)
		}
		return string(append(b, ']')), nil
	}
	b, err := json.Marshal(vals)
	if err != nil {
		return "", fmt.Errorf("list keys: %w", err)
	}
	return string(b), nil
}

// queryHeld runs a contact lookup with the JSON list of keys and calls add
// for each contact.
func (im *importer) queryHeld(st *sql.Stmt, list string, add func(*heldContact)) error {
	rows, err := im.t.stmt(st).Query(list)
	if err != nil {
		return fmt.Errorf("look up contacts: %w", err)
	}
	for rows.Next() {
		var h heldContact
		var status string
		if err := rows.Scan(&h.id, &h.ref, &h.email, &h.profile, &status, &h.name); err != nil {
			_ = rows.Close()
			return fmt.Errorf("look up contacts: %w", err)
		}
		h.inactive = contacts.Status(status) != contacts.Active
		add(&h)
	}
	return closeRows(rows, "look up contacts")
}

// lookup reads what the chunk's rows may match: the suppressed addresses,
// the contacts with their addresses and profiles, in the first round the
// name keys stored contacts have, in the second every contact and person of
// the file with the rows' name keys, and the sources this import already
// gave the contacts found.
func (im *importer) lookup(rows []importRow, second bool) (*chunkLookup, error) {
	t, q := im.t, im.t.s.q
	lk := &chunkLookup{suppressed: map[string]bool{}, byKey: map[string]*heldContact{}, byProfile: map[int64]*heldContact{},
		byName: map[int64][]*heldContact{}, namesHeld: map[int64]bool{}, sources: map[int64]*batchSource{}}
	var hashes, keys []string
	var profiles, names []int64
	for _, r := range rows {
		if r.key != "" {
			hashes, keys = append(hashes, r.hash), append(keys, r.key)
		}
		if r.profile != 0 {
			profiles = append(profiles, r.profile)
		}
		if r.name != 0 {
			names = append(names, r.name)
		}
	}
	if im.mem != nil {
		return im.memoryLookup(keys, hashes)
	}
	found := map[int64]bool{}
	note := func(h *heldContact) *heldContact {
		found[h.id] = true
		return h
	}
	if len(hashes) > 0 {
		if im.listed {
			if err := im.suppressedAmong(keys, hashes, lk.suppressed); err != nil {
				return nil, err
			}
		}
		list, err := jsonList(keys)
		if err != nil {
			return nil, err
		}
		if err := im.queryHeld(q.ImportByAddress, list, func(h *heldContact) { lk.byKey[contacts.MatchKey(h.email)] = note(h) }); err != nil {
			return nil, err
		}
	}
	if len(profiles) > 0 {
		list, err := jsonList(profiles)
		if err != nil {
			return nil, err
		}
		if err := im.queryHeld(q.ImportByProfile, list, func(h *heldContact) { lk.byProfile[h.profile] = note(h) }); err != nil {
			return nil, err
		}
	}
	if len(names) > 0 {
		list, err := jsonList(names)
		if err != nil {
			return nil, err
		}
		if second {
			if err := im.queryHeld(q.ImportByName, list, func(h *heldContact) { lk.byName[h.name] = append(lk.byName[h.name], note(h)) }); err != nil {
				return nil, err
			}
		} else if im.firstNew > 1 { // else no contact was held before
			rows, err := t.stmt(q.ImportNamesHeld).Query(list, im.firstNew)
			if err != nil {
				return nil, fmt.Errorf("look up names: %w", err)
			}
			for rows.Next() {
				var nk int64
				if err := rows.Scan(&nk); err != nil {
					_ = rows.Close()
					return nil, fmt.Errorf("look up names: %w", err)
				}
				lk.namesHeld[nk] = true
			}
			if err := closeRows(rows, "look up names"); err != nil {
				return nil, err
			}
		}
	}
	if err := im.colleagues(lk, keys, profiles, names, found, second); err != nil {
		return nil, err
	}
	return lk, im.readSources(found, lk.sources)
}

// readSources reads the sources this import gave the contacts with the ids.
func (im *importer) readSources(ids map[int64]bool, into map[int64]*batchSource) error {
	if len(ids) == 0 {
		return nil
	}
	list := make([]int64, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	text, err := jsonList(list)
	if err != nil {
		return err
	}
	rows, err := im.t.stmt(im.t.s.q.ImportBatchSources).Query(text, im.res.BatchID)
	if err != nil {
		return fmt.Errorf("read this import's sources: %w", err)
	}
	for rows.Next() {
		var cid int64
		bs := &batchSource{pos: -1}
		if err := rows.Scan(&cid, &bs.id, &bs.detail); err != nil {
			_ = rows.Close()
			return fmt.Errorf("read this import's sources: %w", err)
		}
		into[cid] = bs
	}
	return closeRows(rows, "read this import's sources")
}

// scanStrings runs st with arg and calls add with each value of the one
// column it reads.
func scanStrings(st *sql.Stmt, arg any, add func(string)) error {
	rows, err := st.Query(arg)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			_ = rows.Close()
			return err
		}
		add(v)
	}
	return closeRows(rows, "read")
}

// chunk decides and writes one chunk of rows, of the first round (read
// from the file) or the second (the rows that waited).
func (im *importer) chunk(rows []importRow, second bool) error {
	if im.mem != nil && im.ids.last >= maxMemoryContacts {
		if err := im.endMemory(); err != nil {
			return err
		}
	}
	lk, err := im.lookup(rows, second)
	if err != nil {
		return err
	}
	for i := range rows {
		if err := im.row(&rows[i], lk, second); err != nil {
			return fmt.Errorf("line %d: %w", rows[i].Line, err)
		}
	}
	if err := im.flush(); err != nil {
		return err
	}
	if err := im.pending.flush(); err != nil {
		return fmt.Errorf("keep rows for later: %w", err)
	}
	return nil
}

// row decides one row.
func (im *importer) row(r *importRow, lk *chunkLookup, second bool) error {
	identity := r.key != "" || r.profile != 0
	if !second && identity && r.name != 0 {
		if p, ok := im.persons[r.name]; !ok {
			im.persons[r.name] = r.ident
		} else if p != r.ident {
			im.persons[r.name] = manyPersons
		}
	}
	if r.key != "" && (lk.suppressed[r.hash] || im.joined(r.Email)) {
		im.res.Suppressed++
		return nil
	}
	h := lk.byKey[r.key]
	if h == nil && r.profile != 0 {
		h = lk.byProfile[r.profile]
	}
	if h != nil {
		return im.join(h, r, lk)
	}
	if !second {
		if !identity || (r.name != 0 && lk.namesHeld[r.name]) {
			im.keepForLater(r)
			return nil
		}
	} else if h = im.byName(r, lk); h != nil {
		return im.join(h, r, lk)
	}
	if r.OptedOut {
		im.res.Suppressed++
		if r.Email == "" {
			return nil
		}
		im.listed = true
		if err := im.t.Suppress(r.Email, "", im.b.Rep.Name, ReasonOptOut); err != nil {
			return err
		}
		lk.suppressed[r.hash] = true
		return nil
	}
	return im.newContact(r, lk)
}

// byName is the contact a waiting row joins by its name and company, or nil.
// A row without address or profile joins the one contact with them when the
// file holds nobody (by address or profile) with them. A row with an address
// or profile joins the one contact held before the import with them when
// the file holds nobody else with them and the contact has no other address
// or profile.
func (im *importer) byName(r *importRow, lk *chunkLookup) *heldContact {
	if r.name == 0 {
		return nil
	}
	if p, ok := im.persons[r.name]; ok && (p == manyPersons || p != r.ident) {
		return nil // someone else in the file has the name and company
	}
	if r.key == "" && r.profile == 0 {
		if c := lk.byName[r.name]; len(c) == 1 {
			return c[0]
		}
		return nil
	}
	var held []*heldContact
	for _, c := range lk.byName[r.name] {
		if c.id < im.firstNew {
			held = append(held, c)
		}
	}
	if len(held) != 1 {
		return nil
	}
	c := held[0]
	if (r.key != "" && c.hasAddress()) || (r.profile != 0 && c.hasProfile() && c.profile != r.profile) {
		return nil
	}
	return c
}

// join adds the row to the contact h: a source (or, when this import gave h
// one already, its note to that source), the row's address or profile where
// h has none; an opt-out in the file, or a contact who opted out, objected
// or bounced, ends in suppression instead. A colleague's contact is theirs
// (owned).
func (im *importer) join(h *heldContact, r *importRow, lk *chunkLookup) error {
	if h.owner != "" {
		return im.owned(h, r, lk)
	}
	t, q := im.t, im.t.s.q
	if h.inactive || r.OptedOut {
		im.res.Suppressed++
		if err := im.flush(); err != nil {
			return err
		}
		im.listed = true
		if err := t.optOutImported(importKey{id: h.id, ref: h.ref, email: h.email, inactive: h.inactive}, r.Email, im.b.Rep.Name, lk.suppressed); err != nil {
			return err
		}
		h.inactive = true
		return nil
	}
	if r.key != "" && h.email == "" {
		if err := im.flush(); err != nil {
			return err
		}
		if _, err := t.stmt(q.ImportSetAddress).Exec(r.Email, r.key, r.hash, im.now, h.id); err != nil {
			return fmt.Errorf("add address: %w", err)
		}
		if _, err := t.stmt(q.InsertAddress).Exec(h.id, r.hash, r.Email); err != nil {
			return fmt.Errorf("add address: %w", err)
		}
		h.email = r.Email
		lk.byKey[r.key] = h
	}
	if r.profile != 0 && h.profile == 0 {
		if err := im.flush(); err != nil {
			return err
		}
		if _, err := t.stmt(q.ImportSetProfile).Exec(r.profile, h.id); err != nil {
			return fmt.Errorf("add profile: %w", err)
		}
		h.profile = r.profile
		lk.byProfile[r.profile] = h
	}
	return im.source(h.id, r, lk)
}

// newContact queues a new contact for the row, with its source.
func (im *importer) newContact(r *importRow, lk *chunkLookup) error {
	ref, err := im.refs.next(im.expect)
	if err != nil {
		return err
	}
	id, err := im.ids.next(im.expect)
	if err != nil {
		return err
	}
	im.w.addContact(id, ref, r)
	h := &heldContact{id: id, ref: ref, email: r.Email, profile: r.profile, name: r.name}
	if r.key != "" {
		lk.byKey[r.key] = h
	}
	if r.profile != 0 {
		lk.byProfile[r.profile] = h
	}
	if r.name != 0 {
		lk.byName[r.name] = append(lk.byName[r.name], h)
	}
	im.res.Imported++
	if r.Email == "" {
		im.res.NoEmail++
	}
	return im.source(h.id, r, lk)
}

// source gives contact id this import's source from the row, or adds the
// row's note to the one it gave it already (a duplicate in the file).
func (im *importer) source(id int64, r *importRow, lk *chunkLookup) error {
	bs, ok := lk.sources[id]
	if !ok {
		if id < im.firstNew {
			im.res.Merged++
		}
		detail := im.detail
		if r.Note != "" {
			detail += "; " + r.Note
		}
		bs = &batchSource{detail: detail, pos: im.w.addSource(id, detail, r.Line)}
		lk.sources[id] = bs
		im.queued = append(im.queued, bs)
		return nil
	}
	im.res.Merged++
	im.res.InFile++
	if r.Note == "" {
		return nil
	}
	if bs.pos >= 0 {
		im.w.sources.vals[bs.pos] = contacts.MergeNote(im.w.sources.vals[bs.pos].(string), r.Note)
		return nil
	}
	t, q := im.t, im.t.s.q
	if bs.id == 0 {
		if err := t.stmt(q.ImportBatchSourceOf).QueryRow(id, im.res.BatchID).Scan(&bs.id, &bs.detail); err != nil {
			return fmt.Errorf("read this import's source: %w", err)
		}
	}
	if d := contacts.MergeNote(bs.detail, r.Note); d != bs.detail {
		if _, err := t.stmt(q.ImportSetSourceDetail).Exec(d, bs.id); err != nil {
			return fmt.Errorf("add to this import's source: %w", err)
		}
		bs.detail = d
	}
	return nil
}

// flush writes the queued contacts and sources; the sources' ids are read
// back when needed.
func (im *importer) flush() error {
	for _, bs := range im.queued {
		bs.detail, bs.pos = im.w.sources.vals[bs.pos].(string), -1
	}
	im.queued = im.queued[:0]
	return im.w.flush()
}

// keepForLater queues the row for the second round.
func (im *importer) keepForLater(r *importRow) {
	var email, key, hash any
	if r.Email != "" {
		email, key, hash = r.Email, r.key, r.hash
	}
	opted := 0
	if r.OptedOut {
		opted = 1
	}
	im.waitingRows++
	im.pending.vals = append(im.pending.vals, r.Line, r.Name, email, key, hash, r.Company, r.Position, r.Country,
		r.Note, opted, r.profile, r.name, r.Profile)
}

// finish decides the rows that waited, records the new contacts' addresses
// and links replies kept from them before.
func (im *importer) finish() error {
	t := im.t
	text, err := engineQueryText(t.s.engine)
	if err != nil {
		return err
	}
	for seq := int64(0); im.waitingRows > 0; {
		rows, last, err := im.waiting(seq)
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			break
		}
		seq = last
		if err := im.chunk(rows, true); err != nil {
			return fmt.Errorf("near line %d: %w", rows[0].Line, err)
		}
	}
	// Every address stays known with its contact (an erasure or opt-out
	// suppresses them all), and replies kept from an address before it
	// was a contact's join that contact.
	if _, err := t.stmt(t.s.q.ImportAddresses).Exec(im.firstNew - 1); err != nil {
		return fmt.Errorf("record addresses: %w", err)
	}
	if err := im.endMemory(); err != nil {
		return err
	}
	if err := t.linkImported(); err != nil {
		return err
	}
	if err := t.restoreObjects(im.deferred); err != nil {
		return err
	}
	for _, q := range []string{"import-clear-pending"} {
		if _, err := t.tx.ExecContext(t.ctx, text[q]); err != nil {
			return fmt.Errorf("clear the import's tables: %w", err)
		}
	}
	return nil
}

// waiting reads the next rows that waited, after seq.
func (im *importer) waiting(seq int64) ([]importRow, int64, error) {
	rows, err := im.readPending.Query(seq)
	if err != nil {
		return nil, 0, fmt.Errorf("read the rows kept for later: %w", err)
	}
	var out []importRow
	for rows.Next() {
		var r importRow
		var opted int
		if err := rows.Scan(&seq, &r.Line, &r.Name, &r.Email, &r.key, &r.hash, &r.Company, &r.Position, &r.Country,
			&r.Note, &opted, &r.profile, &r.name, &r.Profile); err != nil {
			_ = rows.Close()
			return nil, 0, fmt.Errorf("read the rows kept for later: %w", err)
		}
		r.OptedOut = opted != 0
		switch {
		case r.profile != 0:
			r.ident = r.profile
		case r.hash != "":
			r.ident = addressIdent(r.hash)
		}
		out = append(out, r)
	}
	return out, seq, closeRows(rows, "read the rows kept for later")
}

// manyPersons marks a name key that two or more people of a file have.
const manyPersons = -1

// importKey is a stored contact as optOutImported ends outreach to it.
type importKey struct {
	id       int64
	ref      string
	email    string // the contact's address, if it has one
	inactive bool   // opted out, objected or undeliverable already
}

// optOutImported ends outreach to the stored contact k because a file marks
// them opted out, or skips a row about k who already opted out or objected:
// an active contact is set to opted out, and k's address, every one k had
// before and the row's go on the suppression list (logged under k's ref),
// so none comes back. An address already on the list is left as it is, so
// a skipped row logs no second opt-out.
func (t *Tx) optOutImported(k importKey, rowEmail, rep string, suppressed map[string]bool) error {
	if !k.inactive {
		if err := t.setStatus(k.id, contacts.OptedOut); err != nil {
			return err
		}
	}
	for _, addr := range []string{k.email, rowEmail} {
		if addr == "" {
			continue
		}
		h := t.s.AddressHash(addr)
		if suppressed[h] {
			continue
		}
		listed, err := t.IsSuppressed(addr)
		if err != nil {
			return err
		}
		if listed {
			suppressed[h] = true
			continue
		}
		if err := t.Suppress(addr, k.ref, rep, ReasonOptOut); err != nil {
			return err
		}
		suppressed[h] = true
	}
	added, err := t.suppressFormer(k.id, []string{k.email, rowEmail}, k.ref, rep, ReasonOptOut)
	for _, h := range added {
		suppressed[h] = true
	}
	return err
}
